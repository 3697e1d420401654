package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.plan.RunInputs;
import org.saturn.core.prompts.Prompt;
import org.saturn.dsl.compiler.ConfigDefinitions;
import org.saturn.dsl.compiler.CoreLanguages;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;

/** A run's inputs come from its config's definition texts alone, equal to the spec's. */
class ConfigDefinitionsTest {

    private static final SpecChecker CHECKER = new SpecChecker();
    private static final ConfigDefinitions DEFINITIONS = new ConfigDefinitions(CHECKER.injector());

    private static Study study(String example) {
        Spec spec = CHECKER.check(ExamplesTest.EXAMPLES.resolve(example)).spec();
        return spec.getElements().stream().filter(Study.class::isInstance).map(Study.class::cast).findFirst()
                .orElseThrow();
    }

    @Test
    void theConfigGivesTheLanguageAndPromptsOfTheSpec() {
        Study study = study("case-study-1-reduced.saturn");
        RunConfig config = new SaturnCompiler().compile(study).get(0);
        RunInputs inputs = DEFINITIONS.inputs(config);
        int maxLength = ((Number) config.get("language.maxLength")).intValue();
        org.saturn.core.lang.Language fromSpec = CoreLanguages.toCore((Language) study.getSource(), maxLength);
        assertThat(inputs.language().alphabet()).isEqualTo(fromSpec.alphabet());
        assertThat(inputs.language().maxLength()).isEqualTo(maxLength);
        assertThat(OptimalLoss.of(inputs.language(), LossConvention.PAD).optimalLoss())
                .isEqualTo(OptimalLoss.of(fromSpec, LossConvention.PAD).optimalLoss());
        assertThat(inputs.prompts().name()).isEqualTo(study.getPrompts().getName());
        assertThat(inputs.prompts().prompts()).isNotEmpty();
        assertThat(DEFINITIONS.fineTuningInputs(config)).isEmpty();
    }

    @Test
    void theFineTuningStageHasItsOwnLanguageAndPromptsAtThePretrainingMaxLength() {
        RunConfig config = new SaturnCompiler().compile(study("case-study-3-reduced.saturn")).get(0);
        RunInputs pretraining = DEFINITIONS.inputs(config);
        RunInputs fineTuning = DEFINITIONS.fineTuningInputs(config).orElseThrow();
        assertThat(pretraining.prompts().name()).isEqualTo("AnBnPrompts");
        assertThat(fineTuning.prompts().name()).isEqualTo("AnBnAnPrompts");
        // the example sets language.maxLength 16: the fine-tuning language is cut at the same length
        assertThat(((Number) config.get("language.maxLength")).intValue()).isEqualTo(16);
        assertThat(fineTuning.language().maxLength()).isEqualTo(16);
        assertThat(fineTuning.language().alphabet()).isEqualTo(pretraining.language().alphabet());
        List<Integer> lengths = fineTuning.prompts().prompts().stream().map(Prompt::prefix).map(w -> w.length())
                .distinct().toList();
        assertThat(lengths).containsExactly(6);
    }

    @Test
    void aBrokenOrMissingDefinitionIsOneClearMessage() {
        RunConfig config = new SaturnCompiler().compile(study("case-study-1-reduced.saturn")).get(0);
        assertThatThrownBy(() -> DEFINITIONS.inputs(config.with("language.definition", "language AnBn {")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not parse on their own");
        RunConfig withoutPrompts = new RunConfig(config.study(), config.model(),
                new java.util.TreeMap<>(config.parameters()) {
                    private static final long serialVersionUID = 1L;
                    {
                        remove("prompts.definition");
                    }
                });
        assertThatThrownBy(() -> DEFINITIONS.inputs(withoutPrompts)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no 'language.definition' or 'prompts.definition'");
    }

    @Test
    void aMixtureIsALanguageOfSequencesWithInContextPrompts() {
        RunConfig config = new SaturnCompiler().compile(study("case-study-2-reduced.saturn")).get(0);
        RunInputs inputs = DEFINITIONS.inputs(config);
        org.saturn.core.lang.mixture.MixtureGenerator mixture = org.saturn.core.lang.mixture.Mixtures
                .of(inputs.language()).orElseThrow();
        assertThat(mixture.tasks()).extracting(t -> t.name()).containsExactly("AnBn", "BbaN", "Dyck");
        assertThat(mixture.tasks()).allMatch(t -> t.maxLength() == 8);
        assertThat(mixture.repeat()).isZero();
        assertThat(mixture.delimiter()).isEqualTo("#");
        // the longest prompt (4 examples) and its answer: 5 words of up to 8 symbols with 4 delimiters
        assertThat(inputs.language().maxLength()).isEqualTo(5 * 9 - 1);
        assertThat(inputs.prompts().prompts()).hasSize(5 * 20).allMatch(p -> p.inContext() != null);
        // one example then a switch of task is possible; two examples of one task in a row never are
        assertThat(inputs.prompts().prompts()).allMatch(p -> p.inDistribution() == (p.inContext().examples() <= 1));
        assertThat(OptimalLoss.of(inputs.language(), LossConvention.PAD).exact()).isTrue();
    }
}
