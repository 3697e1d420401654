package org.saturn.ui.preferences;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.DirectoryFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.FileFieldEditor;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;
import org.saturn.ui.launch.EngineLocator;
import org.saturn.ui.launch.StudyCommandLine;

/**
 * Window ▸ Preferences ▸ Saturn: where the engine is and which Java runs it, and the workers and
 * run store of new launches. The page's message tells which engine a launch would start with
 * the values shown (or why none), before they are saved.
 */
public final class SaturnPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    private BooleanFieldEditor onPath;
    private DirectoryFieldEditor location;
    private FileFieldEditor java;
    private IntegerFieldEditor workers;
    private DirectoryFieldEditor store;

    public SaturnPreferencePage() {
        super(GRID);
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, SaturnPreferences.NODE));
        setDescription("Saturn trains studies in its engine, a separate Java program (an unpacked engine archive, "
                + "the engine/ folder of the Saturn product, or a Saturn checkout).");
    }

    @Override
    public void init(IWorkbench workbench) {
        // the store is set in the constructor
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        onPath = new BooleanFieldEditor(SaturnPreferences.ENGINE_ON_PATH, "Use the 'saturn' command on PATH", parent);
        addField(onPath);
        location = new DirectoryFieldEditor(SaturnPreferences.ENGINE_LOCATION, "Engine folder:", parent);
        location.setEmptyStringAllowed(true);
        location.getTextControl(parent).setMessage("empty: the product's engine/, a checkout, or 'saturn' on PATH");
        addField(location);
        java = new FileFieldEditor(SaturnPreferences.JAVA_EXECUTABLE, "Java executable:", true, parent);
        java.setEmptyStringAllowed(true);
        java.getTextControl(parent).setMessage("empty: the Java this workbench runs on");
        addField(java);
        workers = new IntegerFieldEditor(SaturnPreferences.WORKERS, "Default workers:", parent);
        workers.setValidRange(1, 256);
        addField(workers);
        store = new DirectoryFieldEditor(SaturnPreferences.STORE, "Default run store:", parent);
        store.setEmptyStringAllowed(true);
        store.getTextControl(parent).setMessage("empty: runs/ next to the spec");
        addField(store);
    }

    @Override
    protected void initialize() {
        super.initialize();
        showEngine();
    }

    @Override
    public void propertyChange(PropertyChangeEvent event) {
        super.propertyChange(event);
        showEngine();
    }

    @Override
    protected void performDefaults() {
        super.performDefaults();
        showEngine();
    }

    /** The preferences as the fields show them now (not yet saved). */
    public SaturnPreferences shown() {
        int workerCount = workers.isValid() ? workers.getIntValue() : SaturnPreferences.builtInWorkers();
        return new SaturnPreferences(text(location), onPath.getBooleanValue(), text(java), workerCount, text(store));
    }

    private void showEngine() {
        if (onPath == null || workers == null) {
            return;
        }
        location.setEnabled(!onPath.getBooleanValue(), getFieldEditorParent());
        if (!isValid()) {
            return; // the field editors show their own error
        }
        try {
            setMessage("Launches start: " + StudyCommandLine.display(EngineLocator.locate(shown()).command()),
                    IMessageProvider.INFORMATION);
        } catch (CoreException e) {
            setMessage(e.getStatus().getMessage(), IMessageProvider.WARNING);
        }
    }

    private static String text(StringFieldEditor editor) {
        return editor.getStringValue() == null ? "" : editor.getStringValue().strip();
    }
}
