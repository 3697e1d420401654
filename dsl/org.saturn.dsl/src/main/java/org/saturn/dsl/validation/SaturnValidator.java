package org.saturn.dsl.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.saturn.core.plan.RunConfig;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SaturnCompiler.SpecException;
import org.saturn.dsl.saturn.Balanced;
import org.saturn.dsl.saturn.CheckpointSetting;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.DurationSetting;
import org.saturn.dsl.saturn.EarlyStoppingSetting;
import org.saturn.dsl.saturn.Element;
import org.saturn.dsl.saturn.EvaluationSetting;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.Generator;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.Import;
import org.saturn.dsl.saturn.InContextPrompts;
import org.saturn.dsl.saturn.IntegerRange;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Metric;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.Production;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.Regime;
import org.saturn.dsl.saturn.RegimeSetting;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.SampleUnit;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.saturn.SaturationStopSetting;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.saturn.Setting;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Sweep;
import org.saturn.dsl.saturn.SweepValue;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.Task;
import org.saturn.dsl.saturn.TemplateGenerator;
import org.saturn.dsl.saturn.Variable;
import org.saturn.dsl.scoping.SaturnImportResolver;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.semantics.ParameterValues;
import org.saturn.dsl.semantics.RuleEvaluator;
import org.saturn.dsl.semantics.Sources;
import org.saturn.dsl.semantics.WordSampler;

/**
 * Checks a researcher would want before a single run starts. Each message names the offending
 * element and says what to do; its range is the offending name, value or line.
 */
public class SaturnValidator extends AbstractSaturnValidator {

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
    public static final String TOO_MANY_PROMPTS = PREFIX + "tooManyPrompts";
    public static final String MISSING_LENGTH = PREFIX + "missingLength";
    public static final String IN_CONTEXT_NEEDS_MIXTURE = PREFIX + "inContextNeedsMixture";
    public static final String DELIMITER_IN_ALPHABET = PREFIX + "delimiterInAlphabet";
    public static final String UNKNOWN_PROCESS = PREFIX + "unknownProcess";
    public static final String NOT_RUNNABLE = PREFIX + "notRunnable";

    /** How many words the sampling check draws, and from which seed (deterministic diagnostics). */
    public static final int SAMPLED_WORDS = 200;
    public static final long SAMPLING_SEED = 0;

    private static final int MAX_EXHAUSTIVE_PROMPTS = 100_000;

    /** Metric quantities the engine reports; those marked true need `of RULE`. */
    public static final Map<String, Boolean> METRICS = orderedMap("testLoss", false, "trainLoss", false, "gap",
            false, "accuracy", true, "completionAccuracy", true, "grammatical", false, "finished", false,
            "iclAccuracy", false, "finetuneLoss", false, "hessianTrace", false);

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    private final SaturnCompiler compiler = new SaturnCompiler();

    // ----------------------------------------------------------------------------------- names

    @Check
    public void namesAreDistinct(Spec spec) {
        reportDuplicates(spec.getElements(), Element::getName, SATURN.getElement_Name(),
                name -> "'" + name + "' is defined twice in this file");
    }

    @Check
    public void importsResolve(Import anImport) {
        if (SaturnImportResolver.resolve(anImport.eResource(), anImport.getImportURI()) == null) {
            error("Cannot find '" + anImport.getImportURI() + "' next to this file nor in Saturn's library",
                    anImport, SATURN.getImport_ImportURI(), UNRESOLVED_IMPORT);
        }
    }

    @Check
    public void languageNamesAreDistinct(Language language) {
        reportDuplicates(language.getSymbols(), Symbol::getName, SATURN.getGrammarSymbol_Name(),
                name -> "Symbol '" + name + "' appears twice in the alphabet of " + language.getName());
        reportDuplicates(language.getRules(), Rule::getName, SATURN.getRule_Name(),
                name -> "Rule '" + name + "' is defined twice in " + language.getName());
    }

    @Check
    public void variableNamesAreDistinct(TemplateGenerator generator) {
        reportDuplicates(generator.getVariables(), Variable::getName, SATURN.getVariable_Name(),
                name -> "Variable '" + name + "' is declared twice");
    }

