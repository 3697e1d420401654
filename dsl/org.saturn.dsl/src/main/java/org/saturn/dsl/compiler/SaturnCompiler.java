package org.saturn.dsl.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.saturn.core.lang.gen.WordEnumeration;
import org.saturn.core.plan.DataKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunPlan;
import org.saturn.dsl.saturn.BatchSetting;
import org.saturn.dsl.saturn.CheckpointSetting;
import org.saturn.dsl.saturn.DataSetSetting;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.DurationSetting;
import org.saturn.dsl.saturn.EarlyStoppingSetting;
import org.saturn.dsl.saturn.EvaluationSetting;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.IntegerRange;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.LossSetting;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.PadConvention;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.Regime;
import org.saturn.core.plan.RegimeKeys;
import org.saturn.dsl.saturn.RegimeAveraging;
import org.saturn.dsl.saturn.RegimeCompletion;
import org.saturn.dsl.saturn.RegimePrompts;
import org.saturn.dsl.saturn.RegimeSetting;
import org.saturn.dsl.saturn.SaturationStopSetting;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.saturn.Setting;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Sweep;
import org.saturn.dsl.saturn.SweepDistribution;
import org.saturn.dsl.saturn.SweepSampling;
import org.saturn.dsl.saturn.SweepValue;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.semantics.ParameterValues;

/**
 * Compiles studies into a {@link RunPlan}: the product models × regimes × seeds × every
 * {@code vary} line, each run fully resolved (defaults from {@link ParameterCatalog} and the
 * protocol defaults below). Expects a spec without errors; on an incomplete spec it throws
 * {@link SpecException} naming what is missing.
 */
public class SaturnCompiler {

    /** Protocol defaults, from the papers (SCIENCE.md §6) where they state one. */
    public static final long DEFAULT_BATCH = 128;
    public static final long DEFAULT_EVALUATION_INTERVAL = 250;
    public static final String DEFAULT_OPTIMIZER = "adamw";
    public static final String DEFAULT_SCHEDULE = "constant";
    public static final String DEFAULT_DECODING = "greedy";
    public static final long DEFAULT_SEED = 1;

    private static final String MAX_LENGTH = "language.maxLength";
    private static final String BUDGET = "decode.budget";
    /** Marks (during compilation only) that the decoding budget was written, not derived from maxLength. */
    private static final String WRITTEN_BUDGET = "decode.budget.written";

