package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RunConfig;

class MemoryEstimateTest {

    private static final long MB = MemoryEstimate.MB;

    private static RunConfig transformer(int dModel, int ff, int batch, int maxLength, boolean regime) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("model.kind", "transformer");
        parameters.put("model.layers", 2);
        parameters.put("model.dModel", dModel);
        parameters.put("model.heads", 2);
        parameters.put("model.ff", ff);
        parameters.put("training.batch", batch);
        parameters.put("language.maxLength", maxLength);
        parameters.put("language.definition", "language AnBn { alphabet a b maxLength " + maxLength + " rule R1 \"x\" : a }");
        parameters.put(RunConfig.REGIME, regime ? "oracle" : "maxLikelihood");
        if (regime) {
            parameters.put("regime.prompts", "P");
        }
        parameters.put(RunConfig.SEED, 1);
        return new RunConfig("S", "Tf", parameters);
    }

    private static RunConfig lstm(int hidden, int batch, int maxLength) {
        return new RunConfig("S", "Lstm", Map.of("model.kind", "lstm", "model.layers", 2, "model.embedding", 8,
                "model.hidden", hidden, "training.batch", batch, "language.maxLength", maxLength, RunConfig.REGIME,
                "maxLikelihood", RunConfig.SEED, 1));
    }

    @Test
    void aTinyRunGetsTheFloorsAndTheNativeOverhead() {
        MemoryEstimate tiny = MemoryEstimate.of(transformer(8, 16, 8, 8, false), 1);
        assertThat(tiny.heapBytes()).isBetween(MemoryEstimate.HEAP_FLOOR, MemoryEstimate.HEAP_FLOOR + 16 * MB);
        assertThat(tiny.offHeapBytes()).isBetween(MemoryEstimate.OFF_HEAP_FLOOR, MemoryEstimate.OFF_HEAP_FLOOR + 16 * MB);
        assertThat(tiny.residentBytes()).isEqualTo(tiny.dataBytes() + MemoryEstimate.NATIVE_OVERHEAD);
    }

    @Test
    void theEstimateGrowsWithEverySizeThatCostsMemory() {
        // batches large enough that training, not the evaluation's bounded pass, holds the most
        MemoryEstimate base = MemoryEstimate.of(transformer(16, 64, 256, 32, false), 1);
        assertThat(MemoryEstimate.of(transformer(64, 64, 256, 32, false), 1).dataBytes()).isGreaterThan(base.dataBytes());
        assertThat(MemoryEstimate.of(transformer(16, 1024, 256, 32, false), 1).dataBytes()).isGreaterThan(base.dataBytes());
        assertThat(MemoryEstimate.of(transformer(16, 64, 1024, 32, false), 1).heapBytes()).isGreaterThan(base.heapBytes());
        assertThat(MemoryEstimate.of(transformer(16, 64, 256, 32, true), 1).heapBytes()).isGreaterThan(base.heapBytes());
        // the kernels keep attention's dropout masks as bits and recompute its weights: four times the
        // length costs (nearly) four times the memory, no longer sixteen
        long longer = MemoryEstimate.of(transformer(16, 64, 256, 128, false), 1).dataBytes()
                - MemoryEstimate.HEAP_FLOOR - MemoryEstimate.OFF_HEAP_FLOOR;
        assertThat(longer).isBetween(3 * (base.dataBytes() - MemoryEstimate.HEAP_FLOOR - MemoryEstimate.OFF_HEAP_FLOOR),
                6 * (base.dataBytes() - MemoryEstimate.HEAP_FLOOR - MemoryEstimate.OFF_HEAP_FLOOR));
        // a seed-batched model of three seeds holds three models' activations
        RunConfig run = transformer(16, 64, 256, 32, false);
        assertThat(MemoryEstimate.of(List.of(run, run, run)).dataBytes() - MemoryEstimate.HEAP_FLOOR
                - MemoryEstimate.OFF_HEAP_FLOOR).isGreaterThan(
                        2 * (base.dataBytes() - MemoryEstimate.HEAP_FLOOR - MemoryEstimate.OFF_HEAP_FLOOR));
        assertThat(MemoryEstimate.of(lstm(128, 32, 32), 1).dataBytes())
                .isGreaterThan(MemoryEstimate.of(lstm(16, 32, 32), 1).dataBytes());
    }

    @Test
    void thePaperSizedRunsNeedGigabytesAndTheReducedOnesLessThanOne() {
        // case-study-1.saturn's Transformer (d 10, ff 1024, 5 layers, batch 128, length 256): on the CPU
        // kernels (evaluation in bounded passes) one run fits in 4 GB (measured: 2.63 GB resident with a
        // 2 GB heap; through SameDiff's whole-test-set evaluation it was 21.6 GB)
        Map<String, Object> paper = new LinkedHashMap<>(transformer(10, 1024, 128, 256, false).parameters());
        paper.put("model.layers", 5);
        paper.put("model.heads", 5);
        MemoryEstimate paperRun = MemoryEstimate.of(new RunConfig("S", "Tf", paper), 1);
        assertThat(paperRun.residentBytes()).isBetween(2L << 30, 4L << 30);
        assertThat(paperRun.heapBytes()).isBetween(3L << 29, 7L << 29);
        assertThat(MemoryEstimate.of(transformer(32, 64, 32, 16, true), 1).residentBytes()).isLessThan(1L << 30);
    }

    @Test
    void theJvmFlagsCapHeapOffHeapAndTheWholeProcess() {
        MemoryEstimate memory = new MemoryEstimate(512 * MB, 256 * MB);
        assertThat(memory.jvmOptions()).containsExactly("-Xmx512m",
                "-Dorg.bytedeco.javacpp.maxbytes=" + 256 * MB,
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + (768 * MB + MemoryEstimate.NATIVE_OVERHEAD));
    }

    @Test
    void aGivenTotalIsSplitInTheEstimatesProportions() {
        MemoryEstimate given = MemoryEstimate.ofTotal(3L << 30, new MemoryEstimate(100 * MB, 200 * MB));
        assertThat(given.dataBytes()).isEqualTo(3L << 30);
        assertThat(given.heapBytes()).isEqualTo(1L << 30);
    }

    @Test
    void sizesReadAndWriteAsPeopleWriteThem() {
        assertThat(MemoryEstimate.parseSize("4G", "--memory")).isEqualTo(4L << 30);
        assertThat(MemoryEstimate.parseSize("512m", "--memory")).isEqualTo(512 * MB);
        assertThat(MemoryEstimate.parseSize("1.5g", "--memory")).isEqualTo(3L << 29);
        assertThat(MemoryEstimate.parseSize("2048", "--memory")).isEqualTo(2048);
        assertThat(MemoryEstimate.parseSize("48MB", "--memory")).isEqualTo(48 * MB);
        for (String bad : new String[] { "", "lots", "-1G", "4X", "0", "99999999999T" }) {
            assertThatThrownBy(() -> MemoryEstimate.parseSize(bad, "--memory")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--memory '" + bad + "'");
        }
        assertThat(MemoryEstimate.format(300 * MB)).isEqualTo("300 MB");
        assertThat(MemoryEstimate.format(3L << 30)).isEqualTo("3.0 GB");
        assertThat(MemoryEstimate.slurmSize(300 * MB + 1)).isEqualTo("301M");
    }

    @Test
    void batchRowPositionsEvaluateOnTheKernelsInBoundedPasses() {
        // examples/paper/case-study-1.saturn's Transformer (d 10, ff 1024, 5 layers, batch 128, length 256,
        // positions batchRow): through SameDiff's whole-test-set evaluation it was estimated at 28.8 GB,
        // more than this 23 GB machine (refused); the kernels evaluate and decode it as any Transformer
        Map<String, Object> paper = new LinkedHashMap<>(transformer(10, 1024, 128, 256, false).parameters());
        paper.put("model.layers", 5);
        paper.put("model.heads", 5);
        RunConfig sinusoidal = new RunConfig("S", "Tf", paper);
        MemoryEstimate batchRow = MemoryEstimate.of(sinusoidal.with("model.positions", "batchRow"), 1);
        assertThat(batchRow).isEqualTo(MemoryEstimate.of(sinusoidal, 1));
        assertThat(batchRow.residentBytes()).isLessThan(4L << 30);
    }

    @Test
    void aRegimeOnEveryPromptCountsItsPromptsNotABatch() {
        RunConfig sampled = transformer(16, 64, 8, 32, true);
        // definitions that do not parse: bounded by the most prompts a run decodes (the worker says what is wrong)
        RunConfig every = sampled.with("regime.promptsPerStep", "all");
        assertThat(MemoryEstimate.of(every, 1).heapBytes()).isGreaterThan(MemoryEstimate.of(sampled, 1).heapBytes());
    }

    @Test
    void theKernelsNativeProductBuffersCountOffTheHeap() {
        // the paper-size case study 1: batch 128 x 257 positions through a 1024-wide feed-forward layer; its
        // products stage [tokens x 1024] floats in JavaCPP memory (135 MB each), which maxbytes caps
        MemoryEstimate paper = MemoryEstimate.of(transformer(10, 1024, 128, 256, false), 1);
        assertThat(paper.offHeapBytes()).isGreaterThan(3 * 128L * 257 * 1024 * 4);
    }
}
