package org.saturn.ui.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunch;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchManager;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.dialogs.PreferencesUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.prefs.BackingStoreException;
import org.saturn.ui.launch.EngineLocator;
import org.saturn.ui.launch.SaturnLaunchShortcut;
import org.saturn.ui.launch.StudyCommandLine;
import org.saturn.ui.launch.StudyLaunchSettings;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;
import org.saturn.ui.tests.UiWait;

/**
 * Window ▸ Preferences ▸ Saturn: values typed into the page are saved, and a launch then starts
 * the engine from the chosen folder with the chosen Java, the default workers and the default
 * store. The "Java" here is a script that records its arguments, so the test sees the exact
 * command the launch ran.
 */
@ExtendWith(NoErrorsLoggedExtension.class)
class SaturnPreferencePageUITest {

    @TempDir
    Path temp;

    private IProject project;

    @BeforeEach
    void project() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("preferencetest");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
    }

    @AfterEach
    void restore() throws CoreException, BackingStoreException {
        // the other launch tests find the engine through saturn.home: no preference may outlive this test
        SaturnPreferences.instanceNode().clear();
        SaturnPreferences.instanceNode().flush();
        project.delete(true, null);
    }

    @Test
    void valuesSetOnThePageAreWhatTheLaunchRuns() throws Exception {
        Path engine = Files.createDirectories(temp.resolve("saturn-engine/lib"));
        Files.writeString(engine.resolve("org.saturn.engine-0.1.0.jar"), "");
        Path record = temp.resolve("arguments.txt");
        Path java = temp.resolve("jdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\" > '" + record + "'\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path store = Files.createDirectories(temp.resolve("my store"));

        PreferenceDialog dialog = PreferencesUtil.createPreferenceDialogOn(
                PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), SaturnPreferences.PAGE_ID,
                new String[] { SaturnPreferences.PAGE_ID }, null);
        dialog.setBlockOnOpen(false);
        dialog.open();
        try {
            SaturnPreferencePage page = assertInstanceOf(SaturnPreferencePage.class, dialog.getSelectedPage());
            Composite fields = (Composite) page.getControl();
            type(textAfter(fields, "Engine folder:"), engine.getParent().toString());
            type(textAfter(fields, "Java executable:"), java.toString());
            type(textAfter(fields, "Default workers:"), "3");
            type(textAfter(fields, "Default run store:"), store.toString());
            UiWait.until(() -> false, 200);
            assertTrue(page.isValid(), page.getErrorMessage());
            assertTrue(page.getMessage().startsWith("Launches start: " + java), page.getMessage());
            Screenshots.capture(dialog.getShell(), "preferences-saturn");
            assertTrue(page.performOk());
        } finally {
            dialog.close();
        }

        SaturnPreferences saved = SaturnPreferences.current();
        assertEquals(new SaturnPreferences(engine.getParent().toString(), false, java.toString(), 3, store.toString()),
                saved);

        IFile spec = project.getFile("study.saturn");
        spec.create(new ByteArrayInputStream("// a spec\n".getBytes(StandardCharsets.UTF_8)), true, null);
        ILaunchConfiguration configuration = SaturnLaunchShortcut.configurationFor(spec);
        try {
            StudyLaunchSettings settings = StudyLaunchSettings.read(configuration);
            assertEquals(3, settings.workers(), "a new configuration takes the default workers");
            assertEquals(store, settings.storeFolder(), "a configuration without a store uses the default store");

            ILaunch launch = configuration.launch(ILaunchManager.RUN_MODE, null);
            long ended = UiWait.until(() -> launch.isTerminated() && Files.exists(record), 30_000);
            assertTrue(ended >= 0, "the launch ran the Java of the preferences");
            List<String> arguments = Files.readAllLines(record);
            List<String> expected = new java.util.ArrayList<>(List.of("-Xmx1g", "-cp", engine + "/*",
                    EngineLocator.MAIN_CLASS));
            expected.addAll(StudyCommandLine.arguments(settings, settings.specFile()));
            assertEquals(expected, arguments);
            assertTrue(arguments.containsAll(List.of("--workers", "3", "--store", store.toString())), arguments.toString());
        } finally {
            DebugPlugin.getDefault().getLaunchManager().removeLaunches(
                    DebugPlugin.getDefault().getLaunchManager().getLaunches());
            configuration.delete();
        }
    }

    @Test
    void anEngineFolderWithoutAnEngineOrAMissingJavaIsOneClearMessage() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        CoreException noEngine = assertThrows(CoreException.class,
                () -> EngineLocator.locate(new SaturnPreferences(empty.toString(), false, "", 1, "")));
        assertTrue(noEngine.getMessage().startsWith("No Saturn engine in " + empty), noEngine.getMessage());
        CoreException noJava = assertThrows(CoreException.class,
                () -> EngineLocator.locate(new SaturnPreferences("", false, temp.resolve("nojava").toString(), 1, "")));
        assertTrue(noJava.getMessage().contains("is not an executable file"), noJava.getMessage());
        if (!onPath("saturn")) {
            CoreException noCommand = assertThrows(CoreException.class,
                    () -> EngineLocator.locate(new SaturnPreferences("", true, "", 1, "")));
            assertTrue(noCommand.getMessage().contains("'saturn' command on PATH"), noCommand.getMessage());
        }
    }

    @Test
    void aSaturnCheckoutIsAnEngineFolder() throws CoreException {
        String home = System.getProperty(EngineLocator.HOME_PROPERTY);
        assertNotNull(home, "the UI tests pass -Dsaturn.home (tycho-surefire argLine)");
        List<String> command = EngineLocator.locate(new SaturnPreferences(home, false, "", 1, "")).command();
        assertTrue(command.contains(EngineLocator.MAIN_CLASS) || command.get(0).endsWith("/saturn"), command.toString());
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
                .anyMatch(entry -> !entry.isBlank() && Files.isExecutable(Path.of(entry, command)));
    }

    /** Types into a field as a user would: the folder and file fields check their value when the focus leaves. */
    private static void type(Text field, String value) {
        field.notifyListeners(SWT.FocusIn, new Event());
        field.setText(value);
        field.notifyListeners(SWT.FocusOut, new Event());
    }

    /** The text field a field editor puts after its label. */
    private static Text textAfter(Composite parent, String label) {
        Control[] children = parent.getChildren();
        for (int i = 0; i < children.length; i++) {
            if (children[i] instanceof Label l && label.equals(l.getText())) {
                for (int j = i + 1; j < children.length; j++) {
                    if (children[j] instanceof Text text) {
                        return text;
                    }
                    if (children[j] instanceof Label || children[j] instanceof Button button && button.getText().isEmpty()) {
                        break;
                    }
                }
            }
            if (children[i] instanceof Composite composite) {
                Text inside = findIn(composite, label);
                if (inside != null) {
                    return inside;
                }
            }
        }
        throw new AssertionError("no field labelled " + label);
    }

    private static Text findIn(Composite composite, String label) {
        try {
            return textAfter(composite, label);
        } catch (AssertionError e) {
            return null;
        }
    }
}