    @Check
    public void nonterminalsAreDistinct(GrammarGenerator generator) {
        reportDuplicates(generator.getProductions(), Production::getName, SATURN.getGrammarSymbol_Name(),
                name -> "Nonterminal '" + name + "' has two productions: join them with |");
        Language language = (Language) generator.eContainer();
        for (Production production : generator.getProductions()) {
            if (language.getSymbols().stream().anyMatch(s -> s.getName().equals(production.getName()))) {
                error("Nonterminal '" + production.getName() + "' has the name of a symbol of " + language.getName(),
                        production, SATURN.getGrammarSymbol_Name(), DUPLICATE_NAME);
            }
        }
    }

    // ------------------------------------------------------------------------------- languages

    @Check
    public void languageIsComplete(Language language) {
        if (language.getGenerators().size() > 1) {
            for (int i = 1; i < language.getGenerators().size(); i++) {
                error("A language has one generator; " + language.getName() + " has "
                        + language.getGenerators().size(), language.getGenerators().get(i), null, SEVERAL_GENERATORS);
            }
        }
        if (!language.eIsSet(SATURN.getLanguage_MaxLength())) {
            warning(language.getName() + " sets no maxLength: " + WordSampler.DEFAULT_MAX_LENGTH
                    + " is used (write 'maxLength N' after the alphabet)", language, SATURN.getElement_Name(),
                    MISSING_MAX_LENGTH);
        } else if (language.getMaxLength() < 1) {
            error("maxLength must be at least 1", language, SATURN.getLanguage_MaxLength(), NOT_POSITIVE);
        }
    }

    @Check
    public void bracketsDiffer(Balanced balanced) {
        if (balanced.getOpen() != null && balanced.getOpen() == balanced.getClose()) {
            error("The opening and the closing bracket must be different symbols", balanced,
                    SATURN.getBalanced_Close(), SAME_BRACKETS);
        }
    }

    @Check
    public void processIsKnown(ProcessGenerator process) {
        if (ParameterCatalog.kind(Section.PROCESS, process.getProcess()).isEmpty()) {
            error("Unknown generator process '" + process.getProcess() + "': choose "
                    + String.join(" or ", ParameterCatalog.kindNames(Section.PROCESS)), process,
                    SATURN.getProcessGenerator_Process(), UNKNOWN_PROCESS);
        } else {
            checkParameters(ParameterCatalog.kind(Section.PROCESS, process.getProcess()).get(),
                    process.getParameters());
        }
    }

    /**
     * Samples the generator (fixed seed) and checks every word against every rule of the
     * language, so a generator and its rules cannot silently disagree.
     */
    @Check(CheckType.NORMAL)
    public void generatorAgreesWithRules(Generator generator) {
        if (!(generator.eContainer() instanceof Language language) || hasUnresolvedReferences(language)) {
            return;
        }
        // sampling depends only on the language's text: an editor re-validating after an edit elsewhere reuses it
        String definition = org.saturn.dsl.compiler.DefinitionText.of(language) + "#"
                + language.getGenerators().indexOf(generator);
        List<Finding> cached = SAMPLING_CACHE.get(definition);
        if (cached == null) {
            cached = sample(language, generator);
            synchronized (SAMPLING_CACHE) {
                SAMPLING_CACHE.put(definition, cached);
            }
        }
        for (Finding finding : cached) {
            if (finding.warning()) {
                warning(finding.message(), generator, null, finding.code());
            } else {
                error(finding.message(), generator, null, finding.code());
            }
        }
    }

    private record Finding(boolean warning, String message, String code) {
    }

    /**
     * A language the engine cannot train on yet (a form core does not implement) is legal to write
     * and check, but a researcher should know before launching.
     */
    @Check(CheckType.NORMAL)
    public void languageRunsInCore(Language language) {
        if (language.getGenerators().size() != 1 || language.getRules().isEmpty() || hasUnresolvedReferences(language)
                || getContext() == null) {
            return;
        }
        org.saturn.dsl.compiler.CoreLanguages.unsupportedForm(language).ifPresent(problem -> warning(problem
                + ": this language can be checked and planned, not trained on", language, SATURN.getElement_Name(),
                NOT_RUNNABLE));
    }


