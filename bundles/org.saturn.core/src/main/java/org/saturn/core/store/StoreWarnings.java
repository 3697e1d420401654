package org.saturn.core.store;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Where readers that skip a damaged file say so: one line per file and reason per process (a view
 * that refreshes every second must not repeat it), to standard error unless a caller (a view, a
 * test) routes the lines elsewhere.
 */
public final class StoreWarnings {

    private static final Set<String> SAID = ConcurrentHashMap.newKeySet();
    private static volatile Consumer<String> sink = line -> {
        System.err.println(line);
        System.err.flush();
    };

    private StoreWarnings() {
    }

    /** Routes the warning lines to {@code lines} (null: back to standard error); returns the previous sink. */
    public static Consumer<String> routeTo(Consumer<String> lines) {
        Consumer<String> previous = sink;
        sink = lines != null ? lines : line -> {
            System.err.println(line);
            System.err.flush();
        };
        return previous;
    }

    /** Says once that {@code file} was skipped because of {@code reason}. */
    public static void skipped(Path file, String reason) {
        String line = "saturn: skipped " + file + ": " + withoutFile(String.valueOf(reason), file);
        if (SAID.add(line)) {
            sink.accept(line);
        }
    }

    /**
     * The reason without the file's name, which the line already starts with: the store's
     * "unreadable run record FILE: DETAIL" becomes "unreadable run record (DETAIL)", as fsck words it.
     */
    static String withoutFile(String reason, Path file) {
        String prefix = file + ": ";
        int at = reason.indexOf(prefix);
        return at < 0 ? reason : reason.substring(0, at).trim() + " (" + reason.substring(at + prefix.length()) + ")";
    }

    /** Forgets what was said (a second command in the same JVM, e.g. in tests, warns again). */
    public static void reset() {
        SAID.clear();
    }
}
