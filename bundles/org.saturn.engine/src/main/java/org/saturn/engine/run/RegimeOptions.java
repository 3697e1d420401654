package org.saturn.engine.run;

import java.util.Locale;

import org.saturn.core.plan.RegimeKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.engine.train.RegimeAveraging;

/**
 * How a regime's extra loss is built (SCIENCE.md §7): which completion of each OOD prompt, how its
 * loss is averaged, and which OOD prompts each step trains ({@link RegimeKeys}). The compiler writes
 * a key only when it differs from Saturn's original behaviour (shortest / sequence / sampled), so
 * configs without the keys keep their run ids and results; an absent key means that behaviour.
 *
 * @param completion how an OOD prompt is completed
 * @param averaging  how the extra loss is averaged
 * @param allPrompts every OOD prompt in every step (true) or a batch-size sample drawn by (seed, step)
 */
public record RegimeOptions(Completion completion, RegimeAveraging averaging, boolean allPrompts) {

    /** Config keys: {@code shortest|overshoot}, {@code sequence|completion}, {@code sampled|all}. */
    public static final String COMPLETION = RegimeKeys.COMPLETION;
    public static final String LOSS = RegimeKeys.LOSS;
    public static final String PROMPTS_PER_STEP = RegimeKeys.PROMPTS_PER_STEP;

    /** Saturn's original regimes. */
    public static final RegimeOptions ORIGINAL = new RegimeOptions(Completion.SHORTEST, RegimeAveraging.SEQUENCE,
            false);

    public enum Completion {
        /** The shortest completion that violates R1 (adversarial) or satisfies it (oracle), earliest symbols first. */
        SHORTEST,
        /** The papers' adversarial completion: the two-symbol balance of R1 overshot by one ({@code OodPolicy}). */
        OVERSHOOT
    }

    public static RegimeOptions of(RunConfig config) {
        Completion completion = switch (text(config, COMPLETION, "shortest")) {
            case "shortest" -> Completion.SHORTEST;
            case "overshoot" -> Completion.OVERSHOOT;
            default -> throw invalid(config, COMPLETION, "shortest or overshoot");
        };
        RegimeAveraging averaging = switch (text(config, LOSS, "sequence")) {
            case "sequence" -> RegimeAveraging.SEQUENCE;
            case "completion" -> RegimeAveraging.COMPLETION;
            default -> throw invalid(config, LOSS, "sequence or completion");
        };
        boolean all = switch (text(config, PROMPTS_PER_STEP, "sampled")) {
            case "sampled" -> false;
            case "all" -> true;
            default -> throw invalid(config, PROMPTS_PER_STEP, "sampled or all");
        };
        return new RegimeOptions(completion, averaging, all);
    }

    private static String text(RunConfig config, String key, String absent) {
        Object value = config.get(key);
        return value == null ? absent : value.toString();
    }

    private static IllegalArgumentException invalid(RunConfig config, String key, String allowed) {
        return new IllegalArgumentException("run " + config.id() + ": '" + key + "' must be " + allowed + ", not "
                + config.get(key));
    }

    @Override
    public String toString() {
        return "completion " + completion.name().toLowerCase(Locale.ROOT) + ", loss "
                + averaging.name().toLowerCase(Locale.ROOT) + ", prompts " + (allPrompts ? "all" : "sampled");
    }
}
