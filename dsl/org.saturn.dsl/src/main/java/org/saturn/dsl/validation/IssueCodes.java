package org.saturn.dsl.validation;

/** The codes of the issues the Saturn validators report (what tests and quick fixes match on). */
public final class IssueCodes {

    private static final String PREFIX = "saturn.";
    public static final String DUPLICATE_NAME = PREFIX + "duplicateName";
    public static final String UNRESOLVED_IMPORT = PREFIX + "unresolvedImport";
    public static final String MISSING_MAX_LENGTH = PREFIX + "missingMaxLength";
    public static final String SEVERAL_GENERATORS = PREFIX + "severalGenerators";
    public static final String GENERATOR_VIOLATES_RULE = PREFIX + "generatorViolatesRule";
    public static final String GENERATOR_FAILS = PREFIX + "generatorFails";
    public static final String WORD_TOO_LONG = PREFIX + "wordTooLong";
    public static final String SAME_BRACKETS = PREFIX + "sameBrackets";
    public static final String UNKNOWN_KIND = PREFIX + "unknownKind";
    public static final String UNKNOWN_PARAMETER = PREFIX + "unknownParameter";
    public static final String BAD_VALUE = PREFIX + "badValue";
    public static final String HEADS_DO_NOT_DIVIDE = PREFIX + "headsDoNotDivide";
    public static final String DUPLICATE_SETTING = PREFIX + "duplicateSetting";
    public static final String NO_DURATION = PREFIX + "noDuration";
    public static final String WARMUP_TOO_LONG = PREFIX + "warmupTooLong";
    public static final String INTERVAL_TOO_LONG = PREFIX + "intervalTooLong";
    public static final String NOT_POSITIVE = PREFIX + "notPositive";
    public static final String EMPTY_RANGE = PREFIX + "emptyRange";
    public static final String NO_MODELS = PREFIX + "noModels";
    public static final String NO_SEEDS = PREFIX + "noSeeds";
    public static final String NO_GENERATOR = PREFIX + "noGenerator";
    public static final String DISJOINT_PROMPTS = PREFIX + "disjointPrompts";
    public static final String UNKNOWN_SWEEP_PARAMETER = PREFIX + "unknownSweepParameter";
    public static final String DUPLICATE_SWEEP = PREFIX + "duplicateSweep";
    public static final String UNKNOWN_METRIC = PREFIX + "unknownMetric";
    public static final String METRIC_NEEDS_RULE = PREFIX + "metricNeedsRule";
    public static final String IDENTICAL_RUNS = PREFIX + "identicalRuns";
    public static final String DUPLICATE_REGIME = PREFIX + "duplicateRegime";
    /** A regime option that does not apply: overshoot outside adversarial, or for an R1 without a two-symbol balance. */
    public static final String REGIME_OPTION = PREFIX + "regimeOption";
    public static final String TOO_MANY_PROMPTS = PREFIX + "tooManyPrompts";
    public static final String MISSING_LENGTH = PREFIX + "missingLength";
    public static final String IN_CONTEXT_NEEDS_MIXTURE = PREFIX + "inContextNeedsMixture";
    public static final String DELIMITER_IN_ALPHABET = PREFIX + "delimiterInAlphabet";
    public static final String UNKNOWN_PROCESS = PREFIX + "unknownProcess";
    public static final String NOT_RUNNABLE = PREFIX + "notRunnable";
    /** A fixed data set that does not fit: all words of a huge language, epochs without a fixed training set. */
    public static final String DATA_SET = PREFIX + "dataSet";
    /** A fixed set of more words than the language has: the words repeat. */
    public static final String DATA_SET_REPEATS = PREFIX + "dataSetRepeats";
    /** A study, prompt or parameter the engine would refuse or ignore at run time. */
    public static final String NOT_TRAINABLE = PREFIX + "notTrainable";

    private IssueCodes() {
    }
}
