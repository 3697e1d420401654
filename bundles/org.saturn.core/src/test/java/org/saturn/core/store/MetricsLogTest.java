package org.saturn.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {

    @TempDir
    Path folder;

    @Test
    void appendedRowsReadBackInOrder() {
        Path file = folder.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            log.append(0, 0.5, "train.loss", 1.25);
            log.append(250, 12.0, "test.loss", 0.0213);
        }
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            log.append(500, 20.0, "test.loss", 0.0199);
        }

        assertThat(MetricsLog.read(file)).containsExactly(
                new MetricPoint(0, 0.5, "train.loss", 1.25),
                new MetricPoint(250, 12.0, "test.loss", 0.0213),
                new MetricPoint(500, 20.0, "test.loss", 0.0199));
    }

    @Test
    void aTornLastRowIsSkippedByReadersAndRemovedBeforeAppending() throws Exception {
        Path file = folder.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            log.append(1, 1.0, "loss", 2.0);
        }
        Files.writeString(file, "2,1.5,lo", StandardCharsets.UTF_8, StandardOpenOption.APPEND); // killed mid-row

        assertThat(MetricsLog.read(file)).extracting(MetricPoint::step).containsExactly(1L);
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            log.append(2, 2.0, "loss", 1.5);
        }
        assertThat(MetricsLog.read(file)).extracting(MetricPoint::step).containsExactly(1L, 2L);
        assertThat(Files.readString(file)).doesNotContain(",lo\n").endsWith("\n");
    }

    @Test
    void truncateAfterKeepsRowsUpToTheCheckpointStep() {
        Path file = folder.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            for (int step = 0; step <= 1000; step += 250) {
                log.append(step, step / 10.0, "loss", 1.0 / (step + 1));
            }
        }
        MetricsLog.truncateAfter(file, 500);

        assertThat(MetricsLog.read(file)).extracting(MetricPoint::step).containsExactly(0L, 250L, 500L);
    }

    @Test
    void keepOnlyDropsTheRowsAStageWroteAtItsFirstStep() {
        Path file = folder.resolve("metrics.csv");
        try (MetricsLog log = MetricsLog.openForAppend(file)) {
            log.append(20, 1.0, "test.loss", 0.5);
            log.append(20, 1.5, "hessian.trace", 12.0);
            log.append(25, 2.0, "finetune.loss", 0.7);
        }
        MetricsLog.keepOnly(file, p -> p.step() < 20 || p.step() == 20 && !p.key().startsWith("hessian."));

        assertThat(MetricsLog.read(file)).extracting(p -> p.step() + " " + p.key() + " " + p.value())
                .containsExactly("20 test.loss 0.5");
    }

    @Test
    void missingSeriesIsEmpty() {
        assertThat(MetricsLog.read(folder.resolve("none.csv"))).isEmpty();
    }
}
