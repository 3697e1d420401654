package org.saturn.ui.launch;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.debug.core.ILaunchConfiguration;
import org.eclipse.debug.core.ILaunchConfigurationWorkingCopy;
import org.eclipse.debug.ui.AbstractLaunchConfigurationTab;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.dialogs.ResourceListSelectionDialog;

/**
 * The "Study" tab: spec file, study, run filter, backend, workers and store; or "Submit to
 * Slurm" with partition, time limit, CPUs per task and GPUs. It shows the exact command the
 * launch will run.
 */
public final class SaturnStudyTab extends AbstractLaunchConfigurationTab {

    private Text spec;
    private Text study;
    private Text only;
    private Combo backend;
    private Spinner workers;
    private Text store;
    private Button slurm;
    private Text partition;
    private Text time;
    private Spinner cpusPerTask;
    private Spinner gpus;
    private Text command;
    private boolean initializing;

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(page);
        setControl(page);

        spec = field(page, "Spec file:", "/examples/quick-study.saturn: a workspace path or a file-system path");
        button(page, "Browse...", this::browseSpec);
        study = field(page, "Study:", "empty: every study of the spec");
        filler(page);
        only = field(page, "Run filter:", "key=value,... (model, regime, seed, id or any parameter); empty: all runs");
        filler(page);
        new Label(page, SWT.NONE).setText("Backend:");
        backend = new Combo(page, SWT.READ_ONLY);
        backend.setItems("cpu", "cuda");
        backend.addModifyListener(e -> changed());
        filler(page);
        new Label(page, SWT.NONE).setText("Workers:");
        workers = spinner(page, 1, 64, "runs trained at once, one JVM each (one per core is fastest)");
        filler(page);
        store = field(page, "Run store:", "empty: the default store (Preferences > Saturn), else runs/ next to the spec");
        button(page, "Folder...", this::browseStore);

