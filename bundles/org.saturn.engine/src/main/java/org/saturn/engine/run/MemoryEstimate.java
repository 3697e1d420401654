package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.saturn.core.plan.RunConfig;

/**
 * How much memory a worker needs for its runs, from their config alone (nothing is built): the
 * Java heap (the CPU kernels' training activations and gradients, weights and optimiser state as
 * float arrays, the data) and ND4J's off-heap memory (the SameDiff graphs' weights and the
 * evaluation's forward pass over the whole test set, with every intermediate array kept, for a kind
 * the CPU kernels cannot evaluate; the kernels evaluate on the heap in bounded passes). Each part
 * has a floor (the JVM, Xtext and ND4J's own needs) and a safety factor over the counted arrays.
 * {@link #jvmOptions()} turns it into the worker's flags; {@link #ofTotal} splits a {@code --memory}
 * given by the user in the same proportions.
 */
public record MemoryEstimate(long heapBytes, long offHeapBytes) {

    public static final long MB = 1L << 20;
    /** The heap a worker needs before it trains anything: picocli, Xtext's injector, EMF, the data sets. */
    static final long HEAP_FLOOR = 96 * MB;
    /** ND4J's off-heap needs for tiny models: its workspaces, the graphs' constants. */
    static final long OFF_HEAP_FLOOR = 64 * MB;
    /**
     * What the process holds besides the heap and the off-heap data: JVM code and metaspace, ND4J's
     * and OpenBLAS's native libraries, thread stacks (measured: 310 MB resident in all for a worker
     * training the quick study's tiny model, heap and off-heap included).
     */
    static final long NATIVE_OVERHEAD = 256 * MB;
    /** Over the counted arrays: temporaries the count leaves out, fragmentation, the garbage collector's room. */
    static final double SAFETY = 1.5;
    private static final long FLOAT = Float.BYTES;
    /** When a language's alphabet cannot be read from its definition (grammars): a generous vocabulary. */
    private static final int DEFAULT_VOCABULARY = 32;
    /** The prompts of every set decoded together, per seed, that the estimate allows for. */
    static final int DECODED_PROMPTS = 1024;
    private static final Pattern ALPHABET = Pattern
            .compile("\\balphabet\\s+(.*?)\\s+(?:maxLength|rule|generate|start|\\})");

    public MemoryEstimate {
        if (heapBytes <= 0 || offHeapBytes <= 0) {
            throw new IllegalArgumentException("a worker's memory must be positive");
        }
    }

    /** The estimate for one worker training these runs (several: one seed-batched model). */
    public static MemoryEstimate of(List<RunConfig> runs) {
        return of(runs.get(0), runs.size());
    }

    /** The estimate for one worker training {@code members} runs like {@code config} as one seed-batched model. */
    public static MemoryEstimate of(RunConfig config, int members) {
        Shape shape = Shape.of(config, members);
        double weights = 6.0 * shape.parameters() * members; // weights, gradients, Adam m+v, copies
        if (shape.evaluatesOnKernels()) {
            // training's arrays are garbage by the time the evaluation runs: the heap holds the larger of the two
            double heap = Math.max(shape.trainingActivations(), shape.kernelEvaluation()) + weights;
            // the SameDiff graph's weights and updater state, and the kernels' native GEMM operands
            double offHeap = 4.0 * shape.parameters() * members + shape.gemmStaging();
            return new MemoryEstimate(HEAP_FLOOR + (long) (SAFETY * FLOAT * heap),
                    OFF_HEAP_FLOOR + (long) (SAFETY * FLOAT * offHeap));
        }
        double heap = shape.trainingActivations() + weights;
        // graph evaluation, graph weights and updater state, the kernels' native GEMM operands (training)
        double offHeap = shape.evaluationActivations() + 4.0 * shape.parameters() * members + shape.gemmStaging();
        return new MemoryEstimate(HEAP_FLOOR + (long) (SAFETY * FLOAT * heap),
                OFF_HEAP_FLOOR + (long) (SAFETY * FLOAT * offHeap));
    }

    /**
     * A total the user gave ({@code --memory}) split between heap and off-heap as {@code proportions}
     * splits its own, or with the heap's full estimate where that is at most half the total (the
     * native overhead is outside the total: it is the same for every run).
     */
    public static MemoryEstimate ofTotal(long totalBytes, MemoryEstimate proportions) {
        long data = Math.max(2 * MB, totalBytes);
        // training (on the heap) comes first: it gets its estimate where that leaves half for the evaluation
        long heap = Math.max(MB, Math.max((long) ((double) data * proportions.heapBytes() / proportions.dataBytes()),
                Math.min(proportions.heapBytes(), data / 2)));
        return new MemoryEstimate(heap, Math.max(MB, data - heap));
    }

    /** Heap plus off-heap: what {@code --memory} sets. */
    public long dataBytes() {
        return heapBytes + offHeapBytes;
    }

