package org.saturn.dsl.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.validation.Check;
import org.eclipse.xtext.validation.CheckType;
import org.saturn.core.lang.gen.WordEnumeration;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.saturn.CheckpointSetting;
import org.saturn.dsl.saturn.DataSetRole;
import org.saturn.dsl.saturn.DataSetSetting;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.DurationSetting;
import org.saturn.dsl.saturn.EarlyStoppingSetting;
import org.saturn.dsl.saturn.EvaluationSetting;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.RegimeSetting;
import org.saturn.dsl.saturn.SaturationStopSetting;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.saturn.Setting;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.semantics.ParameterCatalog.Section;

/**
 * Protocols: known optimizers, schedules and decoding modes; settings that fit the training length;
 * fixed data sets that fit the study's language.
 */
public class ProtocolValidator extends SaturnChecks {

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
                    : setting instanceof DataSetSetting set ? set.getRole().getLiteral() + " on"
                    : settingName(setting);
            if (seen.putIfAbsent(key, setting) != null) {
                error("'" + key + "' is set twice in " + protocol.getName(), setting, null,
                        IssueCodes.DUPLICATE_SETTING);
            }
        }
        DurationSetting duration = last(protocol, DurationSetting.class);
        if (duration == null) {
            error(protocol.getName() + " sets neither steps nor epochs: add e.g. 'steps 20000'", protocol,
                    SATURN.getElement_Name(), IssueCodes.NO_DURATION);
        } else if (duration.getCount() < 1) {
            error("Training needs at least one " + (duration.isSteps() ? "step" : "epoch"), duration,
                    SATURN.getDurationSetting_Count(), IssueCodes.NOT_POSITIVE);
        }
        long steps = duration != null && duration.isSteps() ? duration.getCount() : -1;
        long epochs = duration != null && !duration.isSteps() ? duration.getCount() : -1;
        ScheduleSetting schedule = last(protocol, ScheduleSetting.class);
        Parameter warmup = schedule == null ? null : find(schedule.getParameters(), "warmup");
        if (steps > 0 && warmup != null && firstNumber(warmup) > steps) {
            error("The warm-up (" + (long) firstNumber(warmup) + " steps) is longer than training (" + steps
                    + " steps): the learning rate never reaches its peak", warmup, SATURN.getParameter_Values(),
                    IssueCodes.WARMUP_TOO_LONG);
        }
        EvaluationSetting evaluation = last(protocol, EvaluationSetting.class);
        if (evaluation != null) {
            checkInterval(evaluation, SATURN.getEvaluationSetting_Interval(), evaluation.getInterval(),
                    evaluation.isEpochs() ? epochs : steps, evaluation.isEpochs() ? "epoch" : "step",
                    "Evaluating", "evaluates only at the end");
        }
        CheckpointSetting checkpoint = last(protocol, CheckpointSetting.class);
        if (checkpoint != null) {
            checkInterval(checkpoint, SATURN.getCheckpointSetting_Interval(), checkpoint.getInterval(),
                    checkpoint.isEpochs() ? epochs : steps, checkpoint.isEpochs() ? "epoch" : "step",
                    "Checkpointing", "keeps only the final model");
        }
        EarlyStoppingSetting early = last(protocol, EarlyStoppingSetting.class);
        if (early != null && early.getPatience() < 1) {
            error("Patience must be at least 1 evaluation", early, SATURN.getEarlyStoppingSetting_Patience(),
                    IssueCodes.NOT_POSITIVE);
        }
        SaturationStopSetting saturation = last(protocol, SaturationStopSetting.class);
        if (saturation != null && !(saturation.getPercent() > 0)) {
            error("The saturation tolerance must be above 0%", saturation,
                    SATURN.getSaturationStopSetting_Percent(), IssueCodes.NOT_POSITIVE);
        }
        if (saturation != null && saturation.getEvaluations() < 1) {
            error("Saturation must hold for at least 1 evaluation", saturation,
                    SATURN.getSaturationStopSetting_Evaluations(), IssueCodes.NOT_POSITIVE);
        }
        for (RegimeSetting regime : settings(protocol, RegimeSetting.class)) {
            if (regime.eIsSet(SATURN.getRegimeSetting_Weight()) && regime.getWeight() < 0) {
                error("A regime weight cannot be negative", regime, SATURN.getRegimeSetting_Weight(),
                        IssueCodes.NOT_POSITIVE);
            }
            if (regime.getCompletion() == org.saturn.dsl.saturn.RegimeCompletion.OVERSHOOT
                    && regime.getKind() != org.saturn.dsl.saturn.Regime.ADVERSARIAL) {
                error("completion overshoot violates R1, so it belongs to the adversarial regime, not to "
                        + regime.getKind().getLiteral(), regime, SATURN.getRegimeSetting_Completion(),
                        IssueCodes.REGIME_OPTION);
            }
        }
    }

    /**
     * The data protocol: sizes are positive; counts in epochs need a fixed training set (an epoch is a
     * pass over it).
     */
    @Check
    public void dataSetsAreConsistent(Protocol protocol) {
        for (DataSetSetting set : settings(protocol, DataSetSetting.class)) {
            if (!set.isAll() && set.getSize() < 1) {
                error("A fixed set needs at least one word", set, SATURN.getDataSetSetting_Size(),
                        IssueCodes.NOT_POSITIVE);
            }
        }
        ScheduleSetting schedule = last(protocol, ScheduleSetting.class);
        Parameter warmupEpochs = schedule == null ? null : find(schedule.getParameters(), "warmupEpochs");
        if (warmupEpochs != null && find(schedule.getParameters(), "warmup") != null) {
            warning("warmupEpochs replaces warmup: write one of them", warmupEpochs, null, IssueCodes.DATA_SET);
        }
        if (settings(protocol, DataSetSetting.class).stream().anyMatch(s -> s.getRole() == DataSetRole.TRAIN)) {
            return;
        }
        String needs = " counts epochs, which are passes over a fixed training set: add 'train on N words' or "
                + "'train on all words'";
        DurationSetting duration = last(protocol, DurationSetting.class);
        if (duration != null && !duration.isSteps()) {
            error("'epochs " + duration.getCount() + "'" + needs, duration, null, IssueCodes.DATA_SET);
        }
        EvaluationSetting evaluation = last(protocol, EvaluationSetting.class);
        if (evaluation != null && evaluation.isEpochs()) {
            error("'evaluate every " + evaluation.getInterval() + " epochs'" + needs, evaluation, null,
                    IssueCodes.DATA_SET);
        }
        CheckpointSetting checkpoint = last(protocol, CheckpointSetting.class);
        if (checkpoint != null && checkpoint.isEpochs()) {
            error("'checkpoint every " + checkpoint.getInterval() + " epochs'" + needs, checkpoint, null,
                    IssueCodes.DATA_SET);
        }
        if (warmupEpochs != null) {
            error("'warmupEpochs'" + needs, warmupEpochs, null, IssueCodes.DATA_SET);
        }
    }

    /**
     * The fixed sets against the study's language: {@code all words} must be enumerable (at most
     * {@value WordEnumeration#LIMIT} words up to maxLength), and a set of N words where the language
     * has fewer distinct words repeats them (a warning).
     */
    @Check(CheckType.NORMAL)
    public void dataSetsFitTheLanguage(Study study) {
        if (hasUnresolvedReferences(study) || !resolved(study.getProtocol()) || !resolved(study.getSource())
                || !(study.getSource() instanceof Language language)) {
            return;
        }
        List<DataSetSetting> sets = settings(study.getProtocol(), DataSetSetting.class);
        if (sets.isEmpty() || CoreLanguages.unsupportedForm(language).isPresent()) {
            return;
        }
        int maxLength = CoreLanguages.maxLength(language);
        org.saturn.core.lang.Language core;
        try {
            core = CoreLanguages.toCore(language, maxLength);
        } catch (RuntimeException e) {
            return; // the language has its own error
        }
        for (DataSetSetting set : sets) {
            String what = "'" + set.getRole().getLiteral() + " on " + (set.isAll() ? "all" : set.getSize()) + " words'";
            if (set.isAll()) {
                if (WordEnumeration.count(core, WordEnumeration.LIMIT) < 0) {
                    error(what + ": " + language.getName() + " has more than " + WordEnumeration.LIMIT
                            + " words up to max length " + maxLength + "; use a number of words", study,
                            SATURN.getStudy_Protocol(), IssueCodes.DATA_SET);
                }
            } else if (set.getSize() > 0) {
                int distinct = WordEnumeration.count(core, set.getSize());
                if (distinct >= 0 && distinct < set.getSize()) {
                    warning(what + ": " + language.getName() + " has only " + distinct + " distinct words up to "
                            + "max length " + maxLength + ", so the set repeats them; 'all words' takes each once",
                            study, SATURN.getStudy_Protocol(), IssueCodes.DATA_SET_REPEATS);
                }
            }
        }
    }

    /**
     * Something done every {@code interval} steps (or epochs): at least every one, else a warning when
     * never during training ({@code length}: the training length in the same unit, -1 if in another).
     */
    private void checkInterval(Setting setting, org.eclipse.emf.ecore.EStructuralFeature feature, long interval,
            long length, String unit, String doing, String consequence) {
        if (interval < 1) {
            error((doing.equals("Evaluating") ? "Evaluate" : "Checkpoint") + " at least every " + unit, setting,
                    feature, IssueCodes.NOT_POSITIVE);
        } else if (length > 0 && interval > length) {
            warning(doing + " every " + interval + " " + unit + "s in a " + length + "-" + unit + " run "
                    + consequence, setting, feature, IssueCodes.INTERVAL_TOO_LONG);
        }
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

    private static <T extends Setting> List<T> settings(Protocol protocol, Class<T> type) {
        return protocol.getSettings().stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static <T extends Setting> T last(Protocol protocol, Class<T> type) {
        List<T> found = settings(protocol, type);
        return found.isEmpty() ? null : found.get(found.size() - 1);
    }
}
