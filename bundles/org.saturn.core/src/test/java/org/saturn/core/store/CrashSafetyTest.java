package org.saturn.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.results.RunRecord;

/** Real worker processes, killed with SIGKILL while writing, and a reader listing meanwhile. */
class CrashSafetyTest {

    @TempDir
    Path root;

    private Process startWriter(String runId) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StoreWriterProcess.class.getName(),
                root.toString(), "S", runId).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("writer %s started", runId).isEqualTo("locked");
        return process;
    }

    @Test
    void killedWritersLeaveReadableRunsAndReleaseTheirLocks() throws Exception {
        List<Process> writers = new ArrayList<>();
        for (String id : List.of("r1", "r2", "r3")) {
            writers.add(startWriter(id));
        }
        RunStore store = RunStore.open(root);

        // a reader lists the store while three workers write it (at least 1.5 s, and until every
        // worker has written its first record: on a loaded machine a JVM can take a while)
        long start = System.nanoTime();
        int listings = 0;
        List<RunRecord> seen = List.of();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)
                && (seen.size() < 3 || System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(1500))) {
            seen = store.records("S");
            for (RunRecord record : seen) {
                assertThat(record.getStudy()).isEqualTo("CaseStudy1");
            }
            listings++;
        }
        assertThat(seen).hasSize(3);
        assertThatThrownBy(() -> store.run("S", "r1").lock()).isInstanceOf(StoreException.class)
                .hasMessageContaining("pid " + writers.get(0).pid());

        for (Process writer : writers) {
            writer.destroyForcibly(); // SIGKILL: no shutdown hooks, no flush
            assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(listings).isGreaterThan(3);
        for (RunDirectory run : store.runs("S")) {
            RunRecord record = run.record().orElseThrow();
            List<MetricPoint> points = run.metrics();
            assertThat(points).isNotEmpty();
            for (int i = 0; i < points.size(); i++) {
                assertThat(points.get(i).step()).isEqualTo(i); // no gap, no duplicate, no garbage
            }
            assertThat(record.getStep()).isLessThanOrEqualTo(points.size());
            try (RunLock lock = run.lock()) {
                assertThat(lock).as("the dead worker's lock is gone").isNotNull();
            }
        }
    }
}