    /** A spec the compiler cannot turn into runs; the message says what to add. */
    public static final class SpecException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SpecException(String message) {
            super(message);
        }
    }

    /** Every study of the spec, in order. */
    public RunPlan compile(Spec spec) {
        List<RunConfig> runs = new ArrayList<>();
        spec.getElements().stream().filter(Study.class::isInstance).map(Study.class::cast)
                .forEach(study -> runs.addAll(compile(study)));
        return new RunPlan(runs);
    }

    public List<RunConfig> compile(Study study) {
        if (study.getModels().isEmpty()) {
            throw new SpecException("study " + study.getName() + " lists no models");
        }
        List<Regime> regimes = study.getRegimes().isEmpty() ? List.of(Regime.MAX_LIKELIHOOD) : study.getRegimes();
        List<Long> seeds = seeds(study);
        List<Map<String, Object>> overrides = sweepProduct(study.getSweeps());
        List<RunConfig> runs = new ArrayList<>();
        Map<Long, Long> trainingWords = new HashMap<>(); // all words, by max length: enumerated once
        for (Model model : study.getModels()) {
            for (Regime regime : regimes) {
                Map<String, Object> base = resolveMarked(study, model, regime);
                for (long seed : seeds) {
                    for (Map<String, Object> override : overrides) {
                        Map<String, Object> parameters = new TreeMap<>(base);
                        parameters.put(RunConfig.SEED, seed);
                        override.forEach((key, value) -> parameters.put(key, coerce(base.get(key), value)));
                        if (override.containsKey(MAX_LENGTH) && !base.containsKey(WRITTEN_BUDGET)) {
                            parameters.put(BUDGET, parameters.get(MAX_LENGTH));
                        }
                        parameters.remove(WRITTEN_BUDGET);
                        resolveEpochs(study, parameters, trainingWords);
                        runs.add(new RunConfig(study.getName(), model.getName(), parameters));
                    }
                }
            }
        }
        return runs;
    }

    /**
     * The resolved parameters of one model and regime, before seeds and sweeps (and before counts in
     * epochs become steps: that needs each run's training set).
     */
    public Map<String, Object> resolve(Study study, Model model, Regime regime) {
        Map<String, Object> parameters = resolveMarked(study, model, regime);
        parameters.remove(WRITTEN_BUDGET);
        return parameters;
    }

    /**
     * Turns the counts written in epochs into the steps the engine reads ({@link DataKeys#resolveEpochs}),
     * for this run's training set (its size depends on the run's max length with {@code all words}).
     */
    private static void resolveEpochs(Study study, Map<String, Object> parameters, Map<Long, Long> allWordsByLength) {
        boolean inEpochs = List.of(DataKeys.EPOCHS, DataKeys.EVALUATE_EPOCHS, DataKeys.WARMUP_EPOCHS,
                DataKeys.CHECKPOINT_EPOCHS).stream().anyMatch(parameters::containsKey);
        Object training = parameters.get(DataKeys.TRAIN);
        if (!inEpochs || training == null) {
            if (inEpochs) {
                throw new SpecException("protocol " + study.getProtocol().getName() + " counts epochs, which are "
                        + "passes over a fixed training set: add 'train on N words' or 'train on all words'");
            }
            return;
        }
        long words = training instanceof Number size ? size.longValue()
                : allWordsByLength.computeIfAbsent(((Number) parameters.get(MAX_LENGTH)).longValue(),
                        maxLength -> allWords(study, maxLength));
        DataKeys.resolveEpochs(parameters, words);
    }

    /** How many words {@code train on all words} trains on: every word of the study's language up to maxLength. */
    public static long allWords(Study study, long maxLength) {
        if (!(study.getSource() instanceof Language language)) {
            throw new SpecException("'train on all words' needs a language: study " + study.getName()
                    + " trains on the mixture " + study.getSource().getName());
        }
        int count = WordEnumeration.count(CoreLanguages.toCore(language, (int) maxLength), WordEnumeration.LIMIT);
        if (count < 0) {
            throw new SpecException("'train on all words': " + language.getName() + " has more than "
                    + WordEnumeration.LIMIT + " words up to max length " + maxLength + "; train on a number of words");
        }
        if (count == 0) {
            throw new SpecException("'train on all words': " + language.getName() + " has no word up to max length "
                    + maxLength);
        }
        return count;
    }

    private Map<String, Object> resolveMarked(Study study, Model model, Regime regime) {
        Map<String, Object> parameters = new TreeMap<>();
        require(study.getSource(), "study " + study.getName() + " names no language");
        require(study.getPrompts(), "study " + study.getName() + " names no prompt set");
        require(study.getProtocol(), "study " + study.getName() + " names no protocol");
        require(model, "study " + study.getName() + " names an unknown model");

        parameters.put("language", study.getSource().getName());
        parameters.put("language.kind", study.getSource() instanceof Language ? "language" : "mixture");
        parameters.put("language.definition", DefinitionText.of(study.getSource()));
        long maxLength = study.getSource() instanceof Language language ? CoreLanguages.maxLength(language)
                : org.saturn.dsl.semantics.Sources.languages(study.getSource()).stream()
                        .mapToLong(CoreLanguages::maxLength).max().orElse(CoreLanguages.DEFAULT_MAX_LENGTH);
        parameters.put("language.maxLength", maxLength);
        parameters.put("prompts", study.getPrompts().getName());
        parameters.put("prompts.definition", DefinitionText.of(study.getPrompts()));

        Kind modelKind = kind(Section.MODEL, model.getKind(), "model " + model.getName());
        parameters.put("model.kind", modelKind.name());
        putParameters(parameters, "model.", modelKind, model.getParameters(), Map.of());

        resolveProtocol(parameters, study.getProtocol(), maxLength);

        parameters.put(RunConfig.REGIME, regimeName(regime));
        if (regime != Regime.MAX_LIKELIHOOD) {
            Optional<RegimeSetting> setting = settings(study.getProtocol(), RegimeSetting.class).stream()
                    .filter(s -> s.getKind() == regime).findFirst();
            parameters.put("regime.weight", setting.filter(s -> s.eIsSet(s.eClass().getEStructuralFeature("weight")))
                    .map(RegimeSetting::getWeight).orElse(1.0));
            parameters.put("regime.prompts", setting.map(RegimeSetting::getPrompts).filter(p -> p != null)
                    .map(p -> p.getName()).orElse(study.getPrompts().getName()));
            // only options other than Saturn's original regime are written, so that the configs
            // (and run ids) of existing specs stay as they were; the engine reads an absent key so
            setting.ifPresent(s -> putRegimeOptions(parameters, s));
        }

        FineTuning finetuning = study.getFinetuning();
        if (finetuning != null) {
            require(finetuning.getSource(), "fine-tuning " + finetuning.getName() + " names no language");
            parameters.put("finetuning", finetuning.getName());
            parameters.put("finetuning.language", finetuning.getSource().getName());
            parameters.put("finetuning.language.definition", DefinitionText.of(finetuning.getSource()));
            if (finetuning.getPrompts() != null) {
                parameters.put("finetuning.prompts", finetuning.getPrompts().getName());
                parameters.put("finetuning.prompts.definition", DefinitionText.of(finetuning.getPrompts()));
            }
            putParameters(parameters, "finetuning.", ParameterCatalog.finetuning(), finetuning.getParameters(),
                    Map.of("batch", parameters.get("training.batch")));
        }
        return parameters;
    }

    private void resolveProtocol(Map<String, Object> parameters, Protocol protocol, long maxLength) {
        OptimizerSetting optimizer = single(protocol, OptimizerSetting.class);
        Kind optimizerKind = kind(Section.OPTIMIZER, optimizer == null ? DEFAULT_OPTIMIZER : optimizer.getKind(),
                "optimizer");
        parameters.put("optimizer.kind", optimizerKind.name());
        putParameters(parameters, "optimizer.", optimizerKind,
                optimizer == null ? List.of() : optimizer.getParameters(), Map.of());

        ScheduleSetting schedule = single(protocol, ScheduleSetting.class);
        Kind scheduleKind = kind(Section.SCHEDULE, schedule == null ? DEFAULT_SCHEDULE : schedule.getKind(),
                "schedule");
        parameters.put("schedule.kind", scheduleKind.name());
        putParameters(parameters, "schedule.", scheduleKind, schedule == null ? List.of() : schedule.getParameters(),
                Map.of());

        BatchSetting batch = single(protocol, BatchSetting.class);
        parameters.put("training.batch", batch == null ? DEFAULT_BATCH : (long) batch.getSize());
        DurationSetting duration = single(protocol, DurationSetting.class);
        if (duration == null) {
            throw new SpecException("protocol " + protocol.getName() + " sets neither steps nor epochs");
        }
        parameters.put(duration.isSteps() ? "training.steps" : "training.epochs", (long) duration.getCount());
        // fixed sets: written only when set, so that specs without them keep their configs (and run ids)
        for (DataSetSetting set : settings(protocol, DataSetSetting.class)) {
            String key = switch (set.getRole()) {
                case TRAIN -> DataKeys.TRAIN;
                case VALIDATE -> DataKeys.VALIDATE;
                case TEST -> DataKeys.TEST;
            };
            parameters.put(key, set.isAll() ? DataKeys.ALL : (Object) (long) set.getSize());
        }

        EvaluationSetting evaluation = single(protocol, EvaluationSetting.class);
        long evaluationInterval = evaluation == null ? DEFAULT_EVALUATION_INTERVAL : evaluation.getInterval();
        // in epochs: the count is kept and evaluate.every becomes steps once the training set is known
        parameters.put(evaluation != null && evaluation.isEpochs() ? DataKeys.EVALUATE_EPOCHS : "evaluate.every",
                evaluationInterval);
        EarlyStoppingSetting early = single(protocol, EarlyStoppingSetting.class);
        parameters.put("earlyStopping.patience", early == null ? 0L : (long) early.getPatience());
        SaturationStopSetting saturation = single(protocol, SaturationStopSetting.class);
        parameters.put("saturation.withinPercent", saturation == null ? 0.0 : saturation.getPercent());
        parameters.put("saturation.evaluations", saturation == null ? 0L : (long) saturation.getEvaluations());
        LossSetting loss = single(protocol, LossSetting.class);
        parameters.put("loss.pad", loss != null && loss.getConvention() == PadConvention.EXCLUDES
                ? org.saturn.core.optimal.LossConvention.PAD_EXCLUDED : org.saturn.core.optimal.LossConvention.PAD_INCLUDED);

        DecodingSetting decoding = single(protocol, DecodingSetting.class);
        Kind decodingKind = kind(Section.DECODING, decoding == null ? DEFAULT_DECODING : decoding.getKind(),
                "decoding");
        parameters.put("decode.kind", decodingKind.name());
        putParameters(parameters, "decode.", decodingKind, decoding == null ? List.of() : decoding.getParameters(),
                Map.of("budget", maxLength));
        if (decoding != null && decoding.getParameters().stream().anyMatch(p -> "budget".equals(p.getName()))) {
            parameters.put(WRITTEN_BUDGET, true);
        }

        CheckpointSetting checkpoint = single(protocol, CheckpointSetting.class);
        boolean checkpointEpochs = checkpoint == null ? evaluation != null && evaluation.isEpochs()
                : checkpoint.isEpochs();
        parameters.put(checkpointEpochs ? DataKeys.CHECKPOINT_EPOCHS : "checkpoint.every",
                checkpoint == null ? evaluationInterval : (long) checkpoint.getInterval());
        parameters.put("checkpoint.keep", checkpoint == null || !checkpoint.eIsSet(
                checkpoint.eClass().getEStructuralFeature("keep")) ? "best" : checkpoint.getKeep().getLiteral());
    }

    /** Every parameter of the kind: the written value, else the derived default, else the catalog default. */
    private static void putParameters(Map<String, Object> parameters, String prefix, Kind kind,
            List<Parameter> written, Map<String, Object> derivedDefaults) {
        Map<String, Parameter> byName = new LinkedHashMap<>();
        written.forEach(parameter -> byName.put(parameter.getName(), parameter));
        for (ParameterCatalog.Parameter spec : kind.parameters()) {
            Parameter parameter = byName.get(spec.name());
            Object value = parameter != null ? ParameterValues.convert(spec, parameter)
                    : spec.defaultValue() != null ? spec.defaultValue() : derivedDefaults.get(spec.name());
            if (value != null) {
                parameters.put(prefix + spec.name(), value);
            }
        }
    }

    private static void putRegimeOptions(Map<String, Object> parameters, RegimeSetting setting) {
        if (setting.getCompletion() == RegimeCompletion.OVERSHOOT) {
            parameters.put(RegimeKeys.COMPLETION, setting.getCompletion().getLiteral());
        }
        if (setting.getAveraging() == RegimeAveraging.COMPLETION) {
            parameters.put(RegimeKeys.LOSS, setting.getAveraging().getLiteral());
        }
        if (setting.getPromptsPerStep() == RegimePrompts.ALL) {
            parameters.put(RegimeKeys.PROMPTS_PER_STEP, setting.getPromptsPerStep().getLiteral());
        }
    }

    public static String regimeName(Regime regime) {
        return regime.getLiteral();
    }

    private static List<Long> seeds(Study study) {
        if (study.getSeeds() == null) {
            return List.of(DEFAULT_SEED);
        }
        List<Long> seeds = new ArrayList<>();
        for (IntegerRange range : study.getSeeds().getRanges()) {
            long high = range.eIsSet(range.eClass().getEStructuralFeature("high")) ? range.getHigh() : range.getLow();
            for (long seed = range.getLow(); seed <= high; seed++) {
                if (!seeds.contains(seed)) {
                    seeds.add(seed);
                }
            }
        }
        if (seeds.isEmpty()) {
            throw new SpecException("the seeds of study " + study.getName() + " are empty");
        }
        return seeds;
    }

    /** The product of the sweeps, in the order written (the last sweep varies fastest). */
    private static List<Map<String, Object>> sweepProduct(List<Sweep> sweeps) {
        List<Map<String, Object>> product = new ArrayList<>();
        product.add(Map.of());
        for (Sweep sweep : sweeps) {
            List<Object> values = sweepValues(sweep);
            if (values.isEmpty()) {
                throw new SpecException("vary " + sweep.getParameter() + " has no values");
            }
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : product) {
                for (Object value : values) {
                    Map<String, Object> extended = new LinkedHashMap<>(partial);
                    extended.put(sweep.getParameter(), value);
                    next.add(extended);
                }
            }
            product = next;
        }
        return product;
    }

    /** More sampled values than this is a typo rather than a sweep (each is a run per model, regime and seed). */
    public static final int MAX_SAMPLES = 1000;

    /** Significant digits of a sampled sweep value: enough to tell samples apart, few enough to read in a plan. */
    static final int SAMPLED_DIGITS = 4;

    /**
     * The values a sampling sweep draws: {@code count} draws of {@link java.util.Random} seeded with
     * the sweep's seed (its algorithm is fixed by the JDK's specification, so the same spec gives the
     * same values, and run ids, everywhere), uniform or log-uniform between the bounds, rounded to
     * {@value #SAMPLED_DIGITS} significant digits.
     */
    public static List<Object> sampledValues(SweepSampling sampling) {
        long seed = sampling.eIsSet(sampling.eClass().getEStructuralFeature("seed")) ? sampling.getSeed() : DEFAULT_SEED;
        java.util.Random random = new java.util.Random(seed);
        boolean log = sampling.getDistribution() == SweepDistribution.LOG_UNIFORM;
        if (log && sampling.getLow() <= 0) {
            throw new SpecException("logUniform needs bounds above 0, not " + sampling.getLow());
        }
        if (sampling.getCount() < 1 || sampling.getCount() > MAX_SAMPLES) {
            throw new SpecException("samples is 1 to " + MAX_SAMPLES + ", not " + sampling.getCount());
        }
        double low = log ? Math.log(sampling.getLow()) : sampling.getLow();
        double high = log ? Math.log(sampling.getHigh()) : sampling.getHigh();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < sampling.getCount(); i++) {
            double drawn = low + random.nextDouble() * (high - low);
            double value = log ? Math.exp(drawn) : drawn;
            values.add(new java.math.BigDecimal(value).round(new java.math.MathContext(SAMPLED_DIGITS)).doubleValue());
        }
        return values;
    }

    /** Whole numbers become {@link Long}s (so {@code layers 2} and {@code vary model.layers over 2} agree). */
    public static List<Object> sweepValues(Sweep sweep) {
        if (sweep.getSampling() != null) {
            return sampledValues(sweep.getSampling());
        }
        List<Object> values = new ArrayList<>();
        for (SweepValue value : sweep.getValues()) {
            if (value.eIsSet(value.eClass().getEStructuralFeature("high"))) {
                if (!isWhole(value.getLow()) || !isWhole(value.getHigh())) {
                    throw new SpecException("a range in vary needs whole numbers; list other values with commas");
                }
                for (long v = (long) value.getLow(); v <= (long) value.getHigh(); v++) {
                    values.add(v);
                }
            } else {
                values.add(isWhole(value.getLow()) ? (Object) (long) value.getLow() : (Object) value.getLow());
            }
        }
        return values;
    }

    /** A swept value takes the type of the value it replaces (a real parameter swept over 1, 2 stays real). */
    private static Object coerce(Object replaced, Object value) {
        return replaced instanceof Double && value instanceof Long whole ? (Object) whole.doubleValue() : value;
    }

    static boolean isWhole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    private static Kind kind(Section section, String name, String where) {
        return ParameterCatalog.kind(section, name).orElseThrow(() -> new SpecException(
                where + ": unknown " + section.noun() + " '" + name + "'"));
    }

    static <T extends Setting> List<T> settings(Protocol protocol, Class<T> type) {
        return protocol.getSettings().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends Setting> T single(Protocol protocol, Class<T> type) {
        List<T> found = settings(protocol, type);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static void require(Object element, String message) {
        if (element == null || element instanceof org.eclipse.emf.ecore.EObject object && object.eIsProxy()) {
            throw new SpecException(message);
        }
    }
}
