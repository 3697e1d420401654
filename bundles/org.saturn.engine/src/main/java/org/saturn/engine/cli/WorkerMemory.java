package org.saturn.engine.cli;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.MemoryEstimate;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.RunRecords;

/**
 * The dispatcher's side of worker memory: the machine's physical memory, whether a worker fits in
 * it, how many fit side by side, and the FAILED record of a run whose worker died without writing one.
 */
final class WorkerMemory {

    private WorkerMemory() {
    }

    /** This machine's physical memory (the container's limit where there is one). */
    static long physicalBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long total = os.getTotalMemorySize();
            if (total > 0) {
                return total;
            }
        }
        return Long.MAX_VALUE; // unknown: every worker is taken to fit
    }

    /** Refuses (one line) a worker that alone needs more than the machine has. */
    static void checkFits(List<RunConfig> runs, MemoryEstimate memory, boolean given, long physical) {
        if (memory.residentBytes() > physical) {
            String what = runs.size() == 1 ? "run " + WorkerCommand.runName(runs.get(0))
                    : "the " + runs.size() + " seed-batched runs from " + WorkerCommand.runName(runs.get(0));
            throw new IllegalArgumentException(what + (given ? " would get " : " needs about ")
                    + MemoryEstimate.format(memory.residentBytes()) + " of memory and this machine has "
                    + MemoryEstimate.format(physical) + (given ? "; give it less with --memory"
                            : "; train a smaller model, batch or max length, or set --memory SIZE if you know it "
                                    + "needs less"));
        }
    }

    /**
     * The workers' runs, with each seed-batched group that would not fit in the machine's memory as
     * one model split into its runs, trained alone (the results are the same; it takes longer).
     */
    static List<List<RunConfig>> splitUnfitting(List<List<RunConfig>> batches, Long memoryOverride, long physical,
            java.util.function.Consumer<String> messages) {
        List<List<RunConfig>> fitting = new java.util.ArrayList<>();
        for (List<RunConfig> batch : batches) {
            MemoryEstimate estimate = MemoryEstimate.of(batch);
            if (batch.size() > 1 && memoryOverride == null && estimate.residentBytes() > physical) {
                messages.accept("the " + batch.size() + " seeds of " + WorkerCommand.runName(batch.get(0))
                        + "'s group would need about " + MemoryEstimate.format(estimate.residentBytes())
                        + " as one seed-batched model (this machine has " + MemoryEstimate.format(physical)
                        + "): training them one by one");
                batch.forEach(run -> fitting.add(List.of(run)));
            } else {
                fitting.add(batch);
            }
        }
        return fitting;
    }

    /** The heap and the off-heap of the largest of {@code sizes} (a worker that can train each), or null when none. */
    static MemoryEstimate covering(List<MemoryEstimate> sizes) {
        return sizes.isEmpty() ? null : new MemoryEstimate(
                sizes.stream().mapToLong(MemoryEstimate::heapBytes).max().getAsLong(),
                sizes.stream().mapToLong(MemoryEstimate::offHeapBytes).max().getAsLong());
    }

    /** How many workers of {@code largest} bytes fit side by side (at least one). */
    static int fitting(long largest, long physical) {
        return largest <= 0 ? Integer.MAX_VALUE : (int) Math.max(1, Math.min(Integer.MAX_VALUE, physical / largest));
    }

    /**
     * A run whose worker died (out of memory past the point where it could write, killed) keeps a
     * RUNNING record, or none: write it FAILED with the reason, unless another process took it since.
     */
    static void markLost(RunStore store, List<RunConfig> runs, ProgressEvent lost, String reason) {
        Optional<RunConfig> config = runs.stream()
                .filter(run -> run.id().equals(lost.runId()) && run.study().equals(lost.study())).findFirst();
        if (config.isEmpty()) {
            return;
        }
        RunDirectory directory = store.run(lost.study(), lost.runId());
        try (RunLock lock = directory.lock()) {
            RunRecord record = directory.record().orElseGet(() -> RunRecords.newRecord(config.get()));
            if (record.getStatus() == RunStatus.FINISHED || record.getStatus() == RunStatus.FAILED
                    || record.getStatus() == RunStatus.STOPPED) {
                return; // the worker wrote how it ended before it died
            }
            record.setStatus(RunStatus.FAILED);
            record.setMessage(reason);
            directory.writeRecord(record);
        } catch (RunLock.HeldException e) {
            // another process trains it now: its record is its own
        } catch (StoreException e) {
            // unreadable or unwritable: the run resumes or retrains like any interrupted one
        }
    }
}
