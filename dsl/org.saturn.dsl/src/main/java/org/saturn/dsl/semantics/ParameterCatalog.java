package org.saturn.dsl.semantics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every kind that takes {@code name value} parameters (model kinds, optimizers, schedules, decoding
 * modes, built-in generator processes, fine-tuning) with its parameters, their types, ranges,
 * defaults and documentation. Validation, the compiler's defaults, content assist and hover all
 * read this one table, so a new kind is a new entry here and no grammar change.
 */
public final class ParameterCatalog {

    /** Where a kind is used. */
    public enum Section {
        MODEL("model kind"), OPTIMIZER("optimizer"), SCHEDULE("schedule"), DECODING("decoding mode"),
        PROCESS("generator process"), FINETUNING("fine-tuning");

        private final String noun;

        Section(String noun) {
            this.noun = noun;
        }

        public String noun() {
            return noun;
        }
    }

    public enum ValueType {
        INTEGER("a whole number"), REAL("a number"), CHOICE("one of"), BOOLEAN("true or false");

        private final String description;

        ValueType(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /**
     * One parameter. {@code defaultValue} is a {@link Long}, {@link Double}, {@link String},
     * {@link Boolean} or a {@link List} of doubles (arity above one); null where the compiler
     * derives the default from the rest of the spec (then {@code defaultText} says how).
     */
    public record Parameter(String name, ValueType type, int arity, Object defaultValue, String defaultText,
            double min, double max, boolean minExclusive, List<String> choices, String unit, String doc) {

        public String describeType() {
            String base = type == ValueType.CHOICE ? "one of " + String.join(", ", choices) : type.description();
            return arity > 1 ? arity + " values, each " + base : base;
        }

        public String describeRange() {
            if (type != ValueType.INTEGER && type != ValueType.REAL) {
                return "";
            }
            String low = minExclusive ? "above " + format(min) : "at least " + format(min);
            return max == Double.POSITIVE_INFINITY ? low : low + " and at most " + format(max);
        }

        public String describeDefault() {
            if (defaultText != null) {
                return defaultText;
            }
            return format(defaultValue);
        }

        /** Markdown documentation for hover. */
        public String documentation() {
            StringBuilder text = new StringBuilder("**" + name + "**");
            if (!unit.isEmpty()) {
                text.append(" (").append(unit).append(')');
            }
            text.append(": ").append(doc).append("\n\nValue: ").append(describeType());
            String range = describeRange();
            if (!range.isEmpty()) {
                text.append(", ").append(range);
            }
            return text.append(". Default: ").append(describeDefault()).append('.').toString();
        }
    }

    /** A kind with its parameters, in the order a researcher would write them. */
    public record Kind(Section section, String name, String doc, List<Parameter> parameters) {

        public Optional<Parameter> parameter(String parameterName) {
            return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
        }

        public List<String> parameterNames() {
            return parameters.stream().map(Parameter::name).toList();
        }
    }

    private static final Map<Section, Map<String, Kind>> KINDS = new LinkedHashMap<>();

    static {
        Parameter dropout = real("dropout", 0.1, 0, 1, "", "probability of zeroing an activation during training");
        // no default value: the compiler writes model.init only when a spec sets it, so the ids of
        // runs stored before the option existed stay the same
        Parameter init = new Parameter("init", ValueType.CHOICE, 1, null, "saturn", 0, 0, false,
                List.of("saturn", "pytorch"), "", "how the initial weights are drawn: saturn (embeddings N(0, 1/width), "
                        + "zero biases, other matrices U(±1/√fan_in)) or pytorch (PyTorch's module defaults, as the "
                        + "papers' code gets them: nn.Embedding N(0, 1); nn.Linear weights and biases U(±1/√fan_in); "
                        + "attention in-projection Xavier-uniform with zero bias, out-projection bias zero; LSTM "
                        + "weights U(±1/√hidden) with the bias the sum of nn.LSTM's two such biases; every "
                        + "Transformer block starts as a copy of the first, as nn.TransformerEncoder clones its layer)");
        kind(Section.MODEL, "transformer", "causal Transformer decoder",
                integer("layers", 5, 1, "", "number of decoder blocks"),
                integer("dModel", 10, 1, "", "width of the residual stream (embedding size); divisible by heads"),
                integer("heads", 5, 1, "", "attention heads per block"),
                integer("ff", 1024, 1, "", "hidden width of the feed-forward sub-layer"),
                dropout,
                choice("norm", "post", "where LayerNorm sits: post (after the residual add, as in the papers) or pre",
                        "pre", "post"),
                positive("normEps", 6e-3, "", "LayerNorm epsilon"),
                choice("positions", "sinusoidal", "position encoding: sinusoidal (fixed, Vaswani et al.), learned "
                        + "(one trained vector per position) or none (no position vector: only the causal mask orders "
                        + "the tokens; the papers' Transformer in effect, SCIENCE.md §7) or batchRow (the papers' "
                        + "code as it runs: sequence r of a batch gets the sinusoidal vector of position r at every "
                        + "one of its positions, so nothing orders the tokens and a sequence's outputs depend on its "
                        + "row in the batch: in training its row in the step's batch, the regime's rows after the "
                        + "data rows (the papers run the regime loss as its own batch from row 0); for the test loss "
                        + "its row in the test set; in decoding its row among the prompts of its length, in the prompt set's order)",
                        "sinusoidal", "learned", "none", "batchRow"),
                choice("activation", "gelu", "feed-forward activation: gelu (x·sigmoid(1.702x)) or relu (the papers' "
                        + "choice)", "gelu", "relu"),
                bool("scaleEmbedding", true, "multiply token embeddings by the square root of dModel (as the papers "
                        + "do); false adds the positions to the raw embeddings"),
                bool("keyPaddingMask", false, "attention ignores keys whose input is PAD (PyTorch's "
                        + "src_key_padding_mask); with causal attention this changes only the outputs at PAD inputs, "
                        + "which count in the loss only when PAD targets do. The papers use none (false)"),
                init);
        kind(Section.MODEL, "lstm", "stacked LSTM",
                integer("layers", 5, 1, "", "number of stacked LSTM layers"),
                integer("embedding", 10, 1, "", "token embedding size"),
                integer("hidden", 64, 1, "", "hidden state size of each layer"),
                real("dropout", 0.4, 0, 1, "", "probability of zeroing an activation during training, where "
                        + "dropoutPlacement says"),
                choice("dropoutPlacement", "betweenLayers", "where the dropout sits: betweenLayers (after every "
                        + "layer but the last, as PyTorch's nn.LSTM) or beforeOutput (once, on the top layer's "
                        + "output before the read-out: the papers' code)", "betweenLayers", "beforeOutput"),
                init);
        kind(Section.MODEL, "linear", "causal linear baseline: next-token logits from a linear map of the prefix",
                integer("embedding", 10, 1, "", "token embedding size"),
                integer("window", 8, 1, "tokens", "how many preceding tokens the linear map sees"),
                init);
        kind(Section.MODEL, "mamba", "Mamba selective state-space model (Gu & Dao 2023): pre-RMSNorm residual blocks "
                + "of in_proj, causal depthwise convolution, input-dependent Δ, B, C, selective scan and SiLU gating; "
                + "no dropout; defaults are the papers' (d_model 32, 10 layers, d_state 16, d_conv 8)",
                integer("layers", 10, 1, "", "number of Mamba blocks"),
                integer("dModel", 32, 1, "", "width of the residual stream (embedding size); dt_rank is "
                        + "ceil(dModel / 16)"),
                integer("dState", 16, 1, "", "state dimensions per channel of the selective scan (N)"),
                integer("dConv", 8, 1, "tokens", "width of the causal depthwise convolution"),
                integer("expand", 2, 1, "", "inner channels per residual dimension: the mixer works on "
                        + "expand × dModel channels"));
        kind(Section.MODEL, "xlstm", "xLSTM (Beck et al. 2024): pre-RMSNorm residual blocks, each an mLSTM block "
                + "(up-projection to 2 × dModel; queries, keys, values; per head a matrix memory C with normaliser n; "
                + "output gated by SiLU(z), down-projection) or an sLSTM block (per unit exponential input and "
                + "sigmoid forget gates, recurrent connections block-diagonal per head, normaliser n; then a "
                + "gated-GELU feed-forward of 4/3 × dModel); both with the stabiliser state m; no dropout. "
                + "Simplified against the paper: RMSNorm for LayerNorm, no causal convolution, no GroupNorm of "
                + "the heads, no learnable skip or mLSTM output gate, full q/k/v projections",
                integer("layers", 4, 1, "", "number of xLSTM blocks"),
                integer("dModel", 32, 1, "", "width of the residual stream (embedding size); divisible by heads"),
                integer("heads", 4, 1, "", "heads per block: the mLSTM's memory has one (2 dModel / heads)² "
                        + "matrix per head, the sLSTM's recurrence one dModel / heads block per head"),
                integer("slstmEvery", 2, 0, "", "block pattern: block l (counting from 1) is an sLSTM block when "
                        + "slstmEvery divides l, the others are mLSTM blocks; 0: mLSTM only, 1: sLSTM only, "
                        + "2 with 4 layers: m s m s"));

        Parameter learningRate = positive("lr", 2e-3, "", "peak learning rate");
        Parameter weightDecay = real("weightDecay", 0.01, 0, Double.POSITIVE_INFINITY, "",
                "decoupled weight decay coefficient");
        Parameter betas = new Parameter("betas", ValueType.REAL, 2, List.of(0.9, 0.999), null, 0, 1, false, List.of(),
                "", "exponential decay rates of the first and second moment estimates, as `betas 0.9, 0.999`");
        Parameter epsilon = positive("eps", 1e-8, "", "denominator epsilon of the update");
        kind(Section.OPTIMIZER, "adamw", "Adam with decoupled weight decay (the papers' optimizer)", learningRate,
                weightDecay, betas, epsilon);
        kind(Section.OPTIMIZER, "adam", "Adam without weight decay", learningRate, betas, epsilon);
        kind(Section.OPTIMIZER, "sgd", "stochastic gradient descent", learningRate,
                real("momentum", 0.0, 0, 1, "", "heavy-ball momentum"),
                real("weightDecay", 0.0, 0, Double.POSITIVE_INFINITY, "", "L2 weight decay coefficient"));

        kind(Section.SCHEDULE, "constant", "constant learning rate after an optional linear warm-up",
                integer("warmup", 0, 0, "steps", "linear warm-up from 0 to the peak learning rate"));
        // in epochs of a fixed training set (train on ... words): the compiler turns it into warmup steps
        Parameter warmupEpochs = new Parameter("warmupEpochs", ValueType.INTEGER, 1, null, "none (warmup counts steps)",
                0, Double.POSITIVE_INFINITY, false, List.of(), "epochs", "the warm-up in passes over the fixed "
                        + "training set (`train on N words` or `train on all words`); replaces warmup");
        kind(Section.SCHEDULE, "inverseSqrt", "linear warm-up, then decay with the inverse square root of the step",
                integer("warmup", 1000, 0, "steps", "linear warm-up from 0 to the peak learning rate"), warmupEpochs);
        kind(Section.SCHEDULE, "cosine", "linear warm-up, then cosine decay to minLr at the last step",
                integer("warmup", 0, 0, "steps", "linear warm-up from 0 to the peak learning rate"), warmupEpochs,
                real("minLr", 0.0, 0, Double.POSITIVE_INFINITY, "", "learning rate at the end of training"));

        Parameter budget = new Parameter("budget", ValueType.INTEGER, 1, null, "the language's maxLength", 1,
                Double.POSITIVE_INFINITY, false, List.of(), "tokens",
                "most tokens generated after the prompt; decoding also stops at EOS");
        kind(Section.DECODING, "greedy", "always the most probable next token", budget);
        kind(Section.DECODING, "sample", "sample each next token from the model's distribution",
                positive("temperature", 1.0, "", "divides the logits before the softmax"), budget);

        kind(Section.PROCESS, "dyck", "random nested walk over ( [ ) ]: open ( or [ from an empty stack, else open "
                + "or close the top with equal odds; stops when the stack first empties (SCIENCE.md §3)");
        kind(Section.PROCESS, "csDyck", "context-sensitive Dyck: ( ) and [ ] on two independent stacks, "
                + "crossing allowed, length exactly 2l");

        kind(Section.FINETUNING, "finetuning", "continue training a pre-trained model on another language",
                integer("steps", 1000, 1, "steps", "fine-tuning optimizer steps"),
                integer("examples", 0, 0, "words", "size of the fine-tuning set; 0 draws fresh words every batch"),
                positive("lr", 1e-4, "", "fine-tuning learning rate (constant)"),
                new Parameter("batch", ValueType.INTEGER, 1, null, "the protocol's batch", 1,
                        Double.POSITIVE_INFINITY, false, List.of(), "words", "fine-tuning batch size"),
                positive("reparametrizeScale", 1.0, "",
                        "function-preserving reparametrisation c before fine-tuning (same function, other "
                                + "parameters): Transformer queries and values × c, keys and the attention output "
                                + "projection / c; LSTM embedding × c and first-layer input weights / c; "
                                + "1 leaves the parameters unchanged, the linear baseline, Mamba and xLSTM allow only 1"),
                integer("hessianTraceSamples", 0, 0, "samples",
                        "Hutchinson samples for the trace of the pre-training loss Hessian and the relative "
                                + "flatness of the output layer (0: not measured); with hessianTraceTolerance the "
                                + "most samples"),
                real("hessianTraceTolerance", 0.0, 0.0, 0.5, "",
                        "stop sampling once each estimate's standard error is at most this fraction of it "
                                + "(after 10 samples; e.g. 0.05); 0: exactly hessianTraceSamples samples"),
                // no default value: written only when a spec sets it, so stored fine-tuning runs keep their ids
                new Parameter("hessianAt", ValueType.CHOICE, 1, null, "pretrained", 0, 0, false,
                        List.of("pretrained", "finetuned", "both"), "", "where the Hessian trace and the relative "
                                + "flatness are measured (with hessianTraceSamples > 0): pretrained (the pre-training "
                                + "loss at the pre-trained weights after the reparametrisation, keys hessian.*), "
                                + "finetuned (the fine-tuning loss at the fine-tuned weights, keys finetune.hessian.*) "
                                + "or both"),
                choice("from", "latest", "the pre-training checkpoint fine-tuning starts from: latest (its end) or "
                        + "best (its minimum test loss; needs checkpoint keep best or all)", "latest", "best"),
                integer("evaluateEvery", 100, 1, "steps", "evaluation interval during fine-tuning"));
    }

    private ParameterCatalog() {
    }

    public static Optional<Kind> kind(Section section, String name) {
        return Optional.ofNullable(KINDS.getOrDefault(section, Map.of()).get(name));
    }

    public static List<Kind> kinds(Section section) {
        return List.copyOf(KINDS.getOrDefault(section, Map.of()).values());
    }

    public static List<String> kindNames(Section section) {
        return List.copyOf(KINDS.getOrDefault(section, Map.of()).keySet());
    }

    /** The single fine-tuning kind (fine-tuning has parameters but no kind keyword). */
    public static Kind finetuning() {
        return kind(Section.FINETUNING, "finetuning").orElseThrow();
    }

    /**
     * What the engine trains with for a parameter the catalogue accepts but the engine does not read
     * yet: the one value it always uses, or null where it has no such setting at all.
     */
    public record EngineValue(Object value) {
    }

    private static final Map<String, EngineValue> NOT_READ_BY_ENGINE = new LinkedHashMap<>();

    static {
        // keep in step with org.saturn.engine.run.RunSettings, which reads every other parameter
        NOT_READ_BY_ENGINE.put("linear.embedding", new EngineValue(null));
        NOT_READ_BY_ENGINE.put("linear.window", new EngineValue(null));
        for (String adam : List.of("adamw", "adam")) {
            NOT_READ_BY_ENGINE.put(adam + ".betas", new EngineValue(List.of(0.9, 0.999)));
            NOT_READ_BY_ENGINE.put(adam + ".eps", new EngineValue(1e-8));
        }
        NOT_READ_BY_ENGINE.put("sgd.momentum", new EngineValue(0.0));
        NOT_READ_BY_ENGINE.put("sgd.weightDecay", new EngineValue(0.0));
        NOT_READ_BY_ENGINE.put("constant.warmup", new EngineValue(0L));
        NOT_READ_BY_ENGINE.put("cosine.minLr", new EngineValue(0.0));
    }

    /** For a model, optimizer or schedule parameter the engine does not read yet: what it uses instead. */
    public static Optional<EngineValue> engineValue(Kind kind, String parameter) {
        return switch (kind.section()) {
            case MODEL, OPTIMIZER, SCHEDULE -> Optional.ofNullable(NOT_READ_BY_ENGINE.get(kind.name() + "." + parameter));
            default -> Optional.empty();
        };
    }

    static String format(Object value) {
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(ParameterCatalog::format).toList());
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(value);
    }

