package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.core.plan.DataKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.semantics.KeywordDocumentation;
import org.saturn.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * The data protocol in the DSL: {@code train|validate|test on all|N words}, epochs as the unit of the
 * duration, the evaluation and checkpoint intervals and the warm-up; what check says, what the
 * compiler writes (nothing new without the protocol: run ids stay).
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(SaturnInjectorProvider.class)
class DataProtocolTest {

    private static final String LANGUAGES = """
            language AnBn {
              alphabet a b
              maxLength 16
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
              generate a^n b^n with n in 1..maxLength / 2
            }
            language Dyck {
              alphabet "(" ")" "[" "]"
              maxLength 64
              rule R1 : balanced "[" "]"
              rule R2 : balanced "(" ")"
              generate process dyck
            }
            prompts P for AnBn { all words of length 4 over a b }
            prompts D for Dyck { word "(" "[" }
            model Tf transformer { layers 2 dModel 16 heads 2 }
            """;

    private static final String STEPS = """
            protocol Steps { batch 4 steps 100 evaluate every 10 steps }
            study S on AnBn with P using Steps { models Tf seeds 1..2 }
            """;

    /** aⁿbⁿ up to 16: 8 words; batch 4: 2 steps per epoch. */
    private static final String EPOCHS = """
            protocol Epochs {
              schedule inverseSqrt warmupEpochs 3
              batch 4
              train on all words
              validate on all words
              test on all words
              epochs 50
              evaluate every 5 epochs
            }
            study S on AnBn with P using Epochs { models Tf seeds 1..2 }
            """;

    @Inject
    ParseHelper<Spec> parser;

    @Inject
    ValidationTestHelper validation;

    private final SpecChecker checker = new SpecChecker();

    private List<RunConfig> runs(String text) {
        SpecChecker.Result result = checker.check(Path.of("target/data-protocol-test.saturn"), text);
        assertThat(result.hasErrors()).as(result.diagnostics().toString()).isFalse();
        return new SaturnCompiler().compile(result.spec()).runs();
    }

    private List<Issue> issues(String text, String code) throws Exception {
        return validation.validate(parser.parse(text)).stream().filter(i -> code.equals(i.getCode())).toList();
    }

    @Test
    void epochsBecomeStepsOfTheFixedTrainingSet() {
        RunConfig run = runs(LANGUAGES + EPOCHS).get(0);
        assertThat(run.parameters()).containsEntry(DataKeys.TRAIN, "all").containsEntry(DataKeys.VALIDATE, "all")
                .containsEntry(DataKeys.TEST, "all").containsEntry(DataKeys.EPOCHS, 50L)
                .containsEntry("training.steps", 100L).containsEntry(DataKeys.EVALUATE_EPOCHS, 5L)
                .containsEntry("evaluate.every", 10L).containsEntry(DataKeys.CHECKPOINT_EPOCHS, 5L)
                .containsEntry("checkpoint.every", 10L).containsEntry(DataKeys.WARMUP_EPOCHS, 3L)
                .containsEntry("schedule.warmup", 6L);
        // a sampled set: its size counts; a batch of at least the set is one step per epoch (full batch)
        RunConfig sampled = runs(LANGUAGES + EPOCHS.replace("train on all words", "train on 10 words")
                .replace("batch 4", "batch 16")).get(0);
        assertThat(sampled.parameters()).containsEntry(DataKeys.TRAIN, 10L).containsEntry("training.steps", 50L);
        // the max length set for the study changes the number of words, so the steps
        RunConfig longer = runs(LANGUAGES + EPOCHS.replace("seeds 1..2", "seeds 1 set language.maxLength to 32"))
                .get(0);
        assertThat(longer.parameters()).containsEntry("training.steps", 200L);
    }

    @Test
    void withoutTheProtocolNoKeyIsWrittenAndIdsStay() {
        List<RunConfig> before = runs(LANGUAGES + STEPS);
        assertThat(before.get(0).parameters()).doesNotContainKeys(DataKeys.TRAIN, DataKeys.VALIDATE, DataKeys.TEST,
                DataKeys.EPOCHS, DataKeys.EVALUATE_EPOCHS, DataKeys.WARMUP_EPOCHS, DataKeys.CHECKPOINT_EPOCHS);
        List<RunConfig> fixed = runs(LANGUAGES + STEPS.replace("batch 4", "batch 4 train on 8 words"));
        assertThat(fixed.get(0).parameters()).containsEntry(DataKeys.TRAIN, 8L).containsEntry("training.steps", 100L);
        assertThat(fixed.get(0).id()).isNotEqualTo(before.get(0).id());
    }