    /** Findings of the sampling check per language text (severity, message, code), least recently used dropped. */
    private static final Map<String, List<Finding>> SAMPLING_CACHE = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<Finding>> eldest) {
                    return size() > 256;
                }
            });

    private static List<Finding> sample(Language language, Generator generator) {
        List<Finding> findings = new ArrayList<>();
        RuleEvaluator evaluator = new RuleEvaluator(language);
        WordSampler sampler = new WordSampler(language, generator, SAMPLING_SEED);
        long maxLength = WordSampler.maxLength(language);
        boolean reportedLength = false;
        try {
            for (int i = 0; i < SAMPLED_WORDS; i++) {
                List<String> word = sampler.next();
                if (word.size() > maxLength && !reportedLength) {
                    findings.add(new Finding(true, "The generator produces words longer than maxLength "
                            + maxLength + " (e.g. of length " + word.size() + "); they will be dropped",
                            WORD_TOO_LONG));
                    reportedLength = true;
                }
                for (Rule rule : language.getRules()) {
                    if (!evaluator.holds(rule, word)) {
                        findings.add(new Finding(false, "The generator produces '" + show(word)
                                + "', which violates rule " + rule.getName()
                                + (rule.getLabel() != null ? " (" + rule.getLabel() + ")" : "")
                                + ": the generator and the rules disagree", GENERATOR_VIOLATES_RULE));
                        return findings;
                    }
                }
            }
        } catch (RuntimeException e) {
            findings.add(new Finding(false, "The generator cannot produce words: " + e.getMessage(),
                    GENERATOR_FAILS));
        }
        return findings;
    }

    // ---------------------------------------------------------------------- mixtures, prompts

    @Check
    public void mixtureIsWellFormed(Mixture mixture) {
        for (Task task : mixture.getTasks()) {
            if (task.eIsSet(SATURN.getTask_Weight()) && !(task.getWeight() > 0)) {
                error("A task weight must be above 0", task, SATURN.getTask_Weight(), NOT_POSITIVE);
            }
        }
        Symbol delimiter = mixture.getDelimiter();
        if (delimiter != null) {
            for (Language language : Sources.languages(mixture)) {
                if (language.getSymbols().stream().anyMatch(s -> s.getName().equals(delimiter.getName()))) {
                    error("The delimiter '" + delimiter.getName() + "' is already a symbol of " + language.getName()
                            + ": choose a token no task uses", delimiter, SATURN.getGrammarSymbol_Name(),
                            DELIMITER_IN_ALPHABET);
                }
            }
        }
        if (mixture.getWordsPerSequence() != null) {
            checkRange(mixture.getWordsPerSequence(), "words per sequence");
        }
    }

    @Check
    public void exhaustivePromptsAreFeasible(ExhaustivePrompts prompts) {
        if (prompts.getLength() < 1) {
            error("The prompt length must be at least 1", prompts, SATURN.getExhaustivePrompts_Length(),
                    NOT_POSITIVE);
            return;
        }
        PromptSet set = (PromptSet) prompts.eContainer();
        int symbols = !prompts.getSymbols().isEmpty() ? prompts.getSymbols().size()
                : set.getSource() == null || set.getSource().eIsProxy() ? 1 : Sources.symbols(set.getSource()).size();
        double count = Math.pow(symbols, prompts.getLength());
        if (count > MAX_EXHAUSTIVE_PROMPTS) {
            warning(String.format("All words of length %d over %d symbols are %.0f prompts: evaluation will be slow; "
                    + "sample some instead", prompts.getLength(), symbols, count), prompts,
                    SATURN.getExhaustivePrompts_Length(), TOO_MANY_PROMPTS);
        }
    }

    @Check
    public void sampledPromptsAreComplete(SampledPrompts prompts) {
        if (prompts.getCount() < 1) {
            error("Sample at least one prompt", prompts, SATURN.getSampledPrompts_Count(), NOT_POSITIVE);
        }
        if (!prompts.getSymbols().isEmpty() && prompts.getLength() == null) {
            error("Say how long the random words are: 'sample " + prompts.getCount() + " "
                    + prompts.getUnit().getLiteral() + " of length 4..12 over ...'", prompts,
                    SATURN.getSampledPrompts_Unit(), MISSING_LENGTH);
        }
        if (prompts.getUnit() == SampleUnit.PREFIXES && prompts.getLength() == null) {
            error("Say how long the prefixes are: 'sample " + prompts.getCount() + " prefixes of length 6 from ...'",
                    prompts, SATURN.getSampledPrompts_Unit(), MISSING_LENGTH);
        }
        if (prompts.getLength() != null) {
            checkRange(prompts.getLength(), "length");
        }
        Language from = prompts.getLanguage();
        if (from != null && !from.eIsProxy() && from.getGenerators().isEmpty()) {
            error(from.getName() + " has no generator to sample from", prompts, SATURN.getSampledPrompts_Language(),
                    NO_GENERATOR);
        }
    }

    @Check
    public void inContextPromptsNeedAMixture(InContextPrompts prompts) {
        PromptSet set = (PromptSet) prompts.eContainer();
        if (set.getSource() instanceof Language) {
            error("In-context prompts are built from the tasks of a mixture; " + set.getSource().getName()
                    + " is a single language", prompts, null, IN_CONTEXT_NEEDS_MIXTURE);
        }
        checkRange(prompts.getExamples(), "examples");
        if (prompts.getQueries() < 1) {
            error("Ask at least one query", prompts, SATURN.getInContextPrompts_Queries(), NOT_POSITIVE);
        }
    }

    // ------------------------------------------------------------------ models and protocols

    @Check
    public void modelIsWellFormed(Model model) {
        Optional<Kind> kind = ParameterCatalog.kind(Section.MODEL, model.getKind());
        if (kind.isEmpty()) {
            error("Unknown model kind '" + model.getKind() + "': choose "
                    + String.join(", ", ParameterCatalog.kindNames(Section.MODEL)), model, SATURN.getModel_Kind(),
                    UNKNOWN_KIND);
            return;
        }
        checkParameters(kind.get(), model.getParameters());
        if (kind.get().name().equals("transformer")) {
            Parameter dModel = find(model.getParameters(), "dModel");
            Parameter heads = find(model.getParameters(), "heads");
            long width = wholeValue(dModel, kind.get(), "dModel");
            long headCount = wholeValue(heads, kind.get(), "heads");
            if (headCount > 0 && width % headCount != 0) {
                Parameter culprit = heads != null ? heads : dModel;
                error("dModel " + width + " is not divisible by " + headCount + " heads: each head gets dModel / heads "
                        + "dimensions", culprit != null ? culprit : model, culprit != null ? null
                                : SATURN.getElement_Name(), HEADS_DO_NOT_DIVIDE);
            }
        }
    }

    @Check
    public void fineTuningIsWellFormed(FineTuning finetuning) {
        checkParameters(ParameterCatalog.finetuning(), finetuning.getParameters());
    }

    @Check
    public void optimizerIsKnown(OptimizerSetting setting) {
        checkKind(Section.OPTIMIZER, setting.getKind(), setting, SATURN.getOptimizerSetting_Kind(),
                setting.getParameters());
    }

    @Check
    public void scheduleIsKnown(ScheduleSetting setting) {
        checkKind(Section.SCHEDULE, setting.getKind(), setting, SATURN.getScheduleSetting_Kind(),
                setting.getParameters());
    }

    @Check
    public void decodingIsKnown(DecodingSetting setting) {
        checkKind(Section.DECODING, setting.getKind(), setting, SATURN.getDecodingSetting_Kind(),
                setting.getParameters());
    }

    @Check
    public void protocolIsConsistent(Protocol protocol) {
        Map<String, Setting> seen = new HashMap<>();
        for (Setting setting : protocol.getSettings()) {
            String key = setting instanceof RegimeSetting regime ? "regime " + regime.getKind().getLiteral()
                    : settingName(setting);
            if (seen.putIfAbsent(key, setting) != null) {
                error("'" + key + "' is set twice in " + protocol.getName(), setting, null, DUPLICATE_SETTING);
            }
        }
        DurationSetting duration = last(protocol, DurationSetting.class);
        if (duration == null) {
            error(protocol.getName() + " sets neither steps nor epochs: add e.g. 'steps 20000'", protocol,
                    SATURN.getElement_Name(), NO_DURATION);
        } else if (duration.getCount() < 1) {
            error("Training needs at least one " + (duration.isSteps() ? "step" : "epoch"), duration,
                    SATURN.getDurationSetting_Count(), NOT_POSITIVE);
        }
        long steps = duration != null && duration.isSteps() ? duration.getCount() : -1;
        ScheduleSetting schedule = last(protocol, ScheduleSetting.class);
        Parameter warmup = schedule == null ? null : find(schedule.getParameters(), "warmup");
        if (steps > 0 && warmup != null && firstNumber(warmup) > steps) {
            error("The warm-up (" + (long) firstNumber(warmup) + " steps) is longer than training (" + steps
                    + " steps): the learning rate never reaches its peak", warmup, SATURN.getParameter_Values(),
                    WARMUP_TOO_LONG);
        }
        EvaluationSetting evaluation = last(protocol, EvaluationSetting.class);
        if (evaluation != null) {
            if (evaluation.getInterval() < 1) {
                error("Evaluate at least every step", evaluation, SATURN.getEvaluationSetting_Interval(),
                        NOT_POSITIVE);
            } else if (steps > 0 && evaluation.getInterval() > steps) {
                warning("Evaluating every " + evaluation.getInterval() + " steps in a " + steps
                        + "-step run evaluates only at the end", evaluation, SATURN.getEvaluationSetting_Interval(),
                        INTERVAL_TOO_LONG);
            }
        }
        CheckpointSetting checkpoint = last(protocol, CheckpointSetting.class);
        if (checkpoint != null && checkpoint.getInterval() < 1) {
            error("Checkpoint at least every step", checkpoint, SATURN.getCheckpointSetting_Interval(), NOT_POSITIVE);
        } else if (checkpoint != null && steps > 0 && checkpoint.getInterval() > steps) {
            warning("Checkpointing every " + checkpoint.getInterval() + " steps in a " + steps
                    + "-step run keeps only the final model", checkpoint, SATURN.getCheckpointSetting_Interval(),
                    INTERVAL_TOO_LONG);
        }
        EarlyStoppingSetting early = last(protocol, EarlyStoppingSetting.class);
        if (early != null && early.getPatience() < 1) {
            error("Patience must be at least 1 evaluation", early, SATURN.getEarlyStoppingSetting_Patience(),
                    NOT_POSITIVE);
        }
        SaturationStopSetting saturation = last(protocol, SaturationStopSetting.class);
        if (saturation != null && !(saturation.getPercent() > 0)) {
            error("The saturation tolerance must be above 0%", saturation,
                    SATURN.getSaturationStopSetting_Percent(), NOT_POSITIVE);
        }
        if (saturation != null && saturation.getEvaluations() < 1) {
            error("Saturation must hold for at least 1 evaluation", saturation,
                    SATURN.getSaturationStopSetting_Evaluations(), NOT_POSITIVE);
        }
        for (RegimeSetting regime : SaturnCompilerAccess.settings(protocol, RegimeSetting.class)) {
            if (regime.eIsSet(SATURN.getRegimeSetting_Weight()) && regime.getWeight() < 0) {
                error("A regime weight cannot be negative", regime, SATURN.getRegimeSetting_Weight(), NOT_POSITIVE);
            }
        }
    }

    // ---------------------------------------------------------------------------------- studies

    @Check
    public void studyIsComplete(Study study) {
        if (study.getModels().isEmpty()) {
            error(study.getName() + " lists no models: add e.g. 'models Tf'", study, SATURN.getElement_Name(),
                    NO_MODELS);
        }
        if (study.getSeeds() == null) {
            warning(study.getName() + " lists no seeds: each configuration runs once, with seed "
                    + SaturnCompiler.DEFAULT_SEED, study, SATURN.getElement_Name(), NO_SEEDS);
        }
        if (study.getSource() instanceof Language language && language.getGenerators().isEmpty()) {
            error(language.getName() + " has no generator, so there is nothing to train on", study,
                    SATURN.getStudy_Source(), NO_GENERATOR);
        }
        if (study.getSource() != null && !study.getSource().eIsProxy() && study.getPrompts() != null
                && !study.getPrompts().eIsProxy() && study.getPrompts().getSource() != null
                && !study.getPrompts().getSource().eIsProxy()) {
            Set<String> language = new HashSet<>(Sources.symbolNames(study.getSource()));
            List<String> prompts = Sources.symbolNames(study.getPrompts().getSource());
            if (prompts.stream().noneMatch(language::contains)) {
                error("The prompts " + study.getPrompts().getName() + " (" + String.join(" ", prompts)
                        + ") share no symbol with " + study.getSource().getName() + " ("
                        + String.join(" ", language) + ")", study, SATURN.getStudy_Prompts(), DISJOINT_PROMPTS);
            }
        }
        Set<Regime> regimes = new HashSet<>();
        for (int i = 0; i < study.getRegimes().size(); i++) {
            if (!regimes.add(study.getRegimes().get(i))) {
                warning("Regime " + study.getRegimes().get(i).getLiteral() + " is listed twice", study,
                        SATURN.getStudy_Regimes(), i, DUPLICATE_REGIME);
            }
        }
        if (study.getSeeds() != null) {
            study.getSeeds().getRanges().forEach(range -> checkRange(range, "seeds"));
        }
        checkSweeps(study);
    }

    private void checkSweeps(Study study) {
        Map<String, Object> base = null;
        if (!study.getSweeps().isEmpty() && !study.getModels().isEmpty() && !hasUnresolvedReferences(study)) {
            try {
                base = compiler.resolve(study, study.getModels().get(0),
                        study.getRegimes().isEmpty() ? Regime.MAX_LIKELIHOOD : study.getRegimes().get(0));
                base.put(RunConfig.SEED, SaturnCompiler.DEFAULT_SEED);
            } catch (RuntimeException e) {
                base = null; // the element at fault has its own error
            }
        }
        Set<String> swept = new HashSet<>();
        for (Sweep sweep : study.getSweeps()) {
            if (!swept.add(sweep.getParameter())) {
                error(sweep.getParameter() + " is varied twice: list all its values in one 'vary' line", sweep,
                        SATURN.getSweep_Parameter(), DUPLICATE_SWEEP);
            }
            if (sweep.getValues().isEmpty()) {
                continue;
            }
            if (sweep.isFixed() && (sweep.getValues().size() > 1
                    || sweep.getValues().get(0).eIsSet(SATURN.getSweepValue_High()))) {
                error("'set' takes one value; to run several, write 'vary " + sweep.getParameter() + " over ...'",
                        sweep, SATURN.getSweep_Values(), BAD_VALUE);
            }
            for (int i = 0; i < sweep.getValues().size(); i++) {
                SweepValue value = sweep.getValues().get(i);
                if (value.eIsSet(SATURN.getSweepValue_High()) && value.getHigh() < value.getLow()) {
                    error("The range " + format(value.getLow()) + ".." + format(value.getHigh())
                            + " is empty: write the smaller bound first", sweep, SATURN.getSweep_Values(), i,
                            EMPTY_RANGE);
                }
            }
            if (base == null) {
                continue;
            }
            String key = sweep.getParameter();
            Object current = key.equals(RunConfig.SEED) ? null : base.get(key);
            boolean inModel = key.startsWith("model.") && study.getModels().stream()
                    .anyMatch(m -> ParameterCatalog.kind(Section.MODEL, m.getKind())
                            .flatMap(k -> k.parameter(key.substring("model.".length()))).isPresent());
            if (current == null && !inModel) {
                List<String> numeric = base.entrySet().stream()
                        .filter(e -> e.getValue() instanceof Long || e.getValue() instanceof Double)
                        .map(Map.Entry::getKey).filter(k -> !k.equals(RunConfig.SEED)).toList();
                error("Cannot vary '" + key + "'" + (key.equals(RunConfig.SEED) ? ": list seeds with 'seeds'"
                        : ": it is not a parameter of this study's runs. Numeric parameters: "
                                + String.join(", ", numeric)), sweep, SATURN.getSweep_Parameter(),
                        UNKNOWN_SWEEP_PARAMETER);
            } else if (current != null && !(current instanceof Long || current instanceof Double)) {
                error("Only numbers can be varied; " + key + " is '" + current + "'", sweep,
                        SATURN.getSweep_Parameter(), UNKNOWN_SWEEP_PARAMETER);
            } else if (current instanceof Long) {
                for (int i = 0; i < sweep.getValues().size(); i++) {
                    SweepValue value = sweep.getValues().get(i);
                    if (value.getLow() != Math.rint(value.getLow())) {
                        error(key + " takes whole numbers, not " + format(value.getLow()), sweep,
                                SATURN.getSweep_Values(), i, BAD_VALUE);
                    }
                }
            }
        }
    }

    /** Runs of one study that coincide would share a run directory: almost always a copy-paste slip. */
    @Check(CheckType.NORMAL)
    public void runsAreDistinct(Study study) {
        if (study.getModels().size() < 2 || hasUnresolvedReferences(study)) {
            return;
        }
        Map<String, Model> byConfiguration = new LinkedHashMap<>();
        for (Model model : study.getModels()) {
            try {
                Map<String, Object> resolved = compiler.resolve(study, model, Regime.MAX_LIKELIHOOD);
                String key = new RunConfig(study.getName(), "", resolved).id();
                Model earlier = byConfiguration.putIfAbsent(key, model);
                if (earlier != null && earlier != model) {
                    warning("Models " + earlier.getName() + " and " + model.getName()
                            + " are configured identically, so their runs coincide", study,
                            SATURN.getStudy_Models(), study.getModels().indexOf(model), IDENTICAL_RUNS);
                }
            } catch (RuntimeException e) {
                return; // reported where the model or protocol is defined
            }
        }
    }

    @Check
    public void metricIsKnown(Metric metric) {
        Boolean needsRule = METRICS.get(metric.getQuantity());
        if (needsRule == null) {
            error("Unknown metric '" + metric.getQuantity() + "': choose one of " + String.join(", ", METRICS.keySet()),
                    metric, SATURN.getMetric_Quantity(), UNKNOWN_METRIC);
        } else if (needsRule && metric.getRule() == null) {
            error(metric.getQuantity() + " is measured per rule: write 'metric " + metric.getQuantity()
                    + " of R1 ...'", metric, SATURN.getMetric_Quantity(), METRIC_NEEDS_RULE);
        } else if (!needsRule && metric.getRule() != null) {
            warning(metric.getQuantity() + " does not depend on a rule; 'of " + metric.getRule().getName()
                    + "' is ignored", metric, SATURN.getMetric_Rule(), METRIC_NEEDS_RULE);
        }
    }

    // ---------------------------------------------------------------------------------- helpers

    private void checkKind(Section section, String kindName, EObject owner, EStructuralFeature kindFeature,
            List<Parameter> parameters) {
        Optional<Kind> kind = ParameterCatalog.kind(section, kindName);
        if (kind.isEmpty()) {
            error("Unknown " + section.noun() + " '" + kindName + "': choose "
                    + String.join(", ", ParameterCatalog.kindNames(section)), owner, kindFeature, UNKNOWN_KIND);
        } else {
            checkParameters(kind.get(), parameters);
        }
    }

    private void checkParameters(Kind kind, List<Parameter> parameters) {
        Set<String> seen = new HashSet<>();
        for (Parameter parameter : parameters) {
            Optional<ParameterCatalog.Parameter> spec = kind.parameter(parameter.getName());
            if (spec.isEmpty()) {
                error(describe(kind) + " has no parameter '" + parameter.getName() + "'"
                        + (kind.parameters().isEmpty() ? "" : "; its parameters are "
                                + String.join(", ", kind.parameterNames())), parameter, SATURN.getParameter_Name(),
                        UNKNOWN_PARAMETER);
                continue;
            }
            if (!seen.add(parameter.getName())) {
                error(parameter.getName() + " is set twice", parameter, SATURN.getParameter_Name(), DUPLICATE_SETTING);
            }
            ParameterValues.problem(spec.get(), parameter).ifPresent(problem -> error(problem, parameter,
                    SATURN.getParameter_Values(), BAD_VALUE));
        }
    }

    private static String describe(Kind kind) {
        return switch (kind.section()) {
            case MODEL -> "A " + kind.name() + " model";
            case FINETUNING -> "Fine-tuning";
            default -> "The " + kind.section().noun() + " " + kind.name();
        };
    }

    private void checkRange(IntegerRange range, String what) {
        if (range.eIsSet(SATURN.getIntegerRange_High()) && range.getHigh() < range.getLow()) {
            error("The " + what + " " + range.getLow() + ".." + range.getHigh()
                    + " are empty: write the smaller bound first", range, null, EMPTY_RANGE);
        }
    }

    private <T> void reportDuplicates(List<? extends T> elements, Function<T, String> name,
            EStructuralFeature feature, Function<String, String> message) {
        Set<String> seen = new HashSet<>();
        for (T element : elements) {
            String elementName = name.apply(element);
            if (elementName != null && !seen.add(elementName)) {
                error(message.apply(elementName), (EObject) element, feature, DUPLICATE_NAME);
            }
        }
    }

    private static Parameter find(List<Parameter> parameters, String name) {
        return parameters.stream().filter(p -> name.equals(p.getName())).findFirst().orElse(null);
    }

    private static long wholeValue(Parameter written, Kind kind, String name) {
        if (written != null) {
            double value = firstNumber(written);
            return value == Math.rint(value) ? (long) value : -1;
        }
        Object fallback = kind.parameter(name).map(ParameterCatalog.Parameter::defaultValue).orElse(null);
        return fallback instanceof Long value ? value : -1;
    }

    private static double firstNumber(Parameter parameter) {
        return parameter.getValues().isEmpty()
                || !(parameter.getValues().get(0) instanceof org.saturn.dsl.saturn.NumberValue number) ? Double.NaN
                        : number.getValue();
    }

    private static String settingName(Setting setting) {
        return switch (setting.eClass().getName()) {
            case "OptimizerSetting" -> "optimizer";
            case "ScheduleSetting" -> "schedule";
            case "BatchSetting" -> "batch";
            case "DurationSetting" -> "steps/epochs";
            case "EvaluationSetting" -> "evaluate every";
            case "EarlyStoppingSetting" -> "early stopping";
            case "SaturationStopSetting" -> "stop when saturated";
            case "LossSetting" -> "loss";
            case "DecodingSetting" -> "decode";
            case "CheckpointSetting" -> "checkpoint";
            default -> setting.eClass().getName();
        };
    }

    private static <T extends Setting> T last(Protocol protocol, Class<T> type) {
        List<T> found = SaturnCompilerAccess.settings(protocol, type);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }

    private static boolean hasUnresolvedReferences(EObject root) {
        for (java.util.Iterator<EObject> all = root.eAllContents(); all.hasNext();) {
            EObject object = all.next();
            for (EObject target : object.eCrossReferences()) {
                if (target.eIsProxy()) {
                    return true;
                }
            }
        }
        return root.eCrossReferences().stream().anyMatch(EObject::eIsProxy);
    }

    private static String show(List<String> word) {
        return word.isEmpty() ? "(the empty word)" : String.join(" ", word);
    }

    private static String format(double value) {
        return org.saturn.dsl.conversion.SaturnValueConverterService.format(value);
    }

    private static Map<String, Boolean> orderedMap(Object... entries) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], (Boolean) entries[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** Settings lookup shared with the compiler. */
    private static final class SaturnCompilerAccess {
        static <T extends Setting> List<T> settings(Protocol protocol, Class<T> type) {
            return protocol.getSettings().stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
