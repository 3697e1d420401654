package org.saturn.installcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfigurationType;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.debug.core.model.IProcess;
import org.eclipse.ui.IStartup;
import org.eclipse.ui.PlatformUI;
import org.osgi.framework.Bundle;

/**
 * The p2 install test's hands inside the installed workbench (releng/install-check.sh): with
 * {@code -Dsaturn.installcheck.result=FILE}, once the workbench is up it checks that Saturn's
 * bundles are active and its preference page and launch type are registered, sets the Saturn
 * preferences (engine folder, Java, default workers) the way a user would on Window ▸
 * Preferences ▸ Saturn, launches the spec {@code -Dsaturn.installcheck.spec} as a Saturn Study
 * into a new project, waits for the engine to end, writes what it saw to FILE (last line
 * {@code RESULT OK} or {@code RESULT FAILED}) and closes the workbench. It knows Saturn only by
 * its public ids (no compile-time dependency), so it installs into the bare platform before Saturn.
 */
public final class InstallCheck implements IStartup {

    private static final String PREFIX = "saturn.installcheck.";
    private static final long TIMEOUT_MILLIS = 6 * 60_000;

    private final List<String> report = new ArrayList<>();

    @Override
    public void earlyStartup() {
        String result = System.getProperty(PREFIX + "result");
        if (result == null || result.isBlank()) {
            return;
        }
        boolean ok;
        try {
            ok = check();
        } catch (Exception | LinkageError e) {
            report.add("error: " + e);
            ok = false;
        }
        report.add("RESULT " + (ok ? "OK" : "FAILED"));
        try {
            Files.write(Path.of(result), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("installcheck: cannot write " + result + ": " + e);
        }
        PlatformUI.getWorkbench().getDisplay().asyncExec(() -> PlatformUI.getWorkbench().close());
    }

    private boolean check() throws Exception {
        for (String id : List.of("org.saturn.ui", "org.saturn.core", "org.saturn.dsl", "org.saturn.dsl.ide",
                "org.saturn.help", "org.eclipse.swtchart")) {
            Bundle bundle = Platform.getBundle(id);
            if (bundle == null) {
                report.add("missing bundle " + id);
                return false;
            }
            report.add("bundle " + id + " " + bundle.getVersion() + " state " + bundle.getState());
        }
        Platform.getBundle("org.saturn.ui").start(Bundle.START_TRANSIENT);
        boolean[] page = new boolean[1];
        PlatformUI.getWorkbench().getDisplay().syncExec(() -> page[0] =
                PlatformUI.getWorkbench().getPreferenceManager().find("org.saturn.ui.preferences") != null);
        report.add("preference page Window > Preferences > Saturn: " + (page[0] ? "present" : "MISSING"));
        ILaunchManager manager = DebugPlugin.getDefault().getLaunchManager();
        ILaunchConfigurationType type = manager.getLaunchConfigurationType("org.saturn.ui.launch.study");
        report.add("launch type Saturn Study: " + (type != null ? "present" : "MISSING"));
        if (!page[0] || type == null) {
            return false;
        }

        // the preferences, as the page stores them (org.saturn.ui.preferences.SaturnPreferences)
        IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode("org.saturn.ui");
        preferences.put("engine.location", System.getProperty(PREFIX + "engine", ""));
        preferences.put("engine.java", System.getProperty(PREFIX + "java", ""));
        preferences.putInt("launch.workers", Integer.getInteger(PREFIX + "workers", 2));
        preferences.flush();

        Path specFile = Path.of(System.getProperty(PREFIX + "spec"));
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("installcheck");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        IFile spec = copy(specFile, project);
        // the spec's imports (import "stdlib.saturn") sit next to it
        for (String line : Files.readAllLines(specFile)) {
            java.util.regex.Matcher imported = java.util.regex.Pattern.compile("^\\s*import\\s+\"([^\"]+)\"").matcher(line);
            if (imported.find()) {
                copy(specFile.resolveSibling(imported.group(1)), project);
            }
        }
        ILaunchConfigurationWorkingCopy copy = type.newInstance(null, "installcheck");
        copy.setAttribute("org.saturn.ui.launch.spec", spec.getFullPath().toString());
        // workers and store are left to the preferences (workers) and to runs/ next to the spec
        ILaunch launch = copy.doSave().launch(ILaunchManager.RUN_MODE, null);
        IProcess[] processes = launch.getProcesses();
        if (processes.length == 0) {
            report.add("the launch started no engine process");
            return false;
        }
        IProcess engine = processes[0];
        report.add("engine command: " + engine.getAttribute(IProcess.ATTR_CMDLINE));
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        while (!engine.isTerminated() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
        }
        if (!engine.isTerminated()) {
            report.add("the engine did not finish within " + TIMEOUT_MILLIS / 1000 + " s");
            launch.terminate();
            return false;
        }
        report.add("engine exit code " + engine.getExitValue());
        report.add("store " + spec.getLocation().removeLastSegments(1).append("runs").toOSString());
        if (engine.getExitValue() != 0) {
            report.add("engine error output:\n" + engine.getStreamsProxy().getErrorStreamMonitor().getContents());
        }
        return engine.getExitValue() == 0;
    }

    private static IFile copy(Path file, IProject project) throws Exception {
        IFile copy = project.getFile(file.getFileName().toString());
        if (!copy.exists()) {
            try (java.io.InputStream in = Files.newInputStream(file)) {
                copy.create(in, true, null);
            }
        }
        return copy;
    }
}