    @Test
    void theDataProtocolHasNoIssuesOnAnbn() throws Exception {
        validation.assertNoIssues(parser.parse(LANGUAGES + EPOCHS));
    }

    @Test
    void epochsWithoutAFixedTrainingSetAreAnError() throws Exception {
        String withoutSet = LANGUAGES + EPOCHS.replace("train on all words", "");
        List<Issue> issues = issues(withoutSet, IssueCodes.DATA_SET);
        assertThat(issues).extracting(Issue::getMessage).containsExactlyInAnyOrder(
                "'epochs 50' counts epochs, which are passes over a fixed training set: add 'train on N words' or "
                        + "'train on all words'",
                "'evaluate every 5 epochs' counts epochs, which are passes over a fixed training set: add 'train on "
                        + "N words' or 'train on all words'",
                "'warmupEpochs' counts epochs, which are passes over a fixed training set: add 'train on N words' or "
                        + "'train on all words'");
        assertThat(issues).allMatch(i -> i.getSeverity() == Severity.ERROR);
    }

    @Test
    void allWordsOfAHugeLanguageIsAnErrorWithTheCount() throws Exception {
        String text = LANGUAGES + """
                protocol Q { batch 4 train on all words epochs 2 }
                study S on Dyck with D using Q { models Tf seeds 1 }
                """;
        List<Issue> issues = issues(text, IssueCodes.DATA_SET);
        assertThat(issues).extracting(Issue::getMessage).containsExactly("'train on all words': Dyck has more than "
                + "100000 words up to max length 64; use a number of words");
        assertThat(issues.get(0).getSeverity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void moreWordsThanTheLanguageHasIsAWarning() throws Exception {
        String text = LANGUAGES + STEPS.replace("batch 4", "batch 4 train on 20 words");
        List<Issue> issues = issues(text, IssueCodes.DATA_SET_REPEATS);
        assertThat(issues).extracting(Issue::getMessage).containsExactly("'train on 20 words': AnBn has only 8 "
                + "distinct words up to max length 16, so the set repeats them; 'all words' takes each once");
        assertThat(issues.get(0).getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(issues(LANGUAGES + STEPS.replace("batch 4", "batch 4 train on 8 words"),
                IssueCodes.DATA_SET_REPEATS)).isEmpty();
    }

    @Test
    void eachSetIsWrittenOnceAndHasAWord() throws Exception {
        assertThat(issues(LANGUAGES + STEPS.replace("batch 4", "batch 4 train on 8 words test on 8 words"),
                IssueCodes.DUPLICATE_SETTING)).isEmpty();
        assertThat(issues(LANGUAGES + STEPS.replace("batch 4", "batch 4 train on 8 words train on all words"),
                IssueCodes.DUPLICATE_SETTING)).extracting(Issue::getMessage)
                .containsExactly("'train on' is set twice in Steps");
        assertThat(issues(LANGUAGES + STEPS.replace("batch 4", "batch 4 test on 0 words"), IssueCodes.NOT_POSITIVE))
                .extracting(Issue::getMessage).containsExactly("A fixed set needs at least one word");
    }

    @Test
    void warmupInStepsAndEpochsTogetherIsAWarning() throws Exception {
        List<Issue> issues = issues(LANGUAGES + EPOCHS.replace("warmupEpochs 3", "warmup 10 warmupEpochs 3"),
                IssueCodes.DATA_SET);
        assertThat(issues).extracting(Issue::getMessage).containsExactly("warmupEpochs replaces warmup: write one of "
                + "them");
        assertThat(issues.get(0).getSeverity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void theNewKeywordsHaveHoverText() {
        for (String keyword : List.of("train", "validate", "test", "epochs")) {
            assertThat(KeywordDocumentation.of(keyword)).as(keyword).isPresent();
        }
    }
}
