package org.saturn.ui.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.Platform;
import org.saturn.ui.preferences.SaturnPreferences;

/**
 * Finds Saturn's engine, which always runs in its own JVM (the workbench never loads ND4J), in
 * this order:
 * <ol>
 * <li>{@code -Dsaturn.engine=DIR}: an engine folder given on the workbench's command line;</li>
 * <li>Window ▸ Preferences ▸ Saturn: the {@code saturn} command on PATH, or an engine folder;</li>
 * <li>{@code -Dsaturn.home=CHECKOUT} (set by {@code ./saturn workbench} and the UI tests): the
 * reactor's engine build ({@code bundles/org.saturn.engine/target}: its jar and
 * {@code classpath.txt}), or else the checkout's {@code saturn} launcher, which builds it;</li>
 * <li>an {@code engine/} folder in the installation (the Saturn product ships one);</li>
 * <li>the {@code saturn} command on PATH.</li>
 * </ol>
 * An engine folder is an unpacked engine archive or the product's {@code engine/} (jars in
 * {@code lib/}), a folder of engine jars, or a Saturn checkout. The Java preference chooses the
 * JVM of the engine and so of its workers (which the engine starts with its own Java).
 */
public final class EngineLocator {

    public static final String ENGINE_PROPERTY = "saturn.engine";
    public static final String HOME_PROPERTY = "saturn.home";
    public static final String MAIN_CLASS = "org.saturn.engine.cli.SaturnCli";
    public static final String LAUNCHER = "saturn";

    /** The command that starts the engine's command line, and what its environment needs on top. */
    public record EngineCommand(List<String> command, Map<String, String> environment) {
        public EngineCommand {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }
    }

    private EngineLocator() {
    }

    /** The command prefix that starts the engine's command line; a clear error when there is none. */
    public static List<String> engineCommand() throws CoreException {
        return locate(SaturnPreferences.current()).command();
    }