        slurm = new Button(page, SWT.CHECK);
        slurm.setText("Submit to Slurm (saturn slurm: one array job, runs are queued on the cluster)");
        GridDataFactory.swtDefaults().span(3, 1).applyTo(slurm);
        slurm.addListener(SWT.Selection, e -> changed());
        Group cluster = new Group(page, SWT.NONE);
        cluster.setText("Slurm");
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(cluster);
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).applyTo(cluster);
        partition = field(cluster, "Partition:", "empty: the cluster's default partition");
        time = field(cluster, "Time limit:", "per run, e.g. 4:00:00 or 1-00:00:00");
        new Label(cluster, SWT.NONE).setText("CPUs per task:");
        cpusPerTask = spinner(cluster, 1, 256, "CPUs of each run");
        new Label(cluster, SWT.NONE).setText("GPUs:");
        gpus = spinner(cluster, 0, 16, "GPUs of each run (use the cuda backend)");

        Label commandLabel = new Label(page, SWT.NONE);
        commandLabel.setText("Command:");
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(commandLabel);
        command = new Text(page, SWT.READ_ONLY | SWT.WRAP | SWT.MULTI | SWT.BORDER);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1).hint(400, SWT.DEFAULT).applyTo(command);
    }

    private Text field(Composite parent, String label, String hint) {
        new Label(parent, SWT.NONE).setText(label);
        Text text = new Text(parent, SWT.BORDER);
        text.setMessage(hint);
        text.setToolTipText(hint);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(text);
        text.addModifyListener(e -> changed());
        return text;
    }

    private Spinner spinner(Composite parent, int min, int max, String hint) {
        Spinner spinner = new Spinner(parent, SWT.BORDER);
        spinner.setValues(min, min, max, 0, 1, 4);
        spinner.setToolTipText(hint);
        spinner.addModifyListener(e -> changed());
        return spinner;
    }

    private void button(Composite parent, String text, Runnable action) {
        Button button = new Button(parent, SWT.PUSH);
        button.setText(text);
        button.addListener(SWT.Selection, e -> action.run());
    }

    private static void filler(Composite parent) {
        new Label(parent, SWT.NONE);
    }

    private void browseSpec() {
        List<IResource> specs = new ArrayList<>();
        try {
            ResourcesPlugin.getWorkspace().getRoot().accept(resource -> {
                if (resource instanceof IFile file && "saturn".equals(file.getFileExtension())) {
                    specs.add(file);
                }
                return true;
            });
        } catch (CoreException e) {
            // an unreadable workspace shows an empty list
        }
        ResourceListSelectionDialog dialog = new ResourceListSelectionDialog(getShell(), specs.toArray(IResource[]::new));
        dialog.setTitle("Spec file");
        if (dialog.open() == ResourceListSelectionDialog.OK && dialog.getResult().length == 1) {
            spec.setText(((IResource) dialog.getResult()[0]).getFullPath().toString());
        }
    }

    private void browseStore() {
        DirectoryDialog dialog = new DirectoryDialog(getShell());
        dialog.setMessage("The run store: studies and their runs go into this folder");
        String folder = dialog.open();
        if (folder != null) {
            store.setText(folder);
        }
    }

    private void changed() {
        boolean onCluster = slurm.getSelection();
        workers.setEnabled(!onCluster);
        for (org.eclipse.swt.widgets.Control control : new org.eclipse.swt.widgets.Control[] { partition, time,
                cpusPerTask, gpus }) {
            control.setEnabled(onCluster);
        }
        command.setText(commandLine());
        if (!initializing && getLaunchConfigurationDialog() != null) {
            updateLaunchConfigurationDialog();
        }
    }

    /** The settings the fields describe now. */
    public StudyLaunchSettings settings() {
        return new StudyLaunchSettings(spec.getText().strip(), study.getText().strip(), only.getText().strip(),
                backend.getText().isEmpty() ? "cpu" : backend.getText(), workers.getSelection(), store.getText().strip(),
                slurm.getSelection(), partition.getText().strip(), time.getText().strip(), cpusPerTask.getSelection(),
                gpus.getSelection());
    }

    /** The command line the launch will run, as shown on the tab (engine prefix abbreviated to {@code saturn}). */
    public String commandLine() {
        StudyLaunchSettings settings = settings();
        List<String> line = new ArrayList<>();
        line.add("saturn");
        try {
            line.addAll(StudyCommandLine.arguments(settings, settings.specFile()));
        } catch (CoreException e) {
            return e.getMessage();
        }
        return StudyCommandLine.display(line);
    }

    @Override
    public void setDefaults(ILaunchConfigurationWorkingCopy configuration) {
        StudyLaunchSettings.defaults("").write(configuration);
    }

    @Override
    public void initializeFrom(ILaunchConfiguration configuration) {
        initializing = true;
        try {
            StudyLaunchSettings s = StudyLaunchSettings.read(configuration);
            spec.setText(s.spec());
            study.setText(s.study());
            only.setText(s.only());
            backend.setText(s.backend());
            workers.setSelection(s.workers());
            store.setText(s.store());
            slurm.setSelection(s.slurm());
            partition.setText(s.partition());
            time.setText(s.time());
            cpusPerTask.setSelection(s.cpusPerTask());
            gpus.setSelection(s.gpus());
        } catch (CoreException e) {
            setErrorMessage(e.getMessage());
        } finally {
            initializing = false;
        }
        changed();
    }

    @Override
    public void performApply(ILaunchConfigurationWorkingCopy configuration) {
        settings().write(configuration);
    }

    @Override
    public boolean isValid(ILaunchConfiguration configuration) {
        String problem = settings().problem();
        setErrorMessage(problem);
        return problem == null;
    }

    @Override
    public String getName() {
        return "Study";
    }

    @Override
    public String getId() {
        return "org.saturn.ui.launch.studyTab";
    }
}
