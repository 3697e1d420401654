package org.saturn.ui.views.runs;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.saturn.core.report.RunsColumns;
import org.saturn.core.store.RunDirectory;

/** The Runs view's menus: the view menu's column chooser and the rows' context menu (Compare, tags). */
final class RunsMenus {

    private RunsMenus() {
    }

    /** Columns: every column but the name can be hidden and shown again; the checks follow the widths. */
    static MenuManager columnChooser(RunsView view) {
        MenuManager columns = new MenuManager("Columns");
        Map<RunsColumns, IAction> toggles = new EnumMap<>(RunsColumns.class);
        for (RunsColumns column : RunsColumns.values()) {
            if (column == RunsColumns.NAME) {
                continue;
            }
            IAction toggle = new Action(column.title(), IAction.AS_CHECK_BOX) {
                @Override
                public void run() {
                    view.showColumn(column, isChecked());
                }
            };
            toggles.put(column, toggle);
            columns.add(toggle);
        }
        columns.addMenuListener(manager -> toggles.forEach((column, toggle) -> toggle.setChecked(view.isColumnShown(column))));
        return columns;
    }

    /** Compare (two or more runs) and Tags and Note (one run) on the selected rows. */
    static MenuManager contextMenu(RunsView view) {
        MenuManager menu = new MenuManager();
        IAction compare = new Action("Compare") {
            @Override
            public void run() {
                view.compare(view.selectedRuns());
            }
        };
        compare.setToolTipText("saturn diff of the selected runs, and their curves overlaid in the Saturation view");
        IAction tags = new Action("Tags and Note…") {
            @Override
            public void run() {
                List<RunDirectory> runs = view.selectedRuns();
                if (runs.size() == 1) {
                    new TagsDialog(view.getSite().getShell(), runs.get(0)).open();
                }
            }
        };
        menu.add(compare);
        menu.add(tags);
        menu.addMenuListener(manager -> {
            int runs = view.selectedRuns().size();
            compare.setEnabled(runs >= 2);
            tags.setEnabled(runs == 1);
        });
        return menu;
    }
}
