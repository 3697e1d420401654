package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RegimeKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunPlan;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;

/** Study → run plan: the matrix, resolved defaults, and ids that change exactly when the configuration does. */
class SaturnCompilerTest {

    private static final String SPEC = """
            language AnBn {
              alphabet a b
              maxLength 32
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
              generate a^n b^n with n in 1..maxLength / 2
            }
            prompts P for AnBn { all words of length 8 over a b }
            model Tf transformer { layers 2 dModel 16 heads 2 }
            model Lstm lstm { hidden 32 }
            protocol Short {
              optimizer adamw lr 2e-3
              steps 1000
              regime adversarial weight 0.5 on P
            }
            study S on AnBn with P using Short {
              models Tf Lstm
              regimes maxLikelihood adversarial oracle
              seeds 1..2, 7
              vary optimizer.lr over 1e-3, 2e-3
            }
            """;

    private final SpecChecker checker = new SpecChecker();
    private final SaturnCompiler compiler = new SaturnCompiler();

    private RunPlan plan(String text) {
        SpecChecker.Result result = checker.check(Path.of("target/compiler-test.saturn"), text);
        assertThat(result.hasErrors()).as(result.diagnostics().toString()).isFalse();
        return compiler.compile(result.spec());
    }

    @Test
    void theMatrixIsModelsTimesRegimesTimesSeedsTimesSweeps() {
        RunPlan plan = plan(SPEC);

        assertThat(plan.size()).isEqualTo(2 * 3 * 3 * 2);
        assertThat(plan.runs()).extracting(RunConfig::id).doesNotHaveDuplicates();
        RunConfig first = plan.runs().get(0);
        assertThat(first.model()).isEqualTo("Tf");
        assertThat(first.regime()).isEqualTo("maxLikelihood");
        assertThat(first.seed()).isEqualTo(1);
        assertThat(first.get("optimizer.lr")).isEqualTo(1e-3);
        assertThat(plan.runs().get(1).get("optimizer.lr")).isEqualTo(2e-3);
        assertThat(plan.runs()).extracting(RunConfig::seed).containsOnly(1L, 2L, 7L);
    }

    @Test
    void aSampledSweepDrawsTheSameValuesForTheSameSeed() {
        String sampled = SPEC.replace("vary optimizer.lr over 1e-3, 2e-3",
                "vary optimizer.lr over logUniform(1e-4..1e-2) samples 8 seed 7");
        List<Object> values = plan(sampled).runs().stream().filter(r -> r.model().equals("Tf")
                && r.regime().equals("maxLikelihood") && r.seed() == 1).map(r -> r.get("optimizer.lr")).toList();
        assertThat(values).hasSize(8).doesNotHaveDuplicates().allSatisfy(v -> assertThat((Double) v)
                .isBetween(1e-4, 1e-2));
        // four significant digits: readable in a plan, and the same on every machine (java.util.Random is specified)
        assertThat(values).allSatisfy(v -> assertThat(new java.math.BigDecimal(v.toString()).precision())
                .isLessThanOrEqualTo(4));
        assertThat(values).containsExactlyElementsOf(plan(sampled).runs().stream().filter(r -> r.model().equals("Tf")
                && r.regime().equals("maxLikelihood") && r.seed() == 1).map(r -> r.get("optimizer.lr")).toList());
        assertThat(plan(sampled).runs()).extracting(RunConfig::id)
                .containsExactlyElementsOf(plan(sampled).runs().stream().map(RunConfig::id).toList());
        // log-uniform: as many values below 1e-3 (the bounds' geometric middle) as a fair coin gives, not ~10 %
        List<Object> many = plan(SPEC.replace("vary optimizer.lr over 1e-3, 2e-3",
                "vary optimizer.lr over logUniform(1e-4..1e-2) samples 400")).runs().stream()
                .filter(r -> r.model().equals("Tf") && r.regime().equals("maxLikelihood") && r.seed() == 1)
                .map(r -> r.get("optimizer.lr")).toList();
        assertThat(many.stream().filter(v -> (Double) v < 1e-3).count()).isBetween(160L, 240L);

        List<Object> otherSeed = plan(sampled.replace("seed 7", "seed 8")).runs().stream()
                .filter(r -> r.model().equals("Tf") && r.regime().equals("maxLikelihood") && r.seed() == 1)
                .map(r -> r.get("optimizer.lr")).toList();
        assertThat(otherSeed).isNotEqualTo(values);
        List<Object> uniform = plan(SPEC.replace("vary optimizer.lr over 1e-3, 2e-3",
                "vary optimizer.lr over uniform(0.001..0.002) samples 3")).runs().stream()
                .filter(r -> r.model().equals("Tf") && r.regime().equals("maxLikelihood") && r.seed() == 1)
                .map(r -> r.get("optimizer.lr")).toList();
        assertThat(uniform).hasSize(3).allSatisfy(v -> assertThat((Double) v).isBetween(0.001, 0.002));
        assertThat(plan(SPEC.replace("vary optimizer.lr over 1e-3, 2e-3",
                "vary optimizer.lr over uniform(0.001..0.002) samples 3 seed 1")).runs()).extracting(RunConfig::id)
                .as("seed 1 is the default").containsExactlyElementsOf(plan(SPEC.replace("vary optimizer.lr over 1e-3, 2e-3",
                        "vary optimizer.lr over uniform(0.001..0.002) samples 3")).runs().stream().map(RunConfig::id).toList());
    }

