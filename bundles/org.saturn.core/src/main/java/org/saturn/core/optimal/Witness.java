package org.saturn.core.optimal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Word;
import org.saturn.core.metrics.Completion;
import org.saturn.core.metrics.PromptSetMetrics;
import org.saturn.core.prompts.Prompt;
import org.saturn.core.prompts.PromptSet;

/**
 * The non-identifiability witness (SCIENCE.md §2, case study 1, without training): two oracle
 * models equal to the true conditionals on every possible prefix, one completing OOD prompts so
 * that R1 holds and one so that it fails. Both score the same (optimal) test loss; their OOD R1
 * accuracies are 1 and 0. The OOD set holds the out-of-distribution prompts that R1 does not already
 * rule out (an unmatched close bracket, say, can never be repaired), so the policies can differ.
 */
public final class Witness {

    /** Sampled test words scored by both oracles (they agree on every possible prefix, so few suffice). */
    public static final int TEST_WORDS = 128;

    private Witness() {
    }

    /** One oracle's line of the table. */
    public record Row(String oracle, double testLoss, PromptSetMetrics inDistribution, PromptSetMetrics outOfDistribution) {
    }

    /** The table with its context. */
    public record Report(String language, int maxLength, LossConvention convention, OptimalLossResult optimal,
            String promptSet, String testSet, List<Row> rows) {
    }

    public static Report run(Language language, int promptLength, LossConvention convention) {
        PromptSet prompts = PromptSet.exhaustive(language, Math.min(promptLength, language.maxLength()));
        String r1 = language.rule(0).name();
        List<Prompt> outOfDistribution = prompts.outOfDistribution().stream()
                .filter(p -> !p.violatedRules().contains(r1)).toList();
        SplittableRandom random = new SplittableRandom(7L);
        List<Word> testSet = new ArrayList<>(TEST_WORDS);
        for (int i = 0; i < TEST_WORDS; i++) {
            testSet.add(language.generator().sample(random));
        }
        List<Row> rows = new ArrayList<>();
        for (OodPolicy policy : List.of(OodPolicy.satisfyR1(), OodPolicy.violateR1())) {
            OracleModel oracle = new OracleModel(language, policy);
            rows.add(new Row("oracle (" + policy.name() + " OOD)", oracle.testLoss(testSet, convention),
                    metrics(language, oracle, "ID", prompts.inDistribution()),
                    metrics(language, oracle, "OOD", outOfDistribution)));
        }
        return new Report(language.name(), language.maxLength(), convention, OptimalLoss.of(language, convention),
                prompts.name() + ", OOD = out of distribution and " + r1 + " still satisfiable",
                TEST_WORDS + " sampled words (seed 7)", rows);
    }

    private static PromptSetMetrics metrics(Language language, OracleModel oracle, String name, List<Prompt> prompts) {
        List<Completion> completions = prompts.stream().map(p -> oracle.greedy(p.prefix())).toList();
        return PromptSetMetrics.of(language, name, completions);
    }
}
