package org.saturn.engine.run;

import java.util.Locale;

import org.saturn.core.plan.RunConfig;
import org.saturn.engine.model.LossConvention;
import org.saturn.engine.model.ModelSpec;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;

/**
 * The training settings of one resolved run, read from its {@link RunConfig} parameters (the
 * keys the spec compiler writes: {@code model.*}, {@code optimizer.*}, {@code schedule.*},
 * {@code training.*}, ...), with a clear message for a missing or mistyped one.
 */
public record RunSettings(ModelSpec model, Optimizer optimizer, LearningRateSchedule schedule, LossConvention convention,
        int batch, long steps, long evaluateEvery, int patience, double saturationPercent, int saturationEvaluations,
        int decodeBudget, String decodeKind, double temperature, String regime, double regimeWeight,
        long checkpointEvery, String checkpointKeep) {

    public static RunSettings of(RunConfig config) {
        long steps = number(config, "training.steps", null).longValue();
        String norm = text(config, "model.norm", "pre");
        String kind = text(config, "model.kind", null);
        ModelSpec model = switch (kind) {
            case "transformer" -> ModelSpec.transformer(integer(config, "model.layers", null),
                    integer(config, "model.dModel", null), integer(config, "model.heads", null),
                    integer(config, "model.ff", null), number(config, "model.dropout", 0.0).doubleValue(),
                    norm.equals("post") ? ModelSpec.Norm.POST : ModelSpec.Norm.PRE,
                    number(config, "model.normEps", 1e-5).doubleValue(),
                    text(config, "model.positions", "sinusoidal").equals("learned") ? ModelSpec.Positions.LEARNED
                            : ModelSpec.Positions.SINUSOIDAL);
            case "lstm" -> ModelSpec.lstm(integer(config, "model.layers", null), integer(config, "model.embedding", null),
                    integer(config, "model.hidden", null), number(config, "model.dropout", 0.0).doubleValue());
            case "linear" -> ModelSpec.linear();
            default -> throw new IllegalArgumentException("model kind '" + kind + "' cannot be trained yet");
        };
        double lr = number(config, "optimizer.lr", null).doubleValue();
        String optimizerKind = text(config, "optimizer.kind", "adamw");
        Optimizer optimizer = switch (optimizerKind) {
            case "adamw" -> Optimizer.adamW(lr, number(config, "optimizer.weightDecay", 0.0).doubleValue());
            case "adam" -> Optimizer.adam(lr);
            case "sgd" -> Optimizer.sgd(lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizerKind + "'");
        };
        String scheduleKind = text(config, "schedule.kind", "constant");
        int warmup = number(config, "schedule.warmup", 0).intValue();
        LearningRateSchedule schedule = switch (scheduleKind) {
            case "constant" -> LearningRateSchedule.constant();
            case "inverseSqrt" -> LearningRateSchedule.inverseSqrt(Math.max(1, warmup));
            case "cosine" -> LearningRateSchedule.cosine(warmup, (int) steps, 0.0);
            default -> throw new IllegalArgumentException("unknown schedule '" + scheduleKind + "'");
        };
        LossConvention convention = text(config, "loss.pad", "included").toLowerCase(Locale.ROOT).startsWith("ex")
                ? LossConvention.PAD_EXCLUDED : LossConvention.PAD_INCLUDED;
        String regime = config.regime() == null ? "maxLikelihood" : config.regime();
        return new RunSettings(model, optimizer, schedule, convention, integer(config, "training.batch", null), steps,
                number(config, "evaluate.every", Math.max(1, steps / 10)).longValue(),
                number(config, "earlyStopping.patience", 0).intValue(),
                number(config, "saturation.withinPercent", 0).doubleValue(),
                number(config, "saturation.evaluations", 0).intValue(),
                number(config, "decode.budget", 0).intValue(), text(config, "decode.kind", "greedy"),
                number(config, "decode.temperature", 1.0).doubleValue(), regime,
                number(config, "regime.weight", 1.0).doubleValue(),
                number(config, "checkpoint.every", 0).longValue(), text(config, "checkpoint.keep", "best"));
    }

    private static Number number(RunConfig config, String key, Number fallback) {
        Object value = config.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("run " + config.id() + " has no '" + key + "'");
            }
            return fallback;
        }
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be a number, not " + value);
        }
        return n;
    }

    private static int integer(RunConfig config, String key, Number fallback) {
        return number(config, key, fallback).intValue();
    }

    private static String text(RunConfig config, String key, String fallback) {
        Object value = config.get(key);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("run " + config.id() + " has no '" + key + "'");
            }
            return fallback;
        }
        return value.toString();
    }
}
