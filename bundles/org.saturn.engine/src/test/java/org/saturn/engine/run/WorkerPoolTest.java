package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerPoolTest {

    @TempDir
    Path logs;

    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    private WorkerPool.Job job(String runId, int steps, String ending) {
        return job(runId, steps, ending, 0);
    }

    private WorkerPool.Job job(String runId, int steps, String ending, long memory) {
        return new WorkerPool.Job(List.of(new ProgressEvent("S", runId, "Tf", "oracle", 1L, null, null, null, null, null,
                null, null, null, null)), WorkerPool.javaCommand(List.of("-Xmx64m"), FakeWorker.class.getName(),
                        List.of(runId, Integer.toString(steps), ending)), logs.resolve(runId + ".log"), memory);
    }

    @Test
    void workersWhoseMemoryDoesNotFitTogetherRunOneAfterTheOther() throws Exception {
        new WorkerPool(3, 100, events::add, (run, reason) -> {
        }).runAll(List.of(job("m1", 3, "finish", 60), job("m2", 3, "finish", 60), job("small", 3, "finish", 30)));

        // m1 and m2 (60 + 60 > 100) never overlap: one has finished before the other starts
        List<String> order = events.stream().filter(e -> !e.runId().equals("small")
                && (e.status().equals("started") || e.status().equals("finished"))).map(e -> e.runId() + " " + e.status())
                .toList();
        assertThat(order).hasSize(4);
        assertThat(order.get(1)).as(order.toString()).endsWith("finished");
        assertThat(order.get(0).split(" ")[0]).isEqualTo(order.get(1).split(" ")[0]);
        assertThat(statuses("small")).endsWith("finished");
    }

    @Test
    void aWorkerThatDiesOfMemoryIsReportedAsOutOfMemoryAndItsRunsAreHandedToTheDispatcher() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        new WorkerPool(1, Long.MAX_VALUE, events::add, (run, reason) -> lost.add(run.runId() + ": " + reason))
                .runAll(List.of(job("big", 1, "oom")));

        ProgressEvent last = events.get(events.size() - 1);
        assertThat(last.status()).isEqualTo(ProgressEvent.FAILED);
        assertThat(last.message()).startsWith("the worker ran out of memory (exit code 1)").contains("--memory")
                .contains("big.log");
        assertThat(lost).containsExactly("big: " + last.message());
    }

    private List<String> statuses(String runId) {
        return events.stream().filter(e -> e.runId().equals(runId)).map(ProgressEvent::status).toList();
    }

    @Test
    void runsEveryJobAndForwardsItsEventsInOrder() throws Exception {
        new WorkerPool(2, events::add).runAll(List.of(job("r1", 3, "finish"), job("r2", 2, "finish"),
                job("r3", 1, "finish")));

        assertThat(statuses("r1")).containsExactly("started", "evaluated", "evaluated", "evaluated", "finished");
        assertThat(statuses("r3")).containsExactly("started", "evaluated", "finished");
        assertThat(events.stream().filter(e -> e.step() != null && e.runId().equals("r1") && e.status().equals("evaluated"))
                .map(ProgressEvent::step)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aWorkerThatDiesWithoutAFinalEventIsReportedFailedWithItsLog() throws Exception {
        new WorkerPool(1, events::add).runAll(List.of(job("bad", 1, "crash")));

        ProgressEvent last = events.get(events.size() - 1);
        assertThat(last.status()).isEqualTo(ProgressEvent.FAILED);
        assertThat(last.message()).contains("exited with code 3").contains("bad.log");
        assertThat(Files.readString(logs.resolve("bad.log"))).contains("simulated failure");
    }

    @Test
    void stopAsksWorkersToStopAndWaitsForThem() throws Exception {
        WorkerPool pool = new WorkerPool(2, events::add);
        Thread runner = new Thread(() -> {
            try {
                pool.runAll(List.of(job("h1", 1, "hang"), job("h2", 1, "hang"), job("never", 1, "finish")));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (events.stream().filter(e -> "evaluated".equals(e.status())).count() < 2
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        pool.stop();
        runner.join(20_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(statuses("h1")).as(events.toString()).endsWith("stopped");
        assertThat(statuses("h2")).endsWith("stopped");
        assertThat(statuses("never")).as("queued jobs do not start after a stop").isEmpty();
    }

    /** A job for a persistent worker whose caps are {@code heap} and {@code offHeap} (arbitrary units). */
    private WorkerPool.Job served(String runId, String ending, long heap, long offHeap) {
        String request = runId + " 2 " + ending;
        return new WorkerPool.Job(List.of(new ProgressEvent("S", runId, "Tf", "oracle", 1L, null, null, null, null, null,
                null, null, null, null)), WorkerPool.javaCommand(List.of("-Xmx64m"), FakeServingWorker.class.getName(),
                        List.of(request.split(" "))), logs.resolve(runId + ".log"), heap + offHeap,
                new WorkerPool.Serving(request, heap, offHeap));
    }

    /** The pid of the worker that finished the run (its finished event says it). */
    private String workerOf(String runId) {
        return events.stream().filter(e -> e.runId().equals(runId) && ProgressEvent.FINISHED.equals(e.status()))
                .map(ProgressEvent::message).findFirst().orElseThrow(() -> new AssertionError(runId + ": " + events));
    }

    @Test
    void persistentWorkersStartOncePerSlotAndTakeJobAfterJob() throws Exception {
        new WorkerPool(2, events::add).runAll(List.of(served("a", "finish", 4, 4), served("b", "finish", 4, 4),
                served("c", "finish", 4, 4), served("d", "finish", 2, 1), served("e", "finish", 1, 1)));

        List<String> workers = List.of("a", "b", "c", "d", "e").stream().map(this::workerOf).distinct().toList();
        assertThat(workers).as(events.toString()).hasSize(2);
        assertThat(statuses("c")).containsExactly("started", "evaluated", "evaluated", "finished");
        // each job's standard error lands in its own log, as with a JVM per job
        for (String run : List.of("a", "b", "c", "d", "e")) {
            assertThat(Files.readString(logs.resolve(run + ".log"))).isEqualTo("log line of " + run + "\n");
        }
    }

    @Test
    void aJobTheWorkersCapsDoNotCoverGetsAWorkerSizedForIt() throws Exception {
        new WorkerPool(1, events::add).runAll(List.of(served("small", "finish", 2, 2), served("smaller", "finish", 1, 2),
                served("more-heap", "finish", 3, 1)));

        assertThat(workerOf("smaller")).isEqualTo(workerOf("small"));
        assertThat(workerOf("more-heap")).isNotEqualTo(workerOf("small"));
    }

    @Test
    void aPersistentWorkerThatDiesOfMemoryLosesOnlyItsJobAndAFreshWorkerTakesTheNext() throws Exception {
        List<String> lost = new CopyOnWriteArrayList<>();
        new WorkerPool(1, Long.MAX_VALUE, events::add, (run, reason) -> lost.add(run.runId() + ": " + reason))
                .runAll(List.of(served("first", "finish", 1, 1), served("big", "oom", 1, 1),
                        served("failing", "fail", 1, 1), served("after", "finish", 1, 1)));

        assertThat(statuses("first")).endsWith("finished");
        ProgressEvent died = events.stream().filter(e -> e.runId().equals("big")).reduce((a, b) -> b).orElseThrow();
        assertThat(died.status()).isEqualTo(ProgressEvent.FAILED);
        assertThat(died.message()).startsWith("the worker ran out of memory (exit code 1)").contains("big.log");
        assertThat(lost).containsExactly("big: " + died.message());
        assertThat(Files.readString(logs.resolve("big.log"))).contains("OutOfMemoryError")
                .doesNotContain("log line of first");
        assertThat(statuses("failing")).endsWith("failed");
        assertThat(statuses("after")).as(events.toString()).endsWith("finished");
        assertThat(workerOf("after")).isNotEqualTo(workerOf("first"));
    }

    @Test
    void progressLinesShowStepLossGapAndEta() {
        ProgressEvent event = new ProgressEvent("S", "abc123", "TinyTf", "adversarial", 2L, "evaluated", 500L, 2000L,
                null, 0.0210, 0.0200, 0.03, 60.0, null);

        assertThat(event.gapPercent()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(event.etaSeconds()).isEqualTo(180.0);
        assertThat(ProgressDisplay.line(event)).contains("step    500/2000").contains("test 0.02100")
                .contains("gap   +5.00%").contains("OOD R1 0.03").contains("ETA 3m00s");
        assertThat(ProgressEvent.parse(event.toJsonLine())).isEqualTo(event);
        assertThat(ProgressEvent.parse("Added differentiated op matmul")).isNull();
    }
}
