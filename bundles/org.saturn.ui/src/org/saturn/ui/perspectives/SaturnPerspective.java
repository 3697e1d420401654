package org.saturn.ui.perspectives;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.eclipse.ui.console.IConsoleConstants;

/**
 * The Saturn perspective: the charts in the largest area (top right), the spec editor beside them
 * with the projects and outline on the left, and along the bottom the Runs view, wide enough for
 * its metric columns, with problems, completions, console and progress beside it.
 */
public final class SaturnPerspective implements IPerspectiveFactory {

    public static final String ID = "org.saturn.ui.perspective";

    public static final String RUNS_VIEW = "org.saturn.ui.views.runs";
    public static final String SATURATION_VIEW = "org.saturn.ui.views.saturation";
    public static final String IDENTIFIABILITY_VIEW = "org.saturn.ui.views.identifiability";
    public static final String COMPLETIONS_VIEW = "org.saturn.ui.views.completions";
    public static final String IN_CONTEXT_VIEW = "org.saturn.ui.views.incontext";
    public static final String NEW_EXPERIMENT_WIZARD = "org.saturn.ui.wizards.newExperiment";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        String editorArea = layout.getEditorArea();
        // first the full-width bottom strip: the Runs view wide enough for its metric columns, the
        // console and problems beside it; later splits of the editor area then share only the top
        IFolderLayout runs = layout.createFolder("org.saturn.ui.perspective.runs", IPageLayout.BOTTOM, 0.72f, editorArea);
        runs.addView(RUNS_VIEW);
        IFolderLayout bottom = layout.createFolder("org.saturn.ui.perspective.bottom", IPageLayout.RIGHT, 0.8f,
                "org.saturn.ui.perspective.runs");
        bottom.addView(IPageLayout.ID_PROBLEM_VIEW);
        bottom.addView(COMPLETIONS_VIEW);
        bottom.addView(IConsoleConstants.ID_CONSOLE_VIEW);
        bottom.addView(IPageLayout.ID_PROGRESS_VIEW);

        IFolderLayout left = layout.createFolder("org.saturn.ui.perspective.left", IPageLayout.LEFT, 0.16f, editorArea);
        left.addView(IPageLayout.ID_PROJECT_EXPLORER);
        layout.addView(IPageLayout.ID_OUTLINE, IPageLayout.BOTTOM, 0.6f, "org.saturn.ui.perspective.left");

        // the charts take the largest area: most of the top, right of the editor
        IFolderLayout charts = layout.createFolder("org.saturn.ui.perspective.charts", IPageLayout.RIGHT, 0.34f,
                editorArea);
        charts.addView(SATURATION_VIEW);
        charts.addView(IDENTIFIABILITY_VIEW);
        charts.addView(IN_CONTEXT_VIEW);

        layout.addPerspectiveShortcut(ID);
        layout.addNewWizardShortcut(NEW_EXPERIMENT_WIZARD);
        for (String view : new String[] {RUNS_VIEW, SATURATION_VIEW, IDENTIFIABILITY_VIEW, IN_CONTEXT_VIEW, COMPLETIONS_VIEW,
                IPageLayout.ID_PROBLEM_VIEW, IConsoleConstants.ID_CONSOLE_VIEW, IPageLayout.ID_OUTLINE}) {
            layout.addShowViewShortcut(view);
        }
    }
}
