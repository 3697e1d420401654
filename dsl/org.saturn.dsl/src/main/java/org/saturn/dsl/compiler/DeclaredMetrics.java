package org.saturn.dsl.compiler;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EStructuralFeature;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.metrics.MetricNames;
import org.saturn.core.report.DeclaredMetric;
import org.saturn.core.report.StudyDeclarations;
import org.saturn.dsl.saturn.Direction;
import org.saturn.dsl.saturn.Metric;
import org.saturn.dsl.saturn.NameValue;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.PromptSubset;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Study;

/**
 * A study's {@code metric} lines as the report reads them: each under its declared name, mapped to
 * the key the engine records it under ({@code finetuneLoss} → {@code finetune.loss},
 * {@code accuracy of R1 on ood} → {@code ood.R1}). In a study with a fine-tuning stage a prompt-set
 * metric is declared twice: as pre-training ends, and {@code ... after fine-tuning}
 * ({@code finetune.ood.R1}), since the engine measures it in both stages.
 */
public final class DeclaredMetrics {

    private DeclaredMetrics() {
    }

    public static StudyDeclarations of(Study study) {
        List<DeclaredMetric> metrics = new ArrayList<>();
        for (Metric metric : study.getMetrics()) {
            if (metric.getQuantity() == null || metric.getSummary() == null) {
                continue; // an incomplete line: the checker reports it
            }
            DeclaredMetric.Summary summary = DeclaredMetric.Summary.parse(metric.getSummary().getLiteral());
            // an enum attribute reads as its first literal whether written or left out (and EMF's eIsSet is false
            // for that literal): the parsed text says whether the line wrote it
            boolean maximize = written(metric, SaturnPackage.Literals.METRIC__DIRECTION)
                    && metric.getDirection() == Direction.MAXIMIZE;
            PromptSubset subset = written(metric, SaturnPackage.Literals.METRIC__SUBSET) ? metric.getSubset() : null;
            String rule = metric.getRule() == null ? null : metric.getRule().getName();
            String promptSetKey = promptSetKey(metric.getQuantity(), rule, subset);
            String name = name(metric.getQuantity(), rule, subset);
            if (promptSetKey != null) {
                metrics.add(new DeclaredMetric(name, promptSetKey, summary, maximize, null));
                if (study.getFinetuning() != null) {
                    metrics.add(new DeclaredMetric(name + " after fine-tuning", MetricKeys.FINE_TUNING + promptSetKey,
                            summary, maximize, null));
                }
                continue;
            }
            switch (metric.getQuantity()) {
                case "testLoss" -> metrics.add(new DeclaredMetric(name, MetricKeys.TEST_LOSS, summary, maximize, null));
                case "trainLoss" -> metrics.add(new DeclaredMetric(name, MetricKeys.TRAIN_LOSS, summary, maximize, null));
                case "gap" -> metrics.add(new DeclaredMetric(name, MetricKeys.GAP_PERCENT, summary, maximize, null));
                case "finetuneLoss" -> metrics.add(new DeclaredMetric(name, MetricKeys.FINE_TUNING_LOSS, summary,
                        maximize, null));
                case "hessianTrace" -> flatness(metrics, study, new DeclaredMetric(name, MetricKeys.HESSIAN_TRACE,
                        summary, maximize, MetricKeys.HESSIAN_TRACE_STDERR));
                case "relativeFlatness" -> flatness(metrics, study, new DeclaredMetric(name,
                        MetricKeys.RELATIVE_FLATNESS, summary, maximize, MetricKeys.RELATIVE_FLATNESS_STDERR));
                // no series of its own: the report reads icl.kK.task at the largest K (core report/StudyColumns)
                case "iclAccuracy" -> metrics.add(new DeclaredMetric(name, MetricKeys.ICL_ACCURACY, summary,
                        maximize, null));
                default -> metrics.add(new DeclaredMetric(name, metric.getQuantity(), summary, maximize, null));
            }
        }
        return new StudyDeclarations(metrics);
    }

    /**
     * A flatness measure where the fine-tuning measures it ({@code hessianAt}): at the pre-trained
     * weights under its name, at the fine-tuned ones as {@code ... after fine-tuning}
     * ({@code finetune.hessian.*}).
     */
    private static void flatness(List<DeclaredMetric> metrics, Study study, DeclaredMetric pretrained) {
        String at = hessianAt(study);
        if (!at.equals("finetuned")) {
            metrics.add(pretrained);
        }
        if (!at.equals("pretrained")) {
            metrics.add(new DeclaredMetric(pretrained.name() + " after fine-tuning",
                    MetricKeys.FINE_TUNING + pretrained.key(), pretrained.summary(), pretrained.maximize(),
                    MetricKeys.FINE_TUNING + pretrained.stderrKey()));
        }
    }

    /** The study's fine-tuning's {@code hessianAt} as written, or pretrained (its default, and without fine-tuning). */
    private static String hessianAt(Study study) {
        if (study.getFinetuning() == null) {
            return "pretrained";
        }
        for (Parameter parameter : study.getFinetuning().getParameters()) {
            if (parameter.getName().equals("hessianAt") && parameter.getValues().size() == 1
                    && parameter.getValues().get(0) instanceof NameValue value && value.getValue() != null) {
                return value.getValue();
            }
        }
        return "pretrained";
    }

    private static boolean written(Metric metric, EStructuralFeature feature) {
        return metric.eIsSet(feature) || !NodeModelUtils.findNodesForFeature(metric, feature).isEmpty();
    }

    /** {@code finetuneLoss}, {@code accuracy of R1 on ood}: the line as written, without its summary. */
    private static String name(String quantity, String rule, PromptSubset subset) {
        StringBuilder name = new StringBuilder(quantity);
        if (rule != null && isPromptSetQuantity(quantity)) {
            name.append(" of ").append(rule);
        }
        if (subset != null && isPromptSetQuantity(quantity)) {
            name.append(" on ").append(subset.getLiteral());
        }
        return name.toString();
    }

    private static boolean isPromptSetQuantity(String quantity) {
        return switch (quantity) {
            case "accuracy", "completionAccuracy", "grammatical", "finished" -> true;
            default -> false;
        };
    }

    /**
     * The record key of a prompt-set metric ({@code ood.R1}, {@code id.grammatical},
     * {@code ood.R2 completion}); null for other quantities. Without {@code on}: the OOD prompts,
     * the sets the papers report.
     */
    static String promptSetKey(String quantity, String rule, PromptSubset subset) {
        if (!isPromptSetQuantity(quantity)) {
            return null;
        }
        String set = subset == null ? MetricKeys.OUT_OF_DISTRIBUTION : switch (subset) {
            case IN_DISTRIBUTION -> MetricKeys.IN_DISTRIBUTION;
            case OUT_OF_DISTRIBUTION -> MetricKeys.OUT_OF_DISTRIBUTION;
            case UNCONDITIONAL -> MetricKeys.SOS_ONLY;
            case ALL -> "all.";
        };
        return switch (quantity) {
            case "accuracy" -> set + rule;
            case "completionAccuracy" -> set + rule + MetricNames.COMPLETION_SUFFIX;
            case "grammatical" -> set + MetricNames.GRAMMATICAL;
            default -> set + MetricNames.FINISHED;
        };
    }
}