    private static void kind(Section section, String name, String doc, Parameter... parameters) {
        KINDS.computeIfAbsent(section, s -> new LinkedHashMap<>())
                .put(name, new Kind(section, name, doc, Arrays.asList(parameters)));
    }

    private static Parameter integer(String name, long defaultValue, long min, String unit, String doc) {
        return new Parameter(name, ValueType.INTEGER, 1, defaultValue, null, min, Double.POSITIVE_INFINITY, false,
                List.of(), unit, doc);
    }

    private static Parameter real(String name, double defaultValue, double min, double max, String unit,
            String doc) {
        return new Parameter(name, ValueType.REAL, 1, defaultValue, null, min, max, false, List.of(), unit, doc);
    }

    private static Parameter positive(String name, double defaultValue, String unit, String doc) {
        return new Parameter(name, ValueType.REAL, 1, defaultValue, null, 0, Double.POSITIVE_INFINITY, true,
                List.of(), unit, doc);
    }

    private static Parameter choice(String name, String defaultValue, String doc, String... choices) {
        return new Parameter(name, ValueType.CHOICE, 1, defaultValue, null, 0, 0, false, List.of(choices), "", doc);
    }

    private static Parameter bool(String name, boolean defaultValue, String doc) {
        return new Parameter(name, ValueType.BOOLEAN, 1, defaultValue, null, 0, 0, false, List.of("true", "false"),
                "", doc);
    }

    /** The kind whose parameters may appear inside {@code owner} (a model, a setting, ...), if any. */
    public static Optional<Kind> kindOf(org.eclipse.emf.ecore.EObject owner) {
        if (owner instanceof org.saturn.dsl.saturn.Model model) {
            return kind(Section.MODEL, model.getKind());
        }
        if (owner instanceof org.saturn.dsl.saturn.FineTuning) {
            return Optional.of(finetuning());
        }
        if (owner instanceof org.saturn.dsl.saturn.OptimizerSetting setting) {
            return kind(Section.OPTIMIZER, setting.getKind());
        }
        if (owner instanceof org.saturn.dsl.saturn.ScheduleSetting setting) {
            return kind(Section.SCHEDULE, setting.getKind());
        }
        if (owner instanceof org.saturn.dsl.saturn.DecodingSetting setting) {
            return kind(Section.DECODING, setting.getKind());
        }
        if (owner instanceof org.saturn.dsl.saturn.ProcessGenerator process) {
            return kind(Section.PROCESS, process.getProcess());
        }
        return Optional.empty();
    }
}