    /** The resident memory the worker may reach: heap, off-heap and the process's native overhead. */
    public long residentBytes() {
        return dataBytes() + NATIVE_OVERHEAD;
    }

    /**
     * The worker's JVM flags: the heap, and JavaCPP's off-heap cap (by default the heap size) and
     * its cap on the whole process's resident memory (by default twice that), both set to this
     * estimate so that an overrun is an OutOfMemoryError the worker reports, not a killed machine.
     */
    public List<String> jvmOptions() {
        List<String> options = new ArrayList<>();
        options.add("-Xmx" + Math.max(1, heapBytes / MB) + "m");
        options.add("-Dorg.bytedeco.javacpp.maxbytes=" + offHeapBytes);
        options.add("-Dorg.bytedeco.javacpp.maxphysicalbytes=" + residentBytes());
        return options;
    }

    /** A size such as {@code 4G}, {@code 512m}, {@code 1.5g} or a byte count, in bytes. */
    public static long parseSize(String text, String option) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKmMgGtT]?)[bB]?").matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a memory size (e.g. 4G, 512M)");
        }
        double value = Double.parseDouble(m.group(1));
        int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        double bytes = value * (1L << shift);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a memory size a worker can have");
        }
        return (long) bytes;
    }

    /** A size for people: {@code 850 MB}, {@code 4.2 GB}. */
    public static String format(long bytes) {
        if (bytes < 1000 * MB) {
            return Math.max(1, (bytes + MB - 1) / MB) + " MB";
        }
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }

    /** A size as Slurm's {@code --mem} takes it: whole megabytes, rounded up. */
    public static String slurmSize(long bytes) {
        return ((bytes + MB - 1) / MB) + "M";
    }

    /** The sizes of a run that its memory follows. */
    private record Shape(String kind, int layers, int width, int feedForward, int heads, int vocabulary,
            int positions, long trainingRows, long evaluationRows) {

        static Shape of(RunConfig config, int members) {
            String kind = String.valueOf(config.get("model.kind"));
            int maxLength = integer(config, "language.maxLength", 64);
            int positions = maxLength + 1; // the model sees SOS w EOS minus the last token
            int batch = integer(config, "training.batch", 32);
            boolean regime = config.get("regime.prompts") != null;
            // a regime adds a batch of completed prompts to each step's batch, or every OOD prompt (prompts all)
            long regimeRows = !regime ? 0 : "all".equals(config.get("regime.promptsPerStep")) ? outOfDistribution(config)
                    : batch;
            long trainingRows = (batch + regimeRows) * members;
            // the evaluation runs the whole test set through the graph at once, every seed together
            long evaluationRows = (long) RunData.TEST_WORDS * members;
            int vocabulary = vocabulary(config);
            return switch (kind) {
                case "transformer" -> new Shape(kind, integer(config, "model.layers", 1),
                        integer(config, "model.dModel", 1), integer(config, "model.ff", 1),
                        integer(config, "model.heads", 1), vocabulary, positions, trainingRows, evaluationRows);
                case "lstm" -> new Shape(kind, integer(config, "model.layers", 1),
                        Math.max(integer(config, "model.hidden", 1), integer(config, "model.embedding", 1)), 0, 0,
                        vocabulary, positions, trainingRows, evaluationRows);
                case "xlstm" -> new Shape(kind, integer(config, "model.layers", 1), integer(config, "model.dModel", 1),
                        0, integer(config, "model.heads", 1), vocabulary, positions, trainingRows, evaluationRows);
                // linear and any other kind: logits only
                default -> new Shape(kind, 0, vocabulary, 0, 0, vocabulary, positions, trainingRows, evaluationRows);
            };
        }

        /** Weights of one model. */
        double parameters() {
            double v = vocabulary;
            double d = width;
            return switch (kind) {
                case "transformer" -> 2 * v * d + v + positions * d
                        + layers * (4 * d * d + 4 * d + 2 * d * feedForward + feedForward + 5 * d);
                case "lstm" -> v * d + layers * 4 * d * (2 * d + 1) + d * v + v;
                // an mLSTM block (18 d^2: up 4, q k v 12, down 2) bounds an sLSTM block (12 d^2)
                case "xlstm" -> 2 * v * d + v + layers * 18 * d * d;
                default -> v * v + v;
            };
        }

        /**
         * Floats the CPU kernels keep for one training step (forward activations kept for the backward
         * pass, and the backward pass's own buffers), per layer per token and per sequence.
         */
        /** Floats of each kind the Transformer kernel keeps per block from forward to backward, at most. */
        private static final double KEPT = org.saturn.engine.cpu.TransformerKernel.KEPT_LIMIT;

        double trainingActivations() {
            double tokens = (double) trainingRows * positions;
            double logits = tokens * (2.0 * vocabulary + 2.0 * width);
            return switch (kind) {
                // kept per layer: q k v, merged heads, norms, residuals, the feed-forward pre-activation, dropout
                // masks as bits; one layer at a time: the activated hidden layer and its gradient, and the
                // attention weights of one (sequence, head) (backward recomputes them); per layer up to a
                // limit, the attention weights and the activated hidden layer with its GELU sigmoid (kept, not recomputed)
                case "transformer" -> logits + layers * (tokens * (12.0 * width + feedForward)
                        + trainingRows * heads * positions * (double) positions / 32
                        + Math.min(trainingRows * heads * positions * (double) positions, KEPT)
                        + Math.min(2.0 * tokens * feedForward, 2.0 * KEPT)) + tokens * 4.0 * feedForward;
                // four gates before and after activation, cell, its tanh, state, output, dropout, gate gradients
                case "lstm" -> logits + layers * tokens * 17.0 * width;
                // an mLSTM block keeps every position's matrix memory (2d x 2d / heads) and ~30 d more
                case "xlstm" -> logits + layers * tokens * (4.0 * width * width / heads + 30.0 * width);
                default -> logits;
            };
        }

        /**
         * Floats of the native buffers the kernels' products go through ({@code cpu/Blas}: A, B and C
         * copied to JavaCPP memory, which its maxbytes cap counts): the widest product of a training
         * step, all tokens by the widest layer (feed-forward, gates, projections, logits), three times;
         * for a Transformer also the attention's staged q|k|v, merged heads, their gradient and two
         * [positions, positions] squares.
         */
        double gemmStaging() {
            double tokens = (double) trainingRows * positions;
            double attention = kind.equals("transformer") ? 7.0 * tokens * width + 2.0 * positions * positions : 0;
            return 3.0 * tokens * Math.max(Math.max(feedForward, 4.0 * width), vocabulary) + attention;
        }

        /**
         * Whether the CPU kernels evaluate and decode this kind (else SameDiff does, off the heap);
         * batch-row positions too (each sequence fed as its row of the graph's batch).
         */
        boolean evaluatesOnKernels() {
            return kind.equals("transformer") || kind.equals("lstm") || kind.equals("linear") || kind.equals("xlstm")
                    || kind.equals("mamba");
        }

        /**
         * Floats the CPU kernels hold while they evaluate: one pass of at most
         * {@link org.saturn.engine.cpu.CpuInference#TOKENS_PER_PASS} tokens (activations, logits, one
         * row of attention scores per head), the key/value caches of every prompt decoded at once (up to
         * {@link #DECODED_PROMPTS} per seed), and a copy of each seed's weights.
         */
        double kernelEvaluation() {
            double pass = org.saturn.engine.cpu.CpuInference.TOKENS_PER_PASS;
            double activations = pass * (3.0 * vocabulary + 16.0 * width + 2.0 * feedForward + heads * positions);
            double caches = (double) DECODED_PROMPTS * evaluationRows / RunData.TEST_WORDS * positions
                    * Math.max(1, layers) * 2.0 * width;
            return activations + caches + parameters() * evaluationRows / RunData.TEST_WORDS;
        }

        /** Floats SameDiff holds while it evaluates the test set (forward only, every intermediate array kept). */
        double evaluationActivations() {
            double tokens = (double) evaluationRows * positions;
            double logits = tokens * (3.0 * vocabulary + 4.0 * width);
            return switch (kind) {
                case "transformer" -> logits + layers * (tokens * (12.0 * width + 3.0 * feedForward)
                        + 3.0 * evaluationRows * heads * positions * (double) positions);
                case "lstm" -> logits + layers * tokens * 10.0 * width;
                default -> logits;
            };
        }

        /** The run's OOD prompts (what a regime on every prompt adds to each step), parsed once per prompt set. */
        private static int outOfDistribution(RunConfig config) {
            String key = config.get("prompts.definition") + "\n" + config.get("language.definition") + "\n"
                    + config.get("language.maxLength");
            return PROMPT_COUNTS.computeIfAbsent(key, k -> {
                try {
                    return Definitions.INSTANCE.inputs(config).prompts().outOfDistribution().size();
                } catch (RuntimeException e) {
                    return DECODED_PROMPTS; // the worker reports what is wrong with the definitions; bound the rows
                }
            });
        }

        private static final java.util.Map<String, Integer> PROMPT_COUNTS = new java.util.concurrent.ConcurrentHashMap<>();

        /** One Xtext set-up per JVM, made only when a run trains a regime on every prompt. */
        private static final class Definitions {
            static final org.saturn.dsl.compiler.ConfigDefinitions INSTANCE = new org.saturn.dsl.compiler.ConfigDefinitions();
        }

        private static int integer(RunConfig config, String key, int absent) {
            return config.get(key) instanceof Number number ? Math.max(1, number.intValue()) : absent;
        }

        /** PAD, SOS, EOS and the alphabet's symbols. */
        private static int vocabulary(RunConfig config) {
            Object definition = config.get("language.definition");
            if (definition != null) {
                Matcher m = ALPHABET.matcher(definition.toString());
                if (m.find()) {
                    return 3 + m.group(1).trim().split("\\s+").length;
                }
            }
            return DEFAULT_VOCABULARY;
        }
    }
}
