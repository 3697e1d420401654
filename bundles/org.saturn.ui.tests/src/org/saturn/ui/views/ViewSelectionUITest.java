package org.saturn.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;

/** The selection provider of the Runs and Non-identifiability views, apart from the views. */
@ExtendWith(NoErrorsLoggedExtension.class)
class ViewSelectionUITest {

    @Test
    void aHeldSelectionIsPublishedToSelectionAndPostSelectionListenersWhenSet() {
        ViewSelection selection = new ViewSelection();
        List<ISelection> heard = new ArrayList<>();
        List<ISelection> settled = new ArrayList<>();
        selection.addSelectionChangedListener(event -> heard.add(event.getSelection()));
        selection.addPostSelectionChangedListener(event -> settled.add(event.getSelection()));
        assertTrue(selection.getSelection().isEmpty());

        StructuredSelection run = new StructuredSelection("run-1");
        selection.setSelection(run);

        assertSame(run, selection.getSelection());
        assertEquals(List.of(run), heard);
        assertEquals(List.of(run), settled);
    }

    @Test
    void aSelectionReadFromWidgetsGoesToThemAndIsPublishedUnlessQuiet() {
        List<ISelection> widgets = new ArrayList<>(List.of(StructuredSelection.EMPTY));
        ViewSelection selection = new ViewSelection(() -> widgets.get(0), newSelection -> widgets.set(0, newSelection));
        List<ISelection> heard = new ArrayList<>();
        List<ISelection> settled = new ArrayList<>();
        selection.addSelectionChangedListener(event -> heard.add(event.getSelection()));
        selection.addPostSelectionChangedListener(event -> settled.add(event.getSelection()));

        StructuredSelection run = new StructuredSelection("run-1");
        selection.setSelection(run);
        assertSame(run, widgets.get(0), "handed to the widgets");
        assertTrue(heard.isEmpty(), "published only when the widgets report it");

        selection.changed();
        selection.postChanged();
        assertEquals(List.of(run), heard);
        assertEquals(List.of(run), settled);

        selection.quietly(() -> {
            widgets.set(0, new StructuredSelection("run-2"));
            selection.changed();
            selection.postChanged();
        });
        assertEquals(1, heard.size(), "a quiet change is not published");
        assertEquals(1, settled.size());
        assertEquals(new StructuredSelection("run-2").toList(), ((StructuredSelection) selection.getSelection()).toList());
    }
}
