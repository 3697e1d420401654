package org.saturn.engine.run;

import org.saturn.core.optimal.LossConvention;
import org.saturn.core.plan.RunConfig;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;

/**
 * The training settings of one resolved run, read from its {@link RunConfig} parameters (the
 * keys the spec compiler writes: {@code model.*}, {@code optimizer.*}, {@code schedule.*},
 * {@code training.*}, ...). The compiler resolves every default, so there is none here: a missing
 * or mistyped key is one clear message (a config from another version, or written by hand).
 */
public record RunSettings(ModelSpec model, Optimizer optimizer, LearningRateSchedule schedule, LossConvention convention,
        int batch, long steps, long evaluateEvery, int patience, double saturationPercent, int saturationEvaluations,
        int decodeBudget, String decodeKind, double temperature, String regime, double regimeWeight,
        long checkpointEvery, String checkpointKeep) {

    /** The regime without extra data: it has no weight. */
    static final String MAX_LIKELIHOOD = "maxLikelihood";

    public static RunSettings of(RunConfig config) {
        long steps = number(config, "training.steps").longValue();
        String kind = text(config, "model.kind");
        ModelSpec model = switch (kind) {
            case "transformer" -> ModelSpec.transformer(integer(config, "model.layers"),
                    integer(config, "model.dModel"), integer(config, "model.heads"), integer(config, "model.ff"),
                    real(config, "model.dropout"),
                    choice(config, "model.norm", null, ModelSpec.Norm.class, "pre", "post"),
                    real(config, "model.normEps"),
                    choice(config, "model.positions", null, ModelSpec.Positions.class, "sinusoidal", "learned", "none",
                            "batchRow"))
                    .withActivation(choice(config, "model.activation", "gelu", ModelSpec.Activation.class, "gelu", "relu"))
                    .withScaleEmbedding(bool(config, "model.scaleEmbedding", true))
                    .withKeyPaddingMask(bool(config, "model.keyPaddingMask", false));
            case "lstm" -> ModelSpec.lstm(integer(config, "model.layers"), integer(config, "model.embedding"),
                    integer(config, "model.hidden"), real(config, "model.dropout"))
                    .withLstmDropout(choice(config, "model.dropoutPlacement", "betweenLayers",
                            ModelSpec.LstmDropout.class, "betweenLayers", "beforeOutput"));
            case "linear" -> ModelSpec.linear();
            case "mamba" -> ModelSpec.mamba(integer(config, "model.layers"), integer(config, "model.dModel"),
                    integer(config, "model.dState"), integer(config, "model.dConv"), integer(config, "model.expand"));
            case "xlstm" -> ModelSpec.xlstm(integer(config, "model.layers"), integer(config, "model.dModel"),
                    integer(config, "model.heads"), integer(config, "model.slstmEvery"));
            default -> throw new IllegalArgumentException("model kind '" + kind + "' cannot be trained yet");
        };
        // absent in configs written before the option (and whenever a spec leaves it out)
        model = model.withInit(choice(config, "model.init", "saturn", ModelSpec.Init.class, "saturn", "pytorch"));
        double lr = real(config, "optimizer.lr");
        String optimizerKind = text(config, "optimizer.kind");
        Optimizer optimizer = switch (optimizerKind) {
            case "adamw" -> Optimizer.adamW(lr, real(config, "optimizer.weightDecay"));
            case "adam" -> Optimizer.adam(lr);
            case "sgd" -> Optimizer.sgd(lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizerKind + "'");
        };
        String scheduleKind = text(config, "schedule.kind");
        int warmup = integer(config, "schedule.warmup");
        LearningRateSchedule schedule = switch (scheduleKind) {
            case "constant" -> LearningRateSchedule.constant();
            case "inverseSqrt" -> LearningRateSchedule.inverseSqrt(Math.max(1, warmup));
            case "cosine" -> LearningRateSchedule.cosine(warmup, (int) steps, 0.0);
            default -> throw new IllegalArgumentException("unknown schedule '" + scheduleKind + "'");
        };
        LossConvention convention = LossConvention.ofPadSetting(text(config, "loss.pad"));
        String regime = text(config, RunConfig.REGIME);
        String decodeKind = text(config, "decode.kind");
        return new RunSettings(model, optimizer, schedule, convention, integer(config, "training.batch"), steps,
                number(config, "evaluate.every").longValue(), integer(config, "earlyStopping.patience"),
                real(config, "saturation.withinPercent"), integer(config, "saturation.evaluations"),
                integer(config, "decode.budget"), decodeKind,
                // only sampling has a temperature; greedy decoding takes the logits as they are
                decodeKind.equals("sample") ? real(config, "decode.temperature") : 1.0, regime,
                regime.equals(MAX_LIKELIHOOD) ? 0.0 : real(config, "regime.weight"),
                number(config, "checkpoint.every").longValue(), text(config, "checkpoint.keep"));
    }

    /** A number the config must have. */
    static Number number(RunConfig config, String key) {
        Object value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException("run " + config.id() + " has no '" + key + "'");
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be a number, not " + value);
        }
        return n;
    }

    static int integer(RunConfig config, String key) {
        return number(config, key).intValue();
    }

    private static double real(RunConfig config, String key) {
        return number(config, key).doubleValue();
    }

    /**
     * One of {@code names}, as the enum constant at the same index of {@code type}. {@code before}:
     * the value meant by a config written before the key existed (the engine's behaviour then, so
     * stored runs still read), or null where the key is required.
     */
    private static <E extends Enum<E>> E choice(RunConfig config, String key, String before, Class<E> type,
            String... names) {
        String value = config.get(key) == null && before != null ? before : text(config, key);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(value)) {
                return type.getEnumConstants()[i];
            }
        }
        throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be one of "
                + String.join(", ", names) + ", not " + value);
    }

    /** A boolean; {@code before}: its value in configs written before the key existed. */
    private static boolean bool(RunConfig config, String key, boolean before) {
        Object value = config.get(key);
        if (value == null) {
            return before;
        }
        if (!(value instanceof Boolean b)) {
            throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be true or false, not " + value);
        }
        return b;
    }

    private static String text(RunConfig config, String key) {
        Object value = config.get(key);
        if (value == null) {
            throw new IllegalArgumentException("run " + config.id() + " has no '" + key + "'");
        }
        return value.toString();
    }
}
