package org.saturn.engine.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.store.RunDirectory;
import org.saturn.engine.train.LearningRateSchedule;
import org.saturn.engine.train.Optimizer;

/**
 * One stage of a run's plan, everything {@link TrainingLoop} needs to train it: what it trains on
 * (language, prompts, batches, regime), the optimiser and schedule, steps and evaluation interval,
 * checkpoint policy and folder prefix, metric keys, and what happens at its start. Pre-training and
 * fine-tuning ({@code then NAME} in a study, keys {@code finetuning.*}; SCIENCE.md §2.3) are two
 * values of this record; a later stage kind is another value, not another loop.
 *
 * @param data           the stage's words (test set, batches) on its language
 * @param batches        where its training batches come from
 * @param regime         the regime's extra batches, or null
 * @param firstStep      the (seed, step) key of the stage's first update: pre-training numbers its
 *                       updates from 0, fine-tuning from 1 (kept: stored runs were drawn so)
 * @param start          what happens before the first update (fine-tuning), or null
 * @param followed       whether another stage comes after this one
 */
public record Stage(Kind kind, RunInputs inputs, RunData data, RunData.Batches batches, RunData.Regime regime,
        double regimeWeight, Optimizer optimizer, LearningRateSchedule schedule, long steps, long evaluateEvery,
        CheckpointPolicy checkpoints, String checkpointPrefix, String metricPrefix, String testLossKey,
        String trainLossKey, int firstStep, Start start, boolean followed) {

    public enum Kind {
        PRETRAINING, FINE_TUNING
    }

    /** The checkpoint folder that keeps a finished stage's weights for the next stage. */
    static final String PRETRAINED = "pretrained";

    /**
     * The fine-tuning's start: the pre-trained weights (fresh optimiser moments) reparametrised by
     * {@code scale} without changing the function ({@link org.saturn.engine.model.Reparametrisation});
     * the pre-training test loss after it and, with {@code hessianProbes} > 0, Hutchinson's trace of
     * the pre-training loss Hessian and the output layer's relative flatness on the first
     * {@value RunData#HESSIAN_WORDS} pre-training test words ({@code hessianProbes} probes, or fewer
     * once the standard error is within {@code hessianTolerance} of the estimate). The weights come
     * from the checkpoint {@code weights}: the pre-training's end ({@link #PRETRAINED}) or its best
     * evaluation ({@code from best}); the store's steps go on from the end either way. With
     * {@code hessianAt} finetuned or both the same measurements of the fine-tuning loss follow the
     * stage's last update (keys {@code finetune.hessian.*}).
     */
    record Start(RunData pretraining, double scale, int hessianProbes, double hessianTolerance, String weights,
            String target, HessianAt hessianAt) {

        /** Whether the pre-trained weights are measured (at this start). */
        boolean measuresPretrained() {
            return hessianProbes > 0 && hessianAt != HessianAt.FINETUNED;
        }

        /** Whether the fine-tuned weights are measured (after the stage's last update). */
        boolean measuresFineTuned() {
            return hessianProbes > 0 && hessianAt != HessianAt.PRETRAINED;
        }
    }

    /**
     * Where fine-tuning measures flatness ({@code hessianAt}): the pre-training loss at the pre-trained
     * (reparametrised) weights, the fine-tuning loss at the fine-tuned weights, or both.
     */
    enum HessianAt {
        PRETRAINED, FINETUNED, BOTH;

        static HessianAt of(RunConfig config) {
            // configs planned before the key existed (stored runs) measured the pre-trained weights only
            Object value = config.get("finetuning.hessianAt");
            if (value == null) {
                return PRETRAINED;
            }
            for (HessianAt at : values()) {
                if (at.name().equalsIgnoreCase(String.valueOf(value))) {
                    return at;
                }
            }
            throw new IllegalArgumentException("fine-tuning measures flatness at pretrained, finetuned or both, not '"
                    + value + "'");
        }
    }

    /** The stages of a run: pre-training, then its fine-tuning when the study has one. */
    public static List<Stage> plan(RunConfig config, RunInputs pretraining, Optional<RunInputs> fineTuning) {
        RunSettings settings = RunSettings.of(config);
        boolean fineTuned = fineTuningRequested(config);
        if (fineTuned && fineTuning.isEmpty()) {
            throw new IllegalArgumentException("run " + config.id() + " has a fine-tuning stage but no fine-tuning "
                    + "language");
        }
        List<Stage> stages = new ArrayList<>();
        DataProtocol protocol = DataProtocol.of(config);
        stages.add(pretraining(settings, RegimeOptions.of(config), protocol, pretraining, fineTuned));
        if (fineTuned) {
            stages.add(fineTuning(config, settings, protocol, pretraining, fineTuning.get()));
        }
        return stages;
    }

    /** Pre-training with Saturn's original regime options. */
    static Stage pretraining(RunSettings settings, RunInputs inputs, boolean followed) {
        return pretraining(settings, RegimeOptions.ORIGINAL, inputs, followed);
    }

    static Stage pretraining(RunSettings settings, RegimeOptions regimeOptions, RunInputs inputs, boolean followed) {
        return pretraining(settings, regimeOptions, DataProtocol.FRESH, inputs, followed);
    }

    /** Pre-training on fresh words every step, or on the protocol's fixed training set in epochs. */
    static Stage pretraining(RunSettings settings, RegimeOptions regimeOptions, DataProtocol protocol,
            RunInputs inputs, boolean followed) {
        RunData data = new RunData(inputs.language(), protocol);
        return new Stage(Kind.PRETRAINING, inputs, data,
                protocol.fixedTraining() ? data.fixedWords(settings.batch()) : data.freshWords(settings.batch()),
                data.regime(settings.regime(), regimeOptions, inputs.prompts(), settings.batch()),
                settings.regimeWeight(),
                settings.optimizer(), settings.schedule(), settings.steps(), settings.evaluateEvery(),
                CheckpointPolicy.of(settings), "", "", MetricKeys.TEST_LOSS, MetricKeys.TRAIN_LOSS, 0, null, followed);
    }

    /** Fine-tuning; its start measures the pre-training on the protocol's test set. */
    static Stage fineTuning(RunConfig config, RunSettings settings, DataProtocol protocol, RunInputs pretraining,
            RunInputs target) {
        if (!target.language().alphabet().equals(pretraining.language().alphabet())) {
            throw new IllegalArgumentException("fine-tuning on " + config.get("finetuning.language") + " needs the "
                    + "pre-training alphabet " + pretraining.language().alphabet() + ", not "
                    + target.language().alphabet());
        }
        RunData data = new RunData(target.language());
        long every = Math.max(1, RunSettings.integer(config, "finetuning.evaluateEvery"));
        Optimizer base = settings.optimizer();
        Optimizer optimizer = new Optimizer(base.kind(), RunSettings.number(config, "finetuning.lr").doubleValue(),
                base.weightDecay());
        // configs planned before these keys existed (stored runs) meant: from the end, a fixed number of probes
        String from = config.get("finetuning.from") == null ? "latest" : String.valueOf(config.get("finetuning.from"));
        if (!from.equals("latest") && !from.equals("best")) {
            throw new IllegalArgumentException("fine-tuning starts from best or latest, not '" + from + "'");
        }
        if (from.equals("best") && !CheckpointPolicy.of(settings).keepsBest()) {
            throw new IllegalArgumentException("fine-tuning from best needs the best pre-training checkpoint: add "
                    + "'checkpoint keep best' (or keep all) to the protocol");
        }
        Start start = new Start(new RunData(pretraining.language(), protocol),
                RunSettings.number(config, "finetuning.reparametrizeScale").doubleValue(),
                RunSettings.integer(config, "finetuning.hessianTraceSamples"),
                config.get("finetuning.hessianTraceTolerance") == null ? 0
                        : RunSettings.number(config, "finetuning.hessianTraceTolerance").doubleValue(),
                from.equals("best") ? TrainingLoop.BEST : PRETRAINED,
                String.valueOf(config.get("finetuning.language")), HessianAt.of(config));
        return new Stage(Kind.FINE_TUNING, target, data,
                data.fineTuningWords(RunSettings.integer(config, "finetuning.batch"),
                        RunSettings.integer(config, "finetuning.examples")),
                null, 0, optimizer, LearningRateSchedule.constant(), RunSettings.integer(config, "finetuning.steps"),
                every, CheckpointPolicy.of(settings, every), "finetune-", MetricKeys.FINE_TUNING,
                MetricKeys.FINE_TUNING_LOSS, MetricKeys.FINE_TUNING_TRAIN_LOSS, 1, start, false);
    }

    /** Whether the run has a fine-tuning stage. */
    public static boolean fineTuningRequested(RunConfig config) {
        return config.get("finetuning") != null;
    }

    /** Whether the run's pre-training is over (its weights are kept for the fine-tuning). */
    public static boolean pretrained(RunDirectory directory) {
        return Checkpoint.step(directory.checkpoint(PRETRAINED)) >= 0;
    }

    /** Keeps the finished pre-training's latest checkpoint as the pre-trained weights (once). */
    static void keepPretrained(RunDirectory directory) {
        if (!pretrained(directory)) {
            Checkpoint.copy(directory.checkpoint(TrainingLoop.LATEST), directory.checkpoint(PRETRAINED));
        }
    }

    boolean fineTuning() {
        return kind == Kind.FINE_TUNING;
    }

    /** The step of the store this stage starts after: 0 for pre-training, the pre-trained step for fine-tuning. */
    long offset(RunDirectory directory) {
        if (!fineTuning()) {
            return 0;
        }
        keepPretrained(directory);
        return Checkpoint.step(directory.checkpoint(PRETRAINED));
    }

    String stoppedMessage(long done, long at) {
        return (fineTuning() ? "stopped at fine-tuning step " + done + " of " + steps + " (step " + at + ")"
                : "stopped at step " + at) + "; run again to resume";
    }

    String finishedMessage() {
        return fineTuning() ? "fine-tuning on " + start.target() + ": fine-tuned " + steps + " steps (scale "
                + start.scale() + (start.weights().equals(PRETRAINED) ? "" : ", from the best pre-training checkpoint")
                + ")" : "trained " + steps + " steps";
    }
}
