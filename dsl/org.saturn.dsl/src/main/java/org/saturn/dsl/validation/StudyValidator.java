package org.saturn.dsl.validation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.saturn.core.optimal.OodPolicy;
import org.saturn.core.plan.RunConfig;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.InContextPrompts;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.ListedPrompt;
import org.saturn.dsl.saturn.Metric;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.PromptItem;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.Regime;
import org.saturn.dsl.saturn.RegimeCompletion;
import org.saturn.dsl.saturn.RegimeSetting;
import org.saturn.dsl.saturn.SampleUnit;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.saturn.Source;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Sweep;
import org.saturn.dsl.saturn.SweepDistribution;
import org.saturn.dsl.saturn.SweepSampling;
import org.saturn.dsl.saturn.SweepValue;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Kind;
import org.saturn.dsl.semantics.ParameterCatalog.Section;
import org.saturn.dsl.semantics.Sources;

/**
 * Studies: complete run matrices, sweeps over real parameters, known metrics, and nothing the
 * engine would refuse when the runs start (mixtures, prompts it cannot build, untrainable languages).
 */
public class StudyValidator extends SaturnChecks {

    /** Metric quantities the engine reports; those marked true need `of RULE`. */
    public static final Map<String, Boolean> METRICS = orderedMap("testLoss", false, "trainLoss", false, "gap",
            false, "accuracy", true, "completionAccuracy", true, "grammatical", false, "finished", false,
            "iclAccuracy", false, "finetuneLoss", false, "hessianTrace", false, "relativeFlatness", false);

    private final SaturnCompiler compiler = new SaturnCompiler();

    @Check
    public void studyIsComplete(Study study) {
        if (study.getModels().isEmpty()) {
            error(study.getName() + " lists no models: add e.g. 'models Tf'", study, SATURN.getElement_Name(),
                    IssueCodes.NO_MODELS);
        }
        if (study.getSeeds() == null) {
            warning(study.getName() + " lists no seeds: each configuration runs once, with seed "
                    + SaturnCompiler.DEFAULT_SEED, study, SATURN.getElement_Name(), IssueCodes.NO_SEEDS);
        }
        if (study.getSource() instanceof Language language && language.getGenerators().isEmpty()) {
            error(language.getName() + " has no generator, so there is nothing to train on", study,
                    SATURN.getStudy_Source(), IssueCodes.NO_GENERATOR);
        }
        if (resolved(study.getSource()) && resolved(study.getPrompts())
                && resolved(study.getPrompts().getSource())) {
            Set<String> language = new HashSet<>(Sources.symbolNames(study.getSource()));
            List<String> prompts = Sources.symbolNames(study.getPrompts().getSource());
            if (prompts.stream().noneMatch(language::contains)) {
                error("The prompts " + study.getPrompts().getName() + " (" + String.join(" ", prompts)
                        + ") share no symbol with " + study.getSource().getName() + " ("
                        + String.join(" ", language) + ")", study, SATURN.getStudy_Prompts(),
                        IssueCodes.DISJOINT_PROMPTS);
            }
        }
        Set<Regime> regimes = new HashSet<>();
        for (int i = 0; i < study.getRegimes().size(); i++) {
            if (!regimes.add(study.getRegimes().get(i))) {
                warning("Regime " + study.getRegimes().get(i).getLiteral() + " is listed twice", study,
                        SATURN.getStudy_Regimes(), i, IssueCodes.DUPLICATE_REGIME);
            }
        }
        if (study.getSeeds() != null) {
            study.getSeeds().getRanges().forEach(range -> checkRange(range, "seeds"));
        }
        checkSweeps(study);
    }

