package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.saturn.engine.bench.OpProfile;
import org.saturn.engine.bench.TrainingBenchmark;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saturn bench}: training throughput of the benchmark models (compare with benchmarks/torch_peer.py). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Training tokens/s (padding counted, all seeds together) of a Transformer, an LSTM, a Mamba and an xLSTM at "
                + "batch 32 x 41 positions, one seed and 8 batched seeds. Run with OMP_NUM_THREADS=1 (./saturn sets it).")
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print {\"results\":[{\"model\",\"width\",\"seeds\",\"tokensPerSecond\",\"tokensPerCpuSecond\"},...]}")
    boolean json;

    @Option(names = "--steps", defaultValue = "20", description = "measured steps per configuration (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--warmup", defaultValue = "10",
            description = "unmeasured steps first, long enough for the JIT to compile SameDiff's Java side (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--model", description = "only this model: transformer, lstm, mamba or xlstm")
    String model;

    @Option(names = "--width", description = "only this width")
    Integer width;

    @Option(names = "--seeds", description = "only this number of batched seeds (any number, not just 1 and 8)")
    Integer seeds;

    @Option(names = "--layers", paramLabel = "N", description = "layers of every model (default 2)")
    Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "attention heads of the Transformer, heads of the xLSTM (default 4)")
    Integer heads;

    @Option(names = "--ff", paramLabel = "N", description = "the Transformer's feed-forward width (default 4 x width)")
    Integer feedForward;

    @Option(names = "--positions", paramLabel = "N", description = "input positions per sequence (default 41); "
            + "the reduced case study 1: --model transformer --width 32 --ff 64 --positions 17 --seeds 3")
    Integer positions;

    @Option(names = "--profile", description = "print where each configuration's step time goes, by SameDiff op "
            + "(with --training graph; profile the CPU kernels with JFR)")
    boolean profile;

    @Option(names = "--training", defaultValue = "cpu", description = "cpu: the hand-written CPU kernels (what saturn "
            + "run uses on the CPU backend); graph: SameDiff's fit (what the CUDA backend uses), for comparison")
    String training;

    @Option(names = "--study", paramLabel = "SPEC", description = "train this spec's studies (as saturn run, real "
            + "workers, a fresh store) and print, as JSON, the wall and CPU time and the worker time split into start-up, "
            + "training, evaluation, decoding, measuring and checkpointing")
    java.nio.file.Path study;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "with --study: workers (default ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--store", paramLabel = "DIR", description = "with --study: train into this new store and keep it "
            + "(default: a temporary store, deleted afterwards)")
    java.nio.file.Path store;

    @Option(names = "--set", paramLabel = "key=value", description = "with --study: override a parameter of every run")
    List<String> sets = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (study != null) {
            return benchStudy();
        }
        if (store != null || !sets.isEmpty()) {
            throw new IllegalArgumentException("--store and --set go with --study SPEC");
        }
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0");
        }
        if (!training.equals("cpu") && !training.equals("graph")) {
            throw new IllegalArgumentException("--training is cpu or graph, not " + training);
        }
        if (profile && training.equals("cpu")) {
            throw new IllegalArgumentException("--profile times SameDiff's ops: use it with --training graph");
        }
        if (training.equals("graph")) {
            System.setProperty(org.saturn.engine.train.Trainer.TRAINING_PROPERTY, "graph");
        }
        if ((width != null && width < 1) || (seeds != null && seeds < 1) || (layers != null && layers < 1)
                || (heads != null && heads < 1) || (feedForward != null && feedForward < 1)) {
            throw new IllegalArgumentException("--width, --seeds, --layers, --heads and --ff must be at least 1");
        }
        if ((width != null && width > 4096) || (layers != null && layers > 64) || (heads != null && heads > 4096)
                || (feedForward != null && feedForward > 65536)) {
            throw new IllegalArgumentException("--width and --heads go up to 4096, --layers to 64, --ff to 65536");
        }
        if (positions != null && (positions < 3 || positions > 4096)) {
            throw new IllegalArgumentException("--positions must be 3 to 4096, not " + positions);
        }
        if (heads != null && width != null && width % heads != 0) {
            throw new IllegalArgumentException("--heads " + heads + " does not divide --width " + width);
        }
        boolean standardWidth = width == null || width == 64 || width == 128;
        List<TrainingBenchmark.Case> cases = new ArrayList<>();
        for (TrainingBenchmark.Case c : TrainingBenchmark.standardCases()) {
            // another width than the table's: measure it at the table's seed counts
            int w = width == null ? c.width() : width;
            if ((model == null || model.equals(c.model())) && (standardWidth ? w == c.width() : c.width() == 64)) {
                int h = heads == null ? 4 : heads;
                if (w % h != 0 && (c.model().equals("transformer") || c.model().equals("xlstm"))) {
                    throw new IllegalArgumentException(h + " heads do not divide width " + w + " (set --heads)");
                }
                cases.add(new TrainingBenchmark.Case(c.model(), w, seeds == null ? c.seeds() : seeds,
                        layers == null ? c.layers() : layers, h, feedForward == null ? 4 * w : feedForward,
                        positions == null ? c.positions() : positions));
            }
        }
        cases = cases.stream().distinct().toList();
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no benchmark matches --model (transformer, lstm, mamba, xlstm)");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("%-12s %6s %6s %14s %14s %10s%n", "model", "width", "seeds", "tokens/s", "tokens/cpu-s", "ms/step");
            out.flush();
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (TrainingBenchmark.Case c : cases) {
            OpProfile ops = profile ? new OpProfile() : null;
            TrainingBenchmark.Result r = TrainingBenchmark.run(c, warmup, steps, ops);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("model", r.model());
            row.put("width", r.width());
            row.put("seeds", r.seeds());
            row.put("tokensPerSecond", Math.round(r.tokensPerSecond()));
            row.put("tokensPerCpuSecond", Math.round(r.tokensPerCpuSecond()));
            row.put("training", r.training());
            results.add(row);
            if (!json) {
                out.printf("%-12s %6d %6d %14.0f %14.0f %10.1f%n", r.model(), r.width(), r.seeds(), r.tokensPerSecond(),
                        r.tokensPerCpuSecond(), r.millisecondsPerStep());
                out.flush();
            }
            if (ops != null) {
                out.print(ops.report(15));
                out.flush();
            }
        }
        if (json) {
            out.println(new ObjectMapper().writeValueAsString(Map.of("results", results)));
        }
        out.flush();
        return 0;
    }

    private int benchStudy() throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(study)) {
            throw new IllegalArgumentException("--study " + study + ": no such spec file");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, not " + workers);
        }
        if (store != null && java.nio.file.Files.exists(store)) {
            throw new IllegalArgumentException("--store " + store + " exists: a benchmark trains into a new store");
        }
        java.nio.file.Path into = store != null ? store : java.nio.file.Files.createTempDirectory("saturn-bench-");
        List<String> arguments = new ArrayList<>();
        for (String set : sets) {
            arguments.add("--set");
            arguments.add(set);
        }
        PrintWriter log = new PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        org.saturn.engine.bench.StudyBenchmark.Result result;
        try {
            if (store == null) {
                java.nio.file.Files.delete(into); // saturn run creates the store
            }
            result = org.saturn.engine.bench.StudyBenchmark.run(study, into, workers, arguments, log);
        } finally {
            if (store == null && java.nio.file.Files.exists(into)) {
                org.saturn.engine.bench.StudyBenchmark.delete(into);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result.json(study)));
        out.flush();
        return result.exitCode();
    }
}
