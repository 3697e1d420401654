package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (what {@code Process.destroy()}, the workbench's Cancel and Slurm send) and SIGINT
 * (Ctrl-C) as a request to stop at the next step boundary. Handling the signals, instead of
 * letting the JVM start its shutdown, lets the run loop checkpoint and the command exit with its
 * own message and code: a shutdown hook could do neither (during shutdown {@code System.exit}
 * blocks, and the exit code is the signal's). Later signals are ignored: the first one is being
 * honoured. {@link #close()} restores the previous handlers.
 */
public final class StopSignals implements AutoCloseable {

    private static final Map<String, Integer> NUMBERS = Map.of("TERM", 15, "INT", 2);

    private final AtomicReference<String> received = new AtomicReference<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    /** Calls {@code onStop} (on a signal thread) at the first SIGTERM or SIGINT. */
    public static StopSignals install(Runnable onStop) {
        StopSignals signals = new StopSignals();
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal signal = new Signal(name);
                signals.previous.put(signal, Signal.handle(signal, s -> {
                    if (signals.received.compareAndSet(null, s.getName())) {
                        onStop.run();
                    }
                }));
            } catch (IllegalArgumentException e) {
                // the JVM runs with -Xrs or has no such signal here: the default behaviour stays
            }
        }
        return signals;
    }

    /** The name of the signal that asked to stop (TERM or INT), or null. */
    public String received() {
        return received.get();
    }

    /** The conventional exit code after a stop by that signal: 128 + its number (143, 130). */
    public int exitCode() {
        String name = received.get();
        return 128 + (name == null ? NUMBERS.get("TERM") : NUMBERS.getOrDefault(name, 15));
    }

    @Override
    public void close() {
        List<Map.Entry<Signal, SignalHandler>> entries = new ArrayList<>(previous.entrySet());
        for (Map.Entry<Signal, SignalHandler> entry : entries) {
            Signal.handle(entry.getKey(), entry.getValue());
        }
        previous.clear();
    }
}