    /**
     * What the engine refuses when a run starts (see org.saturn.engine.run.RunInputs) is an error
     * here already: mixtures, languages core cannot train on, prompts it cannot build.
     */
    @Check(CheckType.NORMAL)
    public void studyTrains(Study study) {
        if (hasUnresolvedReferences(study) || !resolved(study.getSource()) || !resolved(study.getPrompts())) {
            return;
        }
        if (study.getSource() instanceof Mixture mixture) {
            mixtureTrains(mixture, study);
        } else if (sourceTrains(study.getSource(), study, SATURN.getStudy_Source(), "train")) {
            studyMaxLength(study).filter(length -> length != CoreLanguages.maxLength((Language) study.getSource()))
                    .ifPresent(length -> trainsAt((Language) study.getSource(), length, study));
            promptsBuild(study.getPrompts(), (Language) study.getSource(), study, SATURN.getStudy_Prompts());
            overshootApplies(study, (Language) study.getSource());
        }
        FineTuning stage = study.getFinetuning();
        if (stage != null && resolved(stage.getSource())
                && sourceTrains(stage.getSource(), study, SATURN.getStudy_Finetuning(), "fine-tune")) {
            List<String> pretraining = Sources.symbolNames(study.getSource());
            List<String> target = Sources.symbolNames(stage.getSource());
            if (study.getSource() instanceof Language && !target.equals(pretraining)) {
                // the model's vocabulary is the pre-training alphabet, token ids in declared order
                error("Fine-tuning on " + stage.getSource().getName() + " needs the alphabet of "
                        + study.getSource().getName() + " in its order (" + String.join(" ", pretraining) + "), not ("
                        + String.join(" ", target) + ")", study, SATURN.getStudy_Finetuning(),
                        IssueCodes.NOT_TRAINABLE);
            }
            promptsBuild(stage.getPrompts() != null ? stage.getPrompts() : study.getPrompts(),
                    (Language) stage.getSource(), study, SATURN.getStudy_Finetuning());
        }
    }

    /** Whether the engine can train on this source; an error on the study's reference to it if not. */
    private boolean sourceTrains(Source source, Study study, org.eclipse.emf.ecore.EStructuralFeature reference,
            String verb) {
        if (source instanceof Mixture mixture) {
            error("Saturn's engine cannot " + verb + " on a mixture: " + mixture.getName()
                    + " is one (a study pre-trains on a mixture; fine-tuning needs a language)", study, reference,
                    IssueCodes.NOT_TRAINABLE);
            return false;
        }
        if (!(source instanceof Language language) || language.getGenerators().isEmpty()) {
            return false; // no generator: reported on its own
        }
        Optional<String> problem = language.getRules().isEmpty() ? Optional.of("it has no rules (declare at least one)")
                : CoreLanguages.unsupportedForm(language);
        problem.ifPresent(reason -> error(language.getName() + " cannot be trained on: " + reason, study, reference,
                IssueCodes.NOT_TRAINABLE));
        return problem.isEmpty();
    }

    /** The adversarial overshoot completion needs an R1 that balances two symbols (OodPolicy.overshootR1). */
    private void overshootApplies(Study study, Language language) {
        boolean overshoot = study.getRegimes().contains(Regime.ADVERSARIAL) && study.getProtocol() != null
                && study.getProtocol().getSettings().stream()
                        .anyMatch(s -> s instanceof RegimeSetting regime && regime.getKind() == Regime.ADVERSARIAL
                                && regime.getCompletion() == RegimeCompletion.OVERSHOOT);
        if (!overshoot) {
            return;
        }
        try {
            OodPolicy.overshootSymbols(CoreLanguages.toCore(language));
        } catch (IllegalArgumentException e) {
            error("The adversarial regime's " + e.getMessage(), study, SATURN.getStudy_Regimes(),
                    study.getRegimes().indexOf(Regime.ADVERSARIAL), IssueCodes.REGIME_OPTION);
        } catch (RuntimeException e) {
            // a language core cannot build has its own error
        }
    }