    @Test
    void everyDefaultIsResolved() {
        RunConfig lstm = plan(SPEC).runs().stream().filter(r -> r.model().equals("Lstm")).findFirst().orElseThrow();

        assertThat(lstm.parameters()).containsEntry("model.kind", "lstm").containsEntry("model.layers", 5L)
                .containsEntry("model.hidden", 32L).containsEntry("model.dropout", 0.4)
                .containsEntry("training.batch", 128L).containsEntry("training.steps", 1000L)
                .containsEntry("schedule.kind", "constant").containsEntry("decode.kind", "greedy")
                .containsEntry("decode.budget", 32L).containsEntry("optimizer.betas", List.of(0.9, 0.999))
                .containsEntry("loss.pad", "included").containsEntry("language.maxLength", 32L);
    }

    @Test
    void regimesCarryTheirWeightAndPrompts() {
        RunPlan plan = plan(SPEC);
        RunConfig adversarial = plan.runs().stream().filter(r -> r.regime().equals("adversarial")).findFirst()
                .orElseThrow();
        RunConfig oracle = plan.runs().stream().filter(r -> r.regime().equals("oracle")).findFirst().orElseThrow();

        assertThat(adversarial.parameters()).containsEntry("regime.weight", 0.5).containsEntry("regime.prompts", "P");
        assertThat(oracle.parameters()).containsEntry("regime.weight", 1.0).containsEntry("regime.prompts", "P");
    }

    @Test
    void regimeOptionsAreWrittenOnlyWhenTheyDifferFromTheOriginalRegime() {
        List<RunConfig> before = plan(SPEC).runs();
        // the original options written out: same configs, same ids
        assertThat(plan(SPEC.replace("weight 0.5 on P", "weight 0.5 on P completion shortest loss sequence "
                + "prompts sampled")).runs()).extracting(RunConfig::id).isEqualTo(before.stream().map(RunConfig::id)
                        .toList());
        RunConfig papers = plan(SPEC.replace("weight 0.5 on P", "weight 0.5 on P completion overshoot loss "
                + "completion prompts all")).runs().stream().filter(r -> r.regime().equals("adversarial"))
                .findFirst().orElseThrow();
        assertThat(papers.parameters()).containsEntry(RegimeKeys.COMPLETION, "overshoot")
                .containsEntry(RegimeKeys.LOSS, "completion").containsEntry(RegimeKeys.PROMPTS_PER_STEP, "all");
        assertThat(before.stream().filter(r -> r.regime().equals("adversarial")).findFirst().orElseThrow()
                .parameters()).doesNotContainKeys(RegimeKeys.COMPLETION, RegimeKeys.LOSS,
                        RegimeKeys.PROMPTS_PER_STEP);
        // each option changes exactly the adversarial runs
        assertChangedIds(before, "weight 0.5 on P", "weight 0.5 on P completion overshoot",
                run -> run.regime().equals("adversarial"));
        assertChangedIds(before, "weight 0.5 on P", "weight 0.5 on P loss completion",
                run -> run.regime().equals("adversarial"));
        assertChangedIds(before, "weight 0.5 on P", "weight 0.5 on P prompts all",
                run -> run.regime().equals("adversarial"));
    }

    @Test
    void anUnchangedSpecKeepsItsIdsEvenWhenReformattedOrCommented() {
        List<String> ids = plan(SPEC).runs().stream().map(RunConfig::id).toList();
        String reformatted = "// a comment\n" + SPEC.replace("  ", "      ").replace("2e-3", "0.002");

        assertThat(plan(SPEC).runs()).extracting(RunConfig::id).isEqualTo(ids);
        assertThat(plan(reformatted).runs()).extracting(RunConfig::id).isEqualTo(ids);
    }

    @Test
    void changingAnyResolvedParameterChangesTheIdsOfExactlyTheRunsItAffects() {
        List<RunConfig> before = plan(SPEC).runs();

        assertChangedIds(before, "steps 1000", "steps 1001", run -> true);
        assertChangedIds(before, "length 8", "length 7", run -> true);
        assertChangedIds(before, "maxLength 32", "maxLength 30", run -> true);
        assertChangedIds(before, "a* b*", "a* b* a*", run -> true);
        assertChangedIds(before, "protocol Short {", "protocol Short { batch 64", run -> true);
        assertChangedIds(before, "hidden 32", "hidden 33", run -> run.model().equals("Lstm"));
        assertChangedIds(before, "weight 0.5", "weight 0.6", run -> run.regime().equals("adversarial"));
    }

    private void assertChangedIds(List<RunConfig> before, String from, String to,
            java.util.function.Predicate<RunConfig> affected) {
        List<RunConfig> after = plan(SPEC.replace(from, to)).runs();
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            String description = from + " -> " + to + " in " + before.get(i);
            if (affected.test(before.get(i))) {
                assertThat(after.get(i).id()).as(description).isNotEqualTo(before.get(i).id());
            } else {
                assertThat(after.get(i).id()).as(description).isEqualTo(before.get(i).id());
            }
        }
    }

    @Test
    void setOverridesAParameterForEveryRun() {
        RunPlan plan = plan(SPEC.replace("seeds 1..2, 7", "seeds 1 set language.maxLength to 12"));

        assertThat(plan.runs()).allSatisfy(run -> {
            assertThat(run.get("language.maxLength")).isEqualTo(12L);
            assertThat(run.get("decode.budget")).isEqualTo(12L);
        });
    }

    @Test
    void anIncompleteStudyIsReportedNotCrashed() {
        SpecChecker.Result result = checker.check(Path.of("target/incomplete.saturn"),
                SPEC.replace("models Tf Lstm", ""));
        assertThatThrownBy(() -> compiler.compile(result.spec())).isInstanceOf(SaturnCompiler.SpecException.class)
                .hasMessage("study S lists no models");
    }
}
