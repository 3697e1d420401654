package org.saturn.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.MetricSummary;
import org.saturn.core.results.ResultsFactory;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;

class RunStoreTest {

    @TempDir
    Path root;

    static RunRecord record(String id, RunStatus status, long step) {
        RunRecord record = ResultsFactory.eINSTANCE.createRunRecord();
        record.setRunId(id);
        record.setStudy("CaseStudy1");
        record.setModel("Tf");
        record.setRegime("oracle");
        record.setSeed(3);
        record.setStatus(status);
        record.setStep(step);
        record.setOptimalLoss(0.018879);
        MetricSummary summary = ResultsFactory.eINSTANCE.createMetricSummary();
        summary.setMetric("ood.R1");
        summary.setAtBest(0.83);
        summary.setMax(0.91);
        record.getSummaries().add(summary);
        return record;
    }

    @Test
    void recordsRoundTripThroughXmi() throws Exception {
        RunStore store = RunStore.create(root);
        RunDirectory run = store.run("CaseStudy1", "a1b2c3");
        run.writeRecord(record("a1b2c3", RunStatus.RUNNING, 250));

        RunRecord read = RunStore.open(root).run("CaseStudy1", "a1b2c3").record().orElseThrow();

        assertThat(read.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(read.getStep()).isEqualTo(250);
        assertThat(read.getSeed()).isEqualTo(3);
        assertThat(read.getOptimalLoss()).isEqualTo(0.018879);
        assertThat(read.getCheckpointStep()).isEqualTo(-1);
        assertThat(read.getSummaries()).singleElement().satisfies(s -> {
            assertThat(s.getMetric()).isEqualTo("ood.R1");
            assertThat(s.getAtBest()).isEqualTo(0.83);
        });
        assertThat(Files.readString(run.path().resolve(RunDirectory.RECORD))).contains("results:RunRecord");
    }

    @Test
    void listsStudiesAndRunsSortedAndSkipsRunsWithoutARecord() {
        RunStore store = RunStore.create(root);
        store.run("B", "r2").writeRecord(record("r2", RunStatus.FINISHED, 10));
        store.run("B", "r1").writeRecord(record("r1", RunStatus.FINISHED, 10));
        store.run("A", "r9").writeText(RunDirectory.CONFIG, "{}");

        assertThat(store.studies()).containsExactly("A", "B");
        assertThat(store.runs("B")).extracting(RunDirectory::runId).containsExactly("r1", "r2");
        assertThat(store.records("B")).extracting(RunRecord::getRunId).containsExactly("r1", "r2");
        assertThat(store.records("A")).isEmpty();
        assertThat(store.records("missing")).isEmpty();
    }

    @Test
    void runIdsListEveryVisibleNameOfAStudyWithoutAskingWhichAreFolders() throws Exception {
        RunStore store = RunStore.create(root);
        store.run("B", "r2").writeRecord(record("r2", RunStatus.FINISHED, 10));
        store.run("B", "r10").writeRecord(record("r10", RunStatus.FINISHED, 10));
        Files.writeString(root.resolve("B").resolve("notes.txt"), "a file beside the runs");
        Files.createDirectories(root.resolve("B").resolve(".hidden"));

        assertThat(store.runIds("B")).containsExactly("notes.txt", "r10", "r2");
        assertThat(store.runIds("missing")).isEmpty();
        RunDirectory listed = store.listedRun("B", "r10");
        assertThat(listed).isEqualTo(store.run("B", "r10"));
        assertThat(listed.record().orElseThrow().getRunId()).isEqualTo("r10");
    }

    @Test
    void rewritingARecordLeavesNoTemporaryFiles() throws Exception {
        RunDirectory run = RunStore.create(root).run("S", "r");
        for (int step = 0; step < 20; step++) {
            run.writeRecord(record("r", RunStatus.RUNNING, step));
        }
        try (var files = Files.list(run.path())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(RunDirectory.RECORD);
        }
        assertThat(run.record().orElseThrow().getStep()).isEqualTo(19);
    }

    @Test
    void wrongInputGetsClearMessages() throws Exception {
        assertThatThrownBy(() -> RunStore.open(root.resolve("nope")))
                .isInstanceOf(StoreException.class).hasMessageContaining("no run store at");
        RunStore store = RunStore.create(root);
        assertThatThrownBy(() -> store.run("../etc", "x"))
                .isInstanceOf(StoreException.class).hasMessage("invalid study '../etc': use letters, digits, '.', '_' and '-'");
        Path record = store.run("S", "bad").path().resolve(RunDirectory.RECORD);
        Files.createDirectories(record.getParent());
        Files.writeString(record, "<not xmi");
        assertThatThrownBy(() -> store.run("S", "bad").record())
                .isInstanceOf(StoreException.class).hasMessageStartingWith("unreadable run record");
    }

    @Test
    void aSecondLockOnTheSameRunIsRefusedWithAClearMessage() {
        RunDirectory run = RunStore.create(root).run("S", "r");
        try (RunLock lock = run.lock()) {
            assertThatThrownBy(run::lock).isInstanceOf(StoreException.class)
                    .hasMessageContaining("run S/r is running in pid " + ProcessHandle.current().pid() + " (host ");
        }
        try (RunLock again = run.lock()) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void aProbeLookingAtTheLockNeverMakesAStartingWriterGiveUp() throws Exception {
        RunDirectory run = RunStore.create(root).run("S", "probed");
        java.nio.file.Files.createDirectories(run.path());
        // deterministic first: a writer starting while a probe holds the lock (locked, naming no one)
        // waits the probe out instead of giving up on a run nobody trains
        try (java.nio.channels.FileChannel probeChannel = java.nio.channels.FileChannel.open(
                run.path().resolve(RunLock.FILE_NAME), java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock probeLock = probeChannel.lock();
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    probeLock.release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            try (RunLock lock = run.lock()) {
                assertThat(lock).isNotNull();
            } finally {
                release.join();
            }
        }
        java.util.concurrent.atomic.AtomicBoolean looking = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        Thread probe = new Thread(() -> {
            while (looking.get()) {
                RunLock.held(run.path());
                looks.incrementAndGet();
            }
        });
        probe.start();
        try {
            for (int i = 0; i < 200; i++) {
                try (RunLock lock = run.lock()) {
                    assertThat(lock).isNotNull();
                }
            }
        } finally {
            looking.set(false);
            probe.join();
        }
        assertThat(looks.get()).as("probes taken while the writer locked 200 times").isGreaterThan(100);
        try (RunLock lock = run.lock()) {
            assertThat(RunLock.holderOf(run.path())).startsWith("pid " + ProcessHandle.current().pid() + " (host ");
        }
        assertThat(RunLock.held(run.path())).isFalse();
    }
}