    /** A study's {@code set language.maxLength}, at which core builds the language anew. */
    private Optional<Integer> studyMaxLength(Study study) {
        if (study.getModels().isEmpty()) {
            return Optional.empty();
        }
        try {
            Object length = compiler.resolve(study, study.getModels().get(0), Regime.MAX_LIKELIHOOD)
                    .get("language.maxLength");
            return length instanceof Number number ? Optional.of(number.intValue()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // the element at fault has its own error
        }
    }

    private void trainsAt(Language language, int maxLength, Study study) {
        String key = org.saturn.dsl.compiler.DefinitionText.of(language) + "@" + maxLength;
        String problem = CORE_AT_LENGTH.computeIfAbsent(key, k -> {
            try {
                CoreLanguages.toCore(language, maxLength);
                return "";
            } catch (RuntimeException e) {
                return e.getMessage();
            }
        });
        if (!problem.isEmpty()) {
            error(language.getName() + " cannot be trained on at maxLength " + maxLength + ": " + problem, study,
                    SATURN.getStudy_Source(), IssueCodes.NOT_TRAINABLE);
        }
    }

    /**
     * A mixture trains when its form is supported and core builds it, its tasks at the study's
     * maxLength; its prompts are in-context prompts or words over its symbols.
     */
    private void mixtureTrains(Mixture mixture, Study study) {
        Optional<String> form = org.saturn.dsl.compiler.CoreMixtures.unsupportedForm(mixture);
        if (form.isPresent()) {
            error(mixture.getName() + " cannot be trained on: " + form.get(), study, SATURN.getStudy_Source(),
                    IssueCodes.NOT_TRAINABLE);
            return;
        }
        int maxLength = studyMaxLength(study).orElse(Sources.languages(mixture).stream()
                .mapToInt(CoreLanguages::maxLength).max().orElse(CoreLanguages.DEFAULT_MAX_LENGTH));
        String key = org.saturn.dsl.compiler.DefinitionText.of(mixture) + "@" + maxLength + "/"
                + org.saturn.dsl.compiler.CoreMixtures.maxExamples(study.getPrompts());
        String problem = CORE_AT_LENGTH.computeIfAbsent(key, k -> {
            try {
                org.saturn.dsl.compiler.CoreMixtures.toCore(mixture, maxLength, study.getPrompts());
                return "";
            } catch (RuntimeException e) {
                return String.valueOf(e.getMessage());
            }
        });
        if (!problem.isEmpty()) {
            error(mixture.getName() + " cannot be trained on at maxLength " + maxLength + ": " + problem, study,
                    SATURN.getStudy_Source(), IssueCodes.NOT_TRAINABLE);
        }
        List<String> alphabet = Sources.symbolNames(mixture);
        for (PromptItem item : study.getPrompts().getItems()) {
            String text = NodeModelUtils.getTokenText(NodeModelUtils.getNode(item));
            if (item instanceof InContextPrompts) {
                continue;
            }
            if (!(item instanceof ExhaustivePrompts || item instanceof ListedPrompt)) {
                error("On a mixture Saturn's engine builds in-context prompts, all words and listed words, not '"
                        + text + "' of " + study.getPrompts().getName(), study, SATURN.getStudy_Prompts(),
                        IssueCodes.NOT_TRAINABLE);
            } else {
                symbols(item).stream().map(Symbol::getName).filter(sym -> !alphabet.contains(sym)).findFirst()
                        .ifPresent(symbol -> error("The prompt '" + text + "' of " + study.getPrompts().getName()
                                + " uses '" + symbol + "', which is not a symbol of " + mixture.getName(), study,
                                SATURN.getStudy_Prompts(), IssueCodes.NOT_TRAINABLE));
            }
        }
    }

    /** Core's refusal (empty: none) per language text and study maxLength, least recently used dropped. */
    private static final Map<String, String> CORE_AT_LENGTH = leastRecentlyUsed(64);

    /** Every prompt item the engine builds for training on the language (RunInputs.promptsOf). */
    private void promptsBuild(PromptSet prompts, Language language, Study study,
            org.eclipse.emf.ecore.EStructuralFeature reference) {
        List<String> alphabet = language.getSymbols().stream().map(Symbol::getName).toList();
        boolean disjoint = resolved(prompts.getSource())
                && Sources.symbolNames(prompts.getSource()).stream().noneMatch(alphabet::contains);
        for (PromptItem item : prompts.getItems()) {
            String text = NodeModelUtils.getTokenText(NodeModelUtils.getNode(item));
            if (item instanceof InContextPrompts) {
                continue; // reported by the prompt set: in-context prompts need a mixture
            } else if (!builds(item)) {
                error("Saturn's engine cannot build the prompts '" + text + "' of " + prompts.getName()
                        + " yet: use all words, listed words, 'sample N prefixes of length L from LANGUAGE' or "
                        + "'sample N words [of length L] from LANGUAGE [after ...]'", study, reference, IssueCodes.NOT_TRAINABLE);
            } else if (!disjoint) {
                symbols(item).stream().map(Symbol::getName).filter(s -> !alphabet.contains(s)).findFirst()
                        .ifPresent(symbol -> error("The prompt '" + text + "' of " + prompts.getName() + " uses '"
                                + symbol + "', which is not in the alphabet of " + language.getName() + " ("
                                + String.join(" ", alphabet) + ")", study, reference, IssueCodes.NOT_TRAINABLE));
            }
        }
    }

    private static boolean builds(PromptItem item) {
        if (item instanceof SampledPrompts sampled) {
            // words: from the trained language or another one, with or without a prefix and a length
            return sampled.getLanguage() != null && (sampled.getUnit() == SampleUnit.WORDS || sampled.getLength() != null);
        }
        return item instanceof ExhaustivePrompts || item instanceof ListedPrompt;
    }

    private static List<Symbol> symbols(PromptItem item) {
        if (item instanceof ExhaustivePrompts all) {
            return all.getSymbols();
        }
        if (item instanceof ListedPrompt listed) {
            return listed.getSymbols();
        }
        SampledPrompts sampled = (SampledPrompts) item;
        if (sampled.getLanguage() == null || sampled.getLanguage().eIsProxy()) {
            return sampled.getPrefix();
        }
        // words sampled from another language must be words over the trained alphabet too
        List<Symbol> symbols = new java.util.ArrayList<>(sampled.getPrefix());
        symbols.addAll(sampled.getLanguage().getSymbols());
        return symbols;
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
                        SATURN.getSweep_Parameter(), IssueCodes.DUPLICATE_SWEEP);
            }
            if (sweep.getSampling() != null) {
                checkSampling(sweep);
            } else if (sweep.getValues().isEmpty()) {
                continue;
            }
            if (sweep.isFixed() && sweep.getSampling() != null) {
                error("'set' takes one value; to sample several, write 'vary " + sweep.getParameter() + " over ...'",
                        sweep, SATURN.getSweep_Sampling(), IssueCodes.BAD_VALUE);
            } else if (sweep.isFixed() && (sweep.getValues().size() > 1
                    || sweep.getValues().get(0).eIsSet(SATURN.getSweepValue_High()))) {
                error("'set' takes one value; to run several, write 'vary " + sweep.getParameter() + " over ...'",
                        sweep, SATURN.getSweep_Values(), IssueCodes.BAD_VALUE);
            }
            for (int i = 0; i < sweep.getValues().size(); i++) {
                SweepValue value = sweep.getValues().get(i);
                if (value.eIsSet(SATURN.getSweepValue_High()) && value.getHigh() < value.getLow()) {
                    error("The range " + format(value.getLow()) + ".." + format(value.getHigh())
                            + " is empty: write the smaller bound first", sweep, SATURN.getSweep_Values(), i,
                            IssueCodes.EMPTY_RANGE);
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
                        IssueCodes.UNKNOWN_SWEEP_PARAMETER);
            } else if (current != null && !(current instanceof Long || current instanceof Double)) {
                error("Only numbers can be varied; " + key + " is '" + current + "'", sweep,
                        SATURN.getSweep_Parameter(), IssueCodes.UNKNOWN_SWEEP_PARAMETER);
            } else {
                if (current instanceof Long && sweep.getSampling() != null) {
                    error(key + " takes whole numbers: sampling draws real ones; list the values, e.g. 'vary " + key
                            + " over 16, 32'", sweep, SATURN.getSweep_Sampling(), IssueCodes.BAD_VALUE);
                }
                if (current instanceof Long) {
                    for (int i = 0; i < sweep.getValues().size(); i++) {
                        SweepValue value = sweep.getValues().get(i);
                        if (value.getLow() != Math.rint(value.getLow())) {
                            error(key + " takes whole numbers, not " + format(value.getLow()), sweep,
                                    SATURN.getSweep_Values(), i, IssueCodes.BAD_VALUE);
                        }
                    }
                }
                untrainedSweep(study, base, sweep).ifPresent(message -> error(message, sweep,
                        SATURN.getSweep_Parameter(), IssueCodes.NOT_TRAINABLE));
            }
        }
    }

    /** Sampling bounds that hold values (logUniform: above 0), and a sample count that makes runs. */
    private void checkSampling(Sweep sweep) {
        SweepSampling sampling = sweep.getSampling();
        if (!(sampling.getLow() < sampling.getHigh())) {
            error("The range " + format(sampling.getLow()) + ".." + format(sampling.getHigh())
                    + " is empty: write the smaller bound first", sampling, SATURN.getSweepSampling_High(),
                    IssueCodes.EMPTY_RANGE);
        }
        if (sampling.getDistribution() == SweepDistribution.LOG_UNIFORM && sampling.getLow() <= 0) {
            error("logUniform needs bounds above 0 (it samples the logarithm); use uniform for " + format(sampling.getLow())
                    + ".." + format(sampling.getHigh()), sampling, SATURN.getSweepSampling_Low(), IssueCodes.BAD_VALUE);
        }
        if (sampling.getCount() < 1 || sampling.getCount() > MAX_SAMPLES) {
            error("samples is 1 to " + MAX_SAMPLES + ", not " + sampling.getCount(), sampling,
                    SATURN.getSweepSampling_Count(), IssueCodes.BAD_VALUE);
        }
    }

    private static final int MAX_SAMPLES = SaturnCompiler.MAX_SAMPLES;

    /** A sweep over a parameter the engine does not read yet, with a value it does not train with. */
    private static Optional<String> untrainedSweep(Study study, Map<String, Object> base, Sweep sweep) {
        String key = sweep.getParameter();
        int dot = key.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String parameter = key.substring(dot + 1);
        List<Kind> kinds = switch (key.substring(0, dot)) {
            case "model" -> study.getModels().stream()
                    .flatMap(m -> ParameterCatalog.kind(Section.MODEL, m.getKind()).stream()).toList();
            case "optimizer" -> ParameterCatalog.kind(Section.OPTIMIZER, String.valueOf(base.get("optimizer.kind")))
                    .stream().toList();
            case "schedule" -> ParameterCatalog.kind(Section.SCHEDULE, String.valueOf(base.get("schedule.kind")))
                    .stream().toList();
            default -> List.of();
        };
        for (Kind kind : kinds) {
            if (sweep.getSampling() != null) {
                Optional<String> problem = untrained(kind, parameter, sweep.getSampling().getLow())
                        .or(() -> untrained(kind, parameter, sweep.getSampling().getHigh()));
                if (problem.isPresent()) {
                    return problem;
                }
            }
            for (SweepValue value : sweep.getValues()) {
                Optional<String> low = untrained(kind, parameter, value.getLow());
                Optional<String> problem = low.isPresent() || !value.eIsSet(SATURN.getSweepValue_High()) ? low
                        : untrained(kind, parameter, value.getHigh());
                if (problem.isPresent()) {
                    return problem;
                }
            }
        }
        return Optional.empty();
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
                            SATURN.getStudy_Models(), study.getModels().indexOf(model), IssueCodes.IDENTICAL_RUNS);
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
                    metric, SATURN.getMetric_Quantity(), IssueCodes.UNKNOWN_METRIC);
        } else if (needsRule && metric.getRule() == null) {
            error(metric.getQuantity() + " is measured per rule: write 'metric " + metric.getQuantity()
                    + " of R1 ...'", metric, SATURN.getMetric_Quantity(), IssueCodes.METRIC_NEEDS_RULE);
        } else if (!needsRule && metric.getRule() != null) {
            warning(metric.getQuantity() + " does not depend on a rule; 'of " + metric.getRule().getName()
                    + "' is ignored", metric, SATURN.getMetric_Rule(), IssueCodes.METRIC_NEEDS_RULE);
        }
    }

    private static Map<String, Boolean> orderedMap(Object... entries) {
        Map<String, Boolean> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], (Boolean) entries[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
