package org.saturn.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.DebugPlugin;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;
import org.saturn.ui.tests.Screenshots;

/** The Study tab builds the command the launch runs: saturn run locally, saturn slurm on a cluster. */
@ExtendWith(NoErrorsLoggedExtension.class)
class StudyTabUITest {

    private static IProject project;
    private static IFile spec;

    @BeforeAll
    static void specInAProject() throws CoreException {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("tabtest");
        if (!project.exists()) {
            project.create(null);
        }
        project.open(null);
        spec = project.getFile("sweep.saturn");
        if (!spec.exists()) {
            spec.create(new ByteArrayInputStream("// a spec\n".getBytes(StandardCharsets.UTF_8)), true, null);
        }
    }

    @AfterAll
    static void removeProject() throws CoreException {
        project.delete(true, null);
    }

    @Test
    void slurmOptionBuildsTheSaturnSlurmCommandAndTheTabSavesEverySetting() throws CoreException {
        String specPath = spec.getLocation().toOSString();
        ILaunchConfigurationWorkingCopy copy = DebugPlugin.getDefault().getLaunchManager()
                .getLaunchConfigurationType(StudyLaunchSettings.TYPE_ID).newInstance(null, "tab test");
        new StudyLaunchSettings(spec.getFullPath().toString(), "Sweep", "regime=oracle, seed=1", "cuda", 3, "/tmp/cluster-runs",
                true, "gpu", "4:00:00", 4, 1).write(copy);

        Shell shell = new Shell(Display.getCurrent());
        shell.setLayout(new FillLayout());
        shell.setSize(900, 620);
        shell.setText("Saturn Study tab");
        try {
            SaturnStudyTab tab = new SaturnStudyTab();
            tab.createControl(shell);
            tab.initializeFrom(copy);
            shell.open();
            assertEquals("saturn slurm " + specPath + " --study Sweep --only regime=oracle,seed=1 --store /tmp/cluster-runs"
                    + " --partition gpu --time 4:00:00 --cpus-per-task 4 --gpus 1 --backend cuda", tab.commandLine());
            assertTrue(tab.isValid(copy), "a complete Slurm configuration is valid");
            Screenshots.capture(shell, "launch-tab-slurm");

            Button slurm = find(tab.getControl(), Button.class, "Submit to Slurm");
            slurm.setSelection(false);
            slurm.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            assertEquals("saturn run " + specPath + " --study Sweep --only regime=oracle,seed=1 --store /tmp/cluster-runs"
                    + " --workers 3 --progress json --backend cuda", tab.commandLine());

            ILaunchConfigurationWorkingCopy applied = copy.copy("applied");
            tab.performApply(applied);
            StudyLaunchSettings saved = StudyLaunchSettings.read(applied);
            assertFalse(saved.slurm());
            assertEquals("gpu", saved.partition(), "cluster settings are kept while Slurm is off");
            assertEquals(3, saved.workers());
            assertEquals("regime=oracle, seed=1", saved.only());

            ILaunchConfigurationWorkingCopy badTime = copy.copy("bad time");
            new StudyLaunchSettings(spec.getFullPath().toString(), "", "", "cpu", 1, "", true, "", "4h", 1, 0).write(badTime);
            tab.initializeFrom(badTime);
            assertFalse(tab.isValid(badTime));
            assertTrue(tab.getErrorMessage().contains("4h"), tab.getErrorMessage());
        } finally {
            shell.dispose();
        }
    }

    @Test
    void wrongSettingsGetOneClearMessage() {
        StudyLaunchSettings missing = StudyLaunchSettings.defaults("/tabtest/nothing-here.saturn");
        assertEquals("The spec file /tabtest/nothing-here.saturn does not exist.", missing.problem());
        StudyLaunchSettings filter = new StudyLaunchSettings(spec.getFullPath().toString(), "", "seed", "cpu", 1, "", false,
                "", "", 1, 0);
        assertTrue(filter.problem().startsWith("The run filter is key=value pairs"), filter.problem());
        assertEquals("Choose the .saturn file of the study.", StudyLaunchSettings.defaults("").problem());
    }

    @Test
    void missingEngineIsExplainedNotAStackTrace() {
        String home = System.getProperty(EngineLocator.HOME_PROPERTY);
        try {
            System.setProperty(EngineLocator.HOME_PROPERTY, "/nonexistent/saturn-checkout");
            CoreException error = assertThrows(CoreException.class, EngineLocator::engineCommand);
            assertTrue(error.getMessage().startsWith("Saturn's engine was not found"), error.getMessage());
            assertTrue(error.getMessage().contains("./saturn workbench"), error.getMessage());
        } finally {
            System.setProperty(EngineLocator.HOME_PROPERTY, home);
        }
        assertNotNull(home, "the UI tests pass -Dsaturn.home (tycho-surefire argLine)");
    }

    @Test
    void shortcutReusesTheConfigurationOfASpec() throws CoreException {
        ILaunchConfiguration first = SaturnLaunchShortcut.configurationFor(spec);
        ILaunchConfiguration second = SaturnLaunchShortcut.configurationFor(spec);
        assertEquals(first, second);
        assertEquals(spec.getFullPath().toString(), StudyLaunchSettings.read(first).spec());
        assertEquals(spec.getLocation().toFile().toPath().getParent().resolve("runs"),
                StudyLaunchSettings.read(first).storeFolder());
        first.delete();
    }

    private static <T extends Control> T find(Control root, Class<T> type, String textPrefix) {
        if (type.isInstance(root) && root instanceof Button button && button.getText().startsWith(textPrefix)) {
            return type.cast(root);
        }
        if (root instanceof org.eclipse.swt.widgets.Composite composite) {
            for (Control child : composite.getChildren()) {
                T found = find(child, type, textPrefix);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
