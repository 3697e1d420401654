package org.saturn.core.store;

import java.nio.file.Path;

import org.saturn.core.results.RunStatus;

/**
 * A worker stand-in run as a separate JVM by {@link CrashSafetyTest}: it locks a run and then
 * appends metrics and rewrites the record every few milliseconds until it is killed.
 */
public final class StoreWriterProcess {

    public static void main(String[] args) throws InterruptedException {
        RunDirectory run = RunStore.create(Path.of(args[0])).run(args[1], args[2]);
        try (RunLock lock = run.lock(); MetricsLog metrics = run.openMetrics()) {
            System.out.println("locked");
            System.out.flush();
            for (long step = 0;; step++) {
                metrics.append(step, step * 0.001, "loss", 1.0 / (step + 1));
                if (step % 10 == 0) {
                    run.writeRecord(RunStoreTest.record(args[2], RunStatus.RUNNING, step));
                }
                Thread.sleep(1); // a busy worker, not a fork bomb: the machine has two cores
            }
        }
    }
}
