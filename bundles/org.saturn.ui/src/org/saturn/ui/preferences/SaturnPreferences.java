package org.saturn.ui.preferences;

import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.IPreferencesService;
import org.eclipse.core.runtime.preferences.InstanceScope;

/**
 * Window ▸ Preferences ▸ Saturn, as the launch code reads them: where the engine is (a folder, or
 * the {@code saturn} command on PATH), which Java runs it, and the defaults of new launches
 * (workers, run store). Stored in the instance scope of {@code org.saturn.ui}; a product can
 * preset them in its plugin_customization.ini ({@code org.saturn.ui/engine.location=...}).
 */
public record SaturnPreferences(String engineLocation, boolean engineOnPath, String javaExecutable, int workers,
        String store) {

    public static final String NODE = "org.saturn.ui";
    public static final String PAGE_ID = "org.saturn.ui.preferences";

    /** An engine folder (unpacked engine archive, the product's engine/), a folder of engine jars, or a Saturn checkout. */
    public static final String ENGINE_LOCATION = "engine.location";
    /** Run the {@code saturn} command found on PATH instead of an engine folder. */
    public static final String ENGINE_ON_PATH = "engine.onPath";
    /** The java executable that runs the engine (and so its workers); empty: the workbench's own Java. */
    public static final String JAVA_EXECUTABLE = "engine.java";
    /** Workers of a new launch configuration. */
    public static final String WORKERS = "launch.workers";
    /** The run store of launches that name none; empty: runs/ next to the spec (as saturn run). */
    public static final String STORE = "launch.store";

    /** One worker per core is fastest (one OpenMP thread each); a few at most on a workstation. */
    public static int builtInWorkers() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** The preferences now; the built-in defaults where no preference service runs (outside OSGi). */
    public static SaturnPreferences current() {
        IPreferencesService service = Platform.isRunning() ? Platform.getPreferencesService() : null;
        if (service == null) {
            return new SaturnPreferences("", false, "", builtInWorkers(), "");
        }
        return new SaturnPreferences(service.getString(NODE, ENGINE_LOCATION, "", null).strip(),
                service.getBoolean(NODE, ENGINE_ON_PATH, false, null),
                service.getString(NODE, JAVA_EXECUTABLE, "", null).strip(),
                Math.max(1, service.getInt(NODE, WORKERS, builtInWorkers(), null)),
                service.getString(NODE, STORE, "", null).strip());
    }

    /** The built-in defaults (what Restore Defaults shows). */
    static void initializeDefaults() {
        IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(NODE);
        defaults.put(ENGINE_LOCATION, "");
        defaults.putBoolean(ENGINE_ON_PATH, false);
        defaults.put(JAVA_EXECUTABLE, "");
        defaults.putInt(WORKERS, builtInWorkers());
        defaults.put(STORE, "");
    }

    /** The node the page writes and tests set. */
    public static IEclipsePreferences instanceNode() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }
}
