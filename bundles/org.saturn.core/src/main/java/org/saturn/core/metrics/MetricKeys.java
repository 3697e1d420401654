package org.saturn.core.metrics;

/**
 * The keys of the metrics a run writes into its {@code metrics.csv} and record summaries: the one
 * place the training loop, the report and the workbench take them from.
 */
public final class MetricKeys {

    /** Mean loss on the run's fixed test set (the language's own words). */
    public static final String TEST_LOSS = "test.loss";
    /** Mean loss on the run's fixed validation set ({@code validate on N words}; only with one). */
    public static final String VALIDATION_LOSS = "validation.loss";
    /** Mean training loss of the steps since the previous evaluation. */
    public static final String TRAIN_LOSS = "train.loss";
    /** The language's exact optimal loss under the run's loss convention (written once, at step 0). */
    public static final String OPTIMAL_LOSS = "optimal.loss";
    /** How far the test loss is above the optimum, in percent of the optimum. */
    public static final String GAP_PERCENT = "gap.percent";

    /** Where a prompt-set metric key starts: {@code ood.R1}, {@code id.grammatical}, {@code sos.finished}. */
    public static final String IN_DISTRIBUTION = "id.";
    public static final String OUT_OF_DISTRIBUTION = "ood.";
    public static final String SOS_ONLY = "sos.";

    /** The prefix of every fine-tuning metric: {@code finetune.loss}, {@code finetune.ood.R1}, ... */
    public static final String FINE_TUNING = "finetune.";
    /** The fine-tuning's test loss, on the fine-tuning language. */
    public static final String FINE_TUNING_LOSS = FINE_TUNING + "loss";
    public static final String FINE_TUNING_TRAIN_LOSS = FINE_TUNING + "train.loss";
    /** The pre-training test loss after the reparametrisation (the same function: the same loss). */
    public static final String FINE_TUNING_PRETRAIN_LOSS = FINE_TUNING + "pretrain.loss";
    /** The prefix of the Hessian measurements at the start of the fine-tuning (the pre-trained weights). */
    public static final String HESSIAN = "hessian.";
    public static final String HESSIAN_TRACE = HESSIAN + "trace";
    public static final String HESSIAN_TRACE_STDERR = HESSIAN + "trace.stderr";
    /** How many Hutchinson probes the trace took (fewer than the budget once its tolerance was met). */
    public static final String HESSIAN_TRACE_PROBES = HESSIAN + "trace.probes";
    /** Relative flatness of the output layer (Petzka et al. 2021): unchanged by the reparametrisation. */
    public static final String RELATIVE_FLATNESS = HESSIAN + "relativeFlatness";
    public static final String RELATIVE_FLATNESS_STDERR = HESSIAN + "relativeFlatness.stderr";
    public static final String RELATIVE_FLATNESS_PROBES = HESSIAN + "relativeFlatness.probes";
    /**
     * The same measurements after the fine-tuning, of the fine-tuning loss at the fine-tuned weights
     * ({@code hessianAt finetuned}): {@code finetune.hessian.trace}, ... .
     */
    public static final String FINE_TUNED_HESSIAN = FINE_TUNING + HESSIAN;
    public static final String FINE_TUNED_HESSIAN_TRACE = FINE_TUNING + HESSIAN_TRACE;
    public static final String FINE_TUNED_HESSIAN_TRACE_STDERR = FINE_TUNING + HESSIAN_TRACE_STDERR;
    public static final String FINE_TUNED_HESSIAN_TRACE_PROBES = FINE_TUNING + HESSIAN_TRACE_PROBES;
    public static final String FINE_TUNED_RELATIVE_FLATNESS = FINE_TUNING + RELATIVE_FLATNESS;
    public static final String FINE_TUNED_RELATIVE_FLATNESS_STDERR = FINE_TUNING + RELATIVE_FLATNESS_STDERR;
    public static final String FINE_TUNED_RELATIVE_FLATNESS_PROBES = FINE_TUNING + RELATIVE_FLATNESS_PROBES;

    /**
     * In-context learning (case study 2), per number of examples k: {@code icl.k3.task} (answers that
     * are words of the context's task), {@code icl.k3.anyTask}, {@code icl.k3.finished}, {@code icl.k3.chance}.
     */
    public static final String IN_CONTEXT = "icl.k";
    public static final String ICL_TASK = "task";
    public static final String ICL_ANY_TASK = "anyTask";
    public static final String ICL_CHANCE = "chance";
    /**
     * The declared in-context accuracy ({@code metric iclAccuracy}): no series of its own, the report
     * reads the task accuracy at the most examples, {@code icl.kK.task} with the largest K.
     */
    public static final String ICL_ACCURACY = "iclAccuracy";

    private MetricKeys() {
    }

    /** The key of an in-context metric at k examples, e.g. {@code icl.k3.task}. */
    public static String inContext(int examples, String what) {
        return IN_CONTEXT + examples + "." + what;
    }

    /** The k of an in-context key with this ending ({@code icl.k3.task}, "task": 3), or -1 when it is none. */
    public static int inContextExamples(String key, String what) {
        String end = "." + what;
        if (!key.startsWith(IN_CONTEXT) || !key.endsWith(end)) {
            return -1;
        }
        try {
            return Integer.parseInt(key.substring(IN_CONTEXT.length(), key.length() - end.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The out-of-distribution metric of a rule, e.g. {@code ood.R1}. */
    public static String outOfDistribution(String rule) {
        return OUT_OF_DISTRIBUTION + rule;
    }

    /** Whether a key is written by the fine-tuning stage (its own metrics and its start's measurements). */
    public static boolean fineTuning(String key) {
        return key.startsWith(FINE_TUNING) || key.startsWith(HESSIAN);
    }
}
