package org.saturn.engine.run;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The live terminal view of {@code saturn run}: one line per active run (step, loss, gap to the
 * optimum, ETA), redrawn in place on an interactive terminal; on a pipe or a log file each event
 * becomes one plain line instead. {@code --progress json} bypasses it and prints the events.
 */
public final class ProgressDisplay implements WorkerPool.Listener {

    private final PrintStream out;
    private final boolean interactive;
    private final Map<String, ProgressEvent> active = new LinkedHashMap<>();
    private int linesDrawn;

    public ProgressDisplay(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public synchronized void onEvent(ProgressEvent event) {
        boolean done = !ProgressEvent.STARTED.equals(event.status()) && !ProgressEvent.EVALUATED.equals(event.status());
        if (done) {
            active.remove(event.runId());
        } else {
            active.put(event.runId(), event);
        }
        if (!interactive) {
            out.println(line(event));
            return;
        }
        // move up over the previous block and redraw: finished runs scroll away as permanent lines
        for (int i = 0; i < linesDrawn; i++) {
            out.print("\033[1A\033[2K");
        }
        if (done) {
            out.println(line(event));
        }
        for (ProgressEvent run : active.values()) {
            out.println(line(run));
        }
        linesDrawn = active.size();
        out.flush();
    }

    static String line(ProgressEvent e) {
        StringBuilder line = new StringBuilder();
        line.append(String.format(Locale.ROOT, "%-12s %-10s %-14s seed %-3s %-9s", e.runId(), shorten(e.model(), 10),
                shorten(e.regime(), 14), e.seed() == null ? "-" : e.seed(), e.status()));
        if (e.step() != null) {
            line.append(String.format(Locale.ROOT, " step %6d/%-6d", e.step(), e.totalSteps() == null ? 0 : e.totalSteps()));
        }
        if (e.testLoss() != null) {
            line.append(String.format(Locale.ROOT, " test %.5f", e.testLoss()));
        } else if (e.trainLoss() != null) {
            line.append(String.format(Locale.ROOT, " train %.5f", e.trainLoss()));
        }
        if (e.gapPercent() != null) {
            line.append(String.format(Locale.ROOT, " gap %+7.2f%%", e.gapPercent()));
        }
        if (e.oodR1() != null) {
            line.append(String.format(Locale.ROOT, " OOD R1 %.2f", e.oodR1()));
        }
        if (e.etaSeconds() != null && ProgressEvent.EVALUATED.equals(e.status())) {
            line.append(String.format(Locale.ROOT, " ETA %s", duration(e.etaSeconds())));
        }
        if (e.message() != null) {
            line.append("  ").append(e.message());
        }
        return line.toString();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    private static String shorten(String text, int width) {
        if (text == null) {
            return "-";
        }
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
