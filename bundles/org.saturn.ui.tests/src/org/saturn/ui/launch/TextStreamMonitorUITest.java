package org.saturn.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.debug.core.IStreamListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.ui.tests.NoErrorsLoggedExtension;

/** The console text of the engine and of its workers: kept up to a bound, each append told to the listeners. */
@ExtendWith(NoErrorsLoggedExtension.class)
class TextStreamMonitorUITest {

    @Test
    void listenersHearEachAppendUntilRemoved() {
        TextStreamMonitor monitor = new TextStreamMonitor();
        List<String> heard = new ArrayList<>();
        IStreamListener listener = (text, source) -> heard.add(text + (source == monitor ? "" : " (from another monitor)"));
        monitor.addListener(listener);
        monitor.append("one\n");
        monitor.append("two\n");
        monitor.removeListener(listener);
        monitor.append("three\n");

        assertEquals(List.of("one\n", "two\n"), heard);
        assertEquals("one\ntwo\nthree\n", monitor.getContents());
    }

    @Test
    void keepsOnlyTheLastCharactersOfABoundedStream() {
        TextStreamMonitor monitor = new TextStreamMonitor(5);
        monitor.append("abc");
        monitor.append("defg");
        assertEquals("cdefg", monitor.getContents());

        TextStreamMonitor nothingKept = new TextStreamMonitor(0);
        nothingKept.append("text");
        assertEquals("", nothingKept.getContents());
    }
}
