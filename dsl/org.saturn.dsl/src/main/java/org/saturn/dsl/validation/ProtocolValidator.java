package org.saturn.dsl.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.xtext.validation.Check;
import org.saturn.dsl.saturn.CheckpointSetting;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.DurationSetting;
import org.saturn.dsl.saturn.EarlyStoppingSetting;
import org.saturn.dsl.saturn.EvaluationSetting;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.RegimeSetting;
import org.saturn.dsl.saturn.SaturationStopSetting;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.saturn.Setting;
import org.saturn.dsl.semantics.ParameterCatalog.Section;

/** Protocols: known optimizers, schedules and decoding modes; settings that fit the training length. */
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
        ScheduleSetting schedule = last(protocol, ScheduleSetting.class);
        Parameter warmup = schedule == null ? null : find(schedule.getParameters(), "warmup");
        if (steps > 0 && warmup != null && firstNumber(warmup) > steps) {
            error("The warm-up (" + (long) firstNumber(warmup) + " steps) is longer than training (" + steps
                    + " steps): the learning rate never reaches its peak", warmup, SATURN.getParameter_Values(),
                    IssueCodes.WARMUP_TOO_LONG);
        }
        EvaluationSetting evaluation = last(protocol, EvaluationSetting.class);
        if (evaluation != null) {
            checkInterval(evaluation, SATURN.getEvaluationSetting_Interval(), evaluation.getInterval(), steps,
                    "Evaluate at least every step", "Evaluating", "evaluates only at the end");
        }
        CheckpointSetting checkpoint = last(protocol, CheckpointSetting.class);
        if (checkpoint != null) {
            checkInterval(checkpoint, SATURN.getCheckpointSetting_Interval(), checkpoint.getInterval(), steps,
                    "Checkpoint at least every step", "Checkpointing", "keeps only the final model");
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

    /** Something done every {@code interval} steps: at least every step, else a warning when never during training. */
    private void checkInterval(Setting setting, org.eclipse.emf.ecore.EStructuralFeature feature, long interval,
            long steps, String tooSmall, String doing, String consequence) {
        if (interval < 1) {
            error(tooSmall, setting, feature, IssueCodes.NOT_POSITIVE);
        } else if (steps > 0 && interval > steps) {
            warning(doing + " every " + interval + " steps in a " + steps + "-step run " + consequence, setting,
                    feature, IssueCodes.INTERVAL_TOO_LONG);
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