    /** The engine as these preferences find it (the preference page shows the result before it is saved). */
    public static EngineCommand locate(SaturnPreferences preferences) throws CoreException {
        String java = javaExecutable(preferences);
        String engine = System.getProperty(ENGINE_PROPERTY);
        if (engine != null && !engine.isBlank()) {
            return required(engineIn(Path.of(engine), java), "No Saturn engine in " + engine + " (-D" + ENGINE_PROPERTY
                    + "): expected an engine folder (lib/*.jar), a folder of engine jars or a Saturn checkout.");
        }
        if (preferences.engineOnPath()) {
            return required(onPath(java), "The Saturn preferences ask for the 'saturn' command on PATH, but PATH has "
                    + "none (PATH=" + System.getenv("PATH") + "). Install Saturn's engine archive and put its bin/ "
                    + "on PATH, or choose its folder in Window > Preferences > Saturn.");
        }
        if (!preferences.engineLocation().isBlank()) {
            return required(engineIn(Path.of(preferences.engineLocation()), java), "No Saturn engine in "
                    + preferences.engineLocation() + " (Window > Preferences > Saturn > Engine folder): expected an "
                    + "unpacked engine archive (lib/*.jar), a folder of engine jars or a Saturn checkout.");
        }
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && !home.isBlank()) {
            EngineCommand command = checkout(Path.of(home), java);
            if (command != null) {
                return command;
            }
        }
        EngineCommand installed = installedEngine(java);
        if (installed != null) {
            return installed;
        }
        EngineCommand path = onPath(java);
        if (path != null) {
            return path;
        }
        throw StudyLaunchSettings.error("Saturn's engine was not found, so the study cannot be trained. "
                + "Choose the engine's folder (an unpacked engine archive or a Saturn checkout) in Window > Preferences "
                + "> Saturn, put its 'saturn' command on PATH, or start the workbench with './saturn workbench' from a "
                + "Saturn checkout (or with -D" + HOME_PROPERTY + "=<checkout> or -D" + ENGINE_PROPERTY
                + "=<engine folder>)." + (home == null ? "" : " (" + HOME_PROPERTY + "=" + home
                        + " holds neither an engine build nor the saturn launcher.)"));
    }

    private static EngineCommand required(EngineCommand command, String otherwise) throws CoreException {
        if (command == null) {
            throw StudyLaunchSettings.error(otherwise);
        }
        return command;
    }

    /** The java executable of the preferences (checked), or the workbench's own. */
    static String javaExecutable(SaturnPreferences preferences) throws CoreException {
        String java = preferences.javaExecutable();
        if (java.isBlank()) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        Path file = Path.of(java);
        if (Files.isDirectory(file) && Files.isExecutable(file.resolve("bin/java"))) {
            file = file.resolve("bin/java"); // a JDK folder where the executable was asked for
        }
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw StudyLaunchSettings.error("The Java executable " + java
                    + " (Window > Preferences > Saturn) is not an executable file; choose e.g. /usr/lib/jvm/java-17/bin/java.");
        }
        return file.toAbsolutePath().toString();
    }

    /** The engine in a folder: engine folder (lib/), folder of jars, or checkout; null when it holds none. */
    static EngineCommand engineIn(Path folder, String java) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        EngineCommand jars = jarFolder(folder.resolve("lib"), java);
        if (jars == null) {
            jars = jarFolder(folder, java);
        }
        return jars != null ? jars : checkout(folder, java);
    }

    private static EngineCommand installedEngine(String java) {
        try {
            if (Platform.getInstallLocation() != null) {
                return engineIn(Path.of(Platform.getInstallLocation().getURL().toURI()).resolve("engine"), java);
            }
        } catch (Exception e) {
            // an unusual installation location: no engine there
        }
        return null;
    }

    static EngineCommand checkout(Path home, String java) {
        Path target = home.resolve("bundles/org.saturn.engine/target");
        Path classpath = target.resolve("classpath.txt");
        if (Files.isRegularFile(classpath)) {
            try (Stream<Path> files = Files.list(target)) {
                Path jar = files.filter(f -> f.getFileName().toString().matches("org\\.saturn\\.engine-.*\\.jar"))
                        .findFirst().orElse(null);
                if (jar != null) {
                    return java(java, jar + File.pathSeparator + Files.readString(classpath).strip());
                }
            } catch (IOException e) {
                // unreadable build: try the launcher
            }
        }
        Path launcher = home.resolve(LAUNCHER);
        return Files.isRegularFile(launcher) && Files.isExecutable(launcher) ? launcher(launcher, java) : null;
    }

    private static EngineCommand onPath(String java) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path launcher = Path.of(entry, LAUNCHER);
            if (Files.isRegularFile(launcher) && Files.isExecutable(launcher)) {
                return launcher(launcher, java);
            }
        }
        return null;
    }

    /** A launcher script finds java on PATH (or JAVA_HOME): put the chosen Java first there. */
    private static EngineCommand launcher(Path launcher, String java) {
        Path bin = Path.of(java).getParent();
        Map<String, String> environment = new HashMap<>();
        if (bin != null) {
            String path = System.getenv("PATH");
            environment.put("PATH", bin + (path == null || path.isBlank() ? "" : File.pathSeparator + path));
            if (bin.getParent() != null) {
                environment.put("JAVA_HOME", bin.getParent().toString());
            }
        }
        return new EngineCommand(List.of(launcher.toAbsolutePath().toString()), environment);
    }

    private static EngineCommand jarFolder(Path folder, String java) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.noneMatch(f -> f.getFileName().toString().matches("org\\.saturn\\.engine.*\\.jar"))) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return java(java, folder.toAbsolutePath() + File.separator + "*");
    }

    private static EngineCommand java(String java, String classpath) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add(MAIN_CLASS);
        return new EngineCommand(command, Map.of());
    }
}
