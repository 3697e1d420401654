package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.validation.IssueCodes;

import com.google.inject.Inject;

/**
 * One negative test per validation rule: the issue's code, severity, message and exact range
 * (offset and length of the offending text). Snippets mark the expected range with ‹ and ›.
 */
@ExtendWith(InjectionExtension.class)
@InjectWith(SaturnInjectorProvider.class)
class SaturnValidationTest {

    static final String ANBN = """
            language AnBn {
              alphabet a b
              maxLength 32
              rule R1 "#a = #b" : count(a) == count(b)
              rule R2 "a's before b's" : a* b*
              generate a^n b^n with n in 1..maxLength / 2
            }
            prompts P for AnBn { all words of length 8 over a b }
            model Tf transformer { layers 2 dModel 16 heads 2 }
            """;

    static final String PROTOCOL = """
            protocol Short { batch 32 steps 1000 evaluate every 100 steps }
            """;

    @Inject
    ParseHelper<Spec> parser;

    @Inject
    ValidationTestHelper validation;

    /** Parses the text without the ‹ › markers and asserts exactly one issue with that code at the marked range. */
    private Issue assertIssue(String marked, String code, Severity severity, String message) throws Exception {
        int offset = marked.indexOf('‹');
        int length = marked.indexOf('›') - offset - 1;
        String text = marked.replace("‹", "").replace("›", "");
        Spec spec = parser.parse(text);
        assertThat(spec.eResource().getErrors()).as("syntax errors").isEmpty();
        List<Issue> issues = validation.validate(spec).stream().filter(i -> code.equals(i.getCode())).toList();
        assertThat(issues).as("issues with code " + code + " in all issues " + validation.validate(spec)).hasSize(1);
        Issue issue = issues.get(0);
        assertThat(issue.getMessage()).isEqualTo(message);
        assertThat(issue.getSeverity()).isEqualTo(severity);
        assertThat(issue.getOffset()).as("offset").isEqualTo(offset);
        assertThat(issue.getLength()).as("length of '" + text.substring(offset, offset + length) + "'")
                .isEqualTo(length);
        return issue;
    }

    private void assertError(String marked, String code, String message) throws Exception {
        assertIssue(marked, code, Severity.ERROR, message);
    }

    /** An error at the marked range, which starts at this line and column (as `saturn check` prints them). */
    private void assertErrorAt(String marked, String code, int line, int column, String message) throws Exception {
        Issue issue = assertIssue(marked, code, Severity.ERROR, message);
        assertThat(issue.getLineNumber()).as("line").isEqualTo(line);
        assertThat(issue.getColumn()).as("column").isEqualTo(column);
    }

    private void assertWarning(String marked, String code, String message) throws Exception {
        assertIssue(marked, code, Severity.WARNING, message);
    }

    @Test
    void aCompleteSpecHasNoIssues() throws Exception {
        Spec spec = parser.parse(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1..3 }");
        validation.assertNoIssues(spec);
    }

    @Test
    void thePapersRegimeOptionsHaveNoIssuesOnAnbn() throws Exception {
        Spec spec = parser.parse(ANBN + """
                protocol Adv { batch 32 steps 1000 evaluate every 100 steps
                  regime adversarial weight 1 on P completion overshoot loss completion prompts all
                  regime oracle loss completion prompts all }
                study S on AnBn with P using Adv { models Tf regimes adversarial oracle seeds 1 }""");
        validation.assertNoIssues(spec);
    }

    @Test
    void overshootIsForTheAdversarialRegimeOnly() throws Exception {
        assertError("protocol Adv { steps 10 regime oracle completion ‹overshoot› }", IssueCodes.REGIME_OPTION,
                "completion overshoot violates R1, so it belongs to the adversarial regime, not to oracle");
    }

    @Test
    void overshootNeedsAnR1ThatBalancesTwoSymbols() throws Exception {
        assertError("""
                language L3 {
                  alphabet a b c
                  maxLength 12
                  rule R1 "#a = #b = #c" : count(a) == count(b) == count(c)
                  rule R2 : a* b* c*
                  generate a^n b^n c^n with n in 1..4
                }
                prompts Q for L3 { all words of length 3 over a b c }
                model Tf transformer { layers 2 dModel 16 heads 2 }
                protocol Adv { batch 32 steps 1000 evaluate every 100 steps regime adversarial completion overshoot }
                study S on L3 with Q using Adv { models Tf regimes maxLikelihood ‹adversarial› seeds 1 }""",
                IssueCodes.REGIME_OPTION, "The adversarial regime's completion overshoot needs an R1 that balances "
                        + "two symbols (#x = #y), and language L3 has R1 #a = #b = #c");
    }

    @Test
    void duplicateElementName() throws Exception {
        assertError(ANBN + "model ‹Tf› lstm { }", IssueCodes.DUPLICATE_NAME, "'Tf' is defined twice in this file");
    }

    @Test
    void duplicateSymbol() throws Exception {
        assertError("language L { alphabet a b ‹a› maxLength 4 }", IssueCodes.DUPLICATE_NAME,
                "Symbol 'a' appears twice in the alphabet of L");
    }

    @Test
    void duplicateRule() throws Exception {
        assertError("language L { alphabet a maxLength 4 rule R : a*  rule ‹R› : count(a) > 1 }",
                IssueCodes.DUPLICATE_NAME, "Rule 'R' is defined twice in L");
    }

    @Test
    void unknownNameSaysWhatKindWasExpected() throws Exception {
        String marked = ANBN + PROTOCOL + "study S on ‹Nowhere› with P using Short { models Tf seeds 1 }";
        assertIssue(marked, Diagnostic.LINKING_DIAGNOSTIC, Severity.ERROR,
                "Unknown language or mixture 'Nowhere' (did you import \"stdlib.saturn\"?)");
    }

    @Test
    void ruleOverASymbolOutsideTheAlphabet() throws Exception {
        assertIssue("language L { alphabet a b maxLength 4 rule R : count(a) == count(‹c›) }",
                Diagnostic.LINKING_DIAGNOSTIC, Severity.ERROR, "'c' is not in the alphabet of L (a b)");
    }

    @Test
    void unresolvedImport() throws Exception {
        assertError("import ‹\"missing.saturn\"›", IssueCodes.UNRESOLVED_IMPORT,
                "Cannot find 'missing.saturn' next to this file nor in Saturn's library");
    }

    @Test
    void generatorWhoseWordsViolateARule() throws Exception {
        assertError("language L { alphabet a b maxLength 8 rule R1 \"#a = #b\" : count(a) == count(b)\n"
                + "  generate ‹a^n b^(n + 1) with n in 1..1› }", IssueCodes.GENERATOR_VIOLATES_RULE,
                "The generator produces 'a b b', which violates rule R1 (#a = #b): the generator and the rules disagree");
    }

    @Test
    void generatorWithAnEmptyRange() throws Exception {
        assertError("language L { alphabet a maxLength 8 generate ‹a^n with n ~ uniform(5..2)› }",
                IssueCodes.GENERATOR_FAILS, "The generator cannot produce words: uniform(5..2) has no values (5..2)");
    }

    @Test
    void generatorLongerThanMaxLengthIsAnErrorAsCoreRefusesIt() throws Exception {
        assertError("language L { alphabet a maxLength 4 generate ‹a^n with n in 9..9› }",
                IssueCodes.WORD_TOO_LONG,
                "The generator produces words of up to 9 symbols, longer than maxLength 4: raise maxLength or shorten the words");
    }

    @Test
    void twoGenerators() throws Exception {
        assertError("language L { alphabet a maxLength 8 generate a  generate ‹a a› }",
                IssueCodes.SEVERAL_GENERATORS, "A language has one generator; L has 2");
    }

    @Test
    void missingMaxLength() throws Exception {
        assertWarning("language ‹L› { alphabet a }", IssueCodes.MISSING_MAX_LENGTH,
                "L sets no maxLength: 64 is used (write 'maxLength N' after the alphabet)");
    }

    @Test
    void sameBrackets() throws Exception {
        assertError("language L { alphabet \"(\" maxLength 4 rule R : balanced \"(\" ‹\"(\"› }",
                IssueCodes.SAME_BRACKETS, "The opening and the closing bracket must be different symbols");
    }

    @Test
    void unknownProcess() throws Exception {
        assertError("language L { alphabet a maxLength 4 generate process ‹walk› }", IssueCodes.UNKNOWN_PROCESS,
                "Unknown generator process 'walk': choose dyck or csDyck");
    }

    @Test
    void dModelNotDivisibleByHeads() throws Exception {
        assertError("model Tf transformer { dModel 10 ‹heads 3› }", IssueCodes.HEADS_DO_NOT_DIVIDE,
                "dModel 10 is not divisible by 3 heads: each head gets dModel / heads dimensions");
    }

    @Test
    void unknownModelKind() throws Exception {
        assertError("model M ‹transfomer› { }", IssueCodes.UNKNOWN_KIND,
                "Unknown model kind 'transfomer': choose transformer, lstm, linear, mamba, xlstm");
    }

    @Test
    void mambaTakesItsOwnParametersWithinTheirRanges() throws Exception {
        assertError("model M mamba { ‹heads› 2 }", IssueCodes.UNKNOWN_PARAMETER,
                "A mamba model has no parameter 'heads'; its parameters are layers, dModel, dState, dConv, expand");
        assertError("model M mamba { dState ‹0› }", IssueCodes.BAD_VALUE, "dState must be at least 1, not 0");
        assertError("model M mamba { expand ‹1.5› }", IssueCodes.BAD_VALUE, "expand must be a whole number, not 1.5");
    }

    @Test
    void xlstmTakesItsOwnParametersWithinTheirRanges() throws Exception {
        assertError("model M xlstm { ‹dState› 2 }", IssueCodes.UNKNOWN_PARAMETER,
                "A xlstm model has no parameter 'dState'; its parameters are layers, dModel, heads, slstmEvery");
        assertError("model M xlstm { slstmEvery ‹1.5› }", IssueCodes.BAD_VALUE,
                "slstmEvery must be a whole number, not 1.5");
        assertError("model M xlstm { dModel 10 ‹heads 4› }", IssueCodes.HEADS_DO_NOT_DIVIDE,
                "dModel 10 is not divisible by 4 heads: each head gets dModel / heads dimensions");
        validation.assertNoIssues(parser.parse("model M xlstm { layers 2 dModel 16 heads 4 slstmEvery 0 }"));
    }

    @Test
    void unknownParameterForAModelKind() throws Exception {
        assertError("model M lstm { ‹heads› 2 }", IssueCodes.UNKNOWN_PARAMETER,
                "A lstm model has no parameter 'heads'; its parameters are layers, embedding, hidden, dropout, dropoutPlacement, init");
    }

    @Test
    void wrongValueType() throws Exception {
        assertError("model M lstm { layers ‹2.5› }", IssueCodes.BAD_VALUE, "layers must be a whole number, not 2.5");
        assertError("model M transformer { norm ‹middle› }", IssueCodes.BAD_VALUE,
                "norm must be one of pre, post, not 'middle'");
        assertError("model M lstm { dropout ‹1.5› }", IssueCodes.BAD_VALUE,
                "dropout must be at least 0 and at most 1, not 1.5");
        assertError("protocol P { optimizer adamw betas ‹0.9› steps 10 }", IssueCodes.BAD_VALUE,
                "betas takes 2 values separated by commas, not 1");
    }

    @Test
    void unknownOptimizer() throws Exception {
        assertError("protocol P { optimizer ‹lion› steps 10 }", IssueCodes.UNKNOWN_KIND,
                "Unknown optimizer 'lion': choose adamw, adam, sgd");
    }

    @Test
    void settingTwice() throws Exception {
        assertError("protocol P { batch 8 steps 10 ‹batch 16› }", IssueCodes.DUPLICATE_SETTING,
                "'batch' is set twice in P");
    }

    @Test
    void noTrainingDuration() throws Exception {
        assertError("protocol ‹P› { batch 8 }", IssueCodes.NO_DURATION,
                "P sets neither steps nor epochs: add e.g. 'steps 20000'");
    }

    @Test
    void warmupLongerThanTraining() throws Exception {
        assertError("protocol P { schedule inverseSqrt warmup ‹1000› steps 500 }", IssueCodes.WARMUP_TOO_LONG,
                "The warm-up (1000 steps) is longer than training (500 steps): the learning rate never reaches its peak");
    }

    @Test
    void evaluationIntervalLongerThanTrainingIsAWarning() throws Exception {
        assertWarning("protocol P { steps 100 evaluate every ‹250› steps }", IssueCodes.INTERVAL_TOO_LONG,
                "Evaluating every 250 steps in a 100-step run evaluates only at the end");
    }

    @Test
    void nonPositiveSaturationTolerance() throws Exception {
        assertError("protocol P { steps 100 stop when saturated within ‹0›% for 3 evaluations }",
                IssueCodes.NOT_POSITIVE, "The saturation tolerance must be above 0%");
    }

    @Test
    void emptySeedSet() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds ‹5..1› }",
                IssueCodes.EMPTY_RANGE, "The seeds 5..1 are empty: write the smaller bound first");
    }

    @Test
    void emptySweep() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 vary model.layers over ‹4..2› }",
                IssueCodes.EMPTY_RANGE, "The range 4..2 is empty: write the smaller bound first");
    }

    @Test
    void sweepOverAnUnknownParameter() throws Exception {
        assertError(ANBN + PROTOCOL
                + "study S on AnBn with P using Short { models Tf seeds 1 vary ‹optimizer.lrr› over 1e-3, 2e-3 }",
                IssueCodes.UNKNOWN_SWEEP_PARAMETER, "Cannot vary 'optimizer.lrr': it is not a parameter of this study's runs. Numeric parameters: "
                + "checkpoint.every, decode.budget, earlyStopping.patience, evaluate.every, language.maxLength, "
                + "model.dModel, model.dropout, model.ff, model.heads, model.layers, model.normEps, optimizer.eps, "
                + "optimizer.lr, optimizer.weightDecay, saturation.evaluations, saturation.withinPercent, "
                + "schedule.warmup, training.batch, training.steps");
    }

    @Test
    void studyWithoutModels() throws Exception {
        assertError(ANBN + PROTOCOL + "study ‹S› on AnBn with P using Short { seeds 1 }", IssueCodes.NO_MODELS,
                "S lists no models: add e.g. 'models Tf'");
    }

    @Test
    void studyWithoutSeedsIsAWarning() throws Exception {
        assertWarning(ANBN + PROTOCOL + "study ‹S› on AnBn with P using Short { models Tf }", IssueCodes.NO_SEEDS,
                "S lists no seeds: each configuration runs once, with seed 1");
    }

    @Test
    void promptsThatShareNoSymbolWithTheLanguage() throws Exception {
        assertError(ANBN + PROTOCOL + """
                language C { alphabet c d maxLength 4 generate c d }
                prompts Q for C { word c d }
                study S on AnBn with ‹Q› using Short { models Tf seeds 1 }""", IssueCodes.DISJOINT_PROMPTS,
                "The prompts Q (c d) share no symbol with AnBn (a b)");
    }

    @Test
    void studyOnALanguageWithoutGenerator() throws Exception {
        assertError("language L { alphabet a maxLength 4 }\nprompts P for L { word a }\nmodel Tf lstm { }\n" + PROTOCOL
                + "study S on ‹L› with P using Short { models Tf seeds 1 }", IssueCodes.NO_GENERATOR,
                "L has no generator, so there is nothing to train on");
    }

    @Test
    void unknownMetric() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 metric ‹perplexity› summary min }",
                IssueCodes.UNKNOWN_METRIC, "Unknown metric 'perplexity': choose one of testLoss, trainLoss, gap, "
                        + "accuracy, completionAccuracy, grammatical, finished, iclAccuracy, finetuneLoss, hessianTrace, relativeFlatness");
    }

    @Test
    void accuracyNeedsARule() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 metric ‹accuracy› on ood summary max }",
                IssueCodes.METRIC_NEEDS_RULE, "accuracy is measured per rule: write 'metric accuracy of R1 ...'");
    }

    @Test
    void identicalModelsInOneStudyAreAWarning() throws Exception {
        assertWarning(ANBN + "model Copy transformer { layers 2 dModel 16 heads 2 }\n" + PROTOCOL
                + "study S on AnBn with P using Short { models Tf ‹Copy› seeds 1 }", IssueCodes.IDENTICAL_RUNS,
                "Models Tf and Copy are configured identically, so their runs coincide");
    }

    @Test
    void aSampledSweepHasNoIssues() throws Exception {
        validation.assertNoIssues(parser.parse(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "vary optimizer.lr over logUniform(1e-4..1e-2) samples 8 seed 7 vary model.dropout over uniform(0..0.3) samples 2 }"));
    }

    @Test
    void sampledSweepsNeedARangeBoundsAboveZeroForLogUniformAndRealParameters() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "vary optimizer.lr over uniform(1e-2..‹1e-4›) samples 8 }",
                IssueCodes.EMPTY_RANGE, "The range 0.01..0.0001 is empty: write the smaller bound first");
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "vary model.dropout over logUniform(‹0›..0.3) samples 2 }",
                IssueCodes.BAD_VALUE, "logUniform needs bounds above 0 (it samples the logarithm); use uniform for 0..0.3");
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "vary optimizer.lr over uniform(1e-4..1e-2) samples ‹0› }",
                IssueCodes.BAD_VALUE, "samples is 1 to 1000, not 0");
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "vary model.layers over ‹uniform(1..4) samples 3› }",
                IssueCodes.BAD_VALUE, "model.layers takes whole numbers: sampling draws real ones; list the values, "
                        + "e.g. 'vary model.layers over 16, 32'");
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 "
                + "set optimizer.lr to ‹uniform(1e-4..1e-2) samples 3› }",
                IssueCodes.BAD_VALUE, "'set' takes one value; to sample several, write 'vary optimizer.lr over ...'");
    }

    @Test
    void setTakesOneValue() throws Exception {
        assertError(ANBN + PROTOCOL + "study S on AnBn with P using Short { models Tf seeds 1 set model.layers to ‹2›, 3 }",
                IssueCodes.BAD_VALUE, "'set' takes one value; to run several, write 'vary model.layers over ...'");
    }

    @Test
    void inContextPromptsNeedAMixture() throws Exception {
        assertError(ANBN + "prompts I for AnBn { ‹in context 0..4 examples then 10 queries› }",
                IssueCodes.IN_CONTEXT_NEEDS_MIXTURE,
                "In-context prompts are built from the tasks of a mixture; AnBn is a single language");
    }

    @Test
    void delimiterAlreadyInAnAlphabet() throws Exception {
        assertError(ANBN + "mixture M { task AnBn sequences of 1..3 words separated by ‹a› }",
                IssueCodes.DELIMITER_IN_ALPHABET,
                "The delimiter 'a' is already a symbol of AnBn: choose a token no task uses");
    }

    @Test
    void sampledWordsNeedALength() throws Exception {
        assertError(ANBN + "prompts Q for AnBn { sample 10 ‹words› over a b }", IssueCodes.MISSING_LENGTH,
                "Say how long the random words are: 'sample 10 words of length 4..12 over ...'");
    }

    @Test
    void tooManyExhaustivePromptsIsAWarning() throws Exception {
        assertWarning(ANBN + "prompts Q for AnBn { all words of length ‹20› over a b }", IssueCodes.TOO_MANY_PROMPTS,
                "All words of length 20 over 2 symbols are 1048576 prompts: evaluation will be slow; sample some instead");
    }

    @Test
    void aLanguageTheCoreCannotTrainOnIsAWarning() throws Exception {
        assertWarning("language ‹G› { alphabet a b maxLength 8 rule R : count(a) == count(b)\n generate (a b)^n with n in 1..4 }",
                IssueCodes.NOT_RUNNABLE, "Saturn's core cannot run powers of groups such as (a b)^n yet: this "
                        + "language can be checked and planned, not trained on");
    }

    @Test
    void aWeightedGrammarRunsInTheCore() throws Exception {
        validation.assertNoIssues(parser.parse("language G { alphabet a b maxLength 8 rule R : a* b*\n"
                + " generate grammar S { S -> a S weight 2 | b } }"));
    }

    // ------------------------------------------------- what the engine would refuse is an error

    static final String MIXTURE = "mixture M { task AnBn }\nprompts Q for M { word a b }\n";

    @Test
    void aMixtureWithoutSequencesCannotBeTrainedOn() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + MIXTURE + "study S on ‹M› with Q using Short { models Tf seeds 1 }",
                IssueCodes.NOT_TRAINABLE, 13, 12, "M cannot be trained on: a mixture to train on needs "
                        + "'sequences of N..M words separated by \"#\"'");
    }

    @Test
    void aMixtureWithSequencesAndInContextPromptsTrains() throws Exception {
        validation.assertNoIssues(parser.parse(ANBN + PROTOCOL
                + "language B { alphabet a b maxLength 6 rule R : b* a* generate b^n a^(2 * m) with n in 1..2, m in 0..2 }\n"
                + "mixture M { task AnBn task B weight 2 sequences of 1..3 words separated by \"#\"\n"
                + " tasks repeat with probability 0 }\n"
                + "prompts I for M { in context 0..2 examples then 10 queries }\n"
                + "study S on M with I using Short { models Tf seeds 1 }"));
    }

    @Test
    void inContextPromptsOfALanguageAreRefusedOnThePromptSetAlone() throws Exception {
        var spec = parser.parse(ANBN + PROTOCOL + "prompts I for AnBn { in context 0..4 examples then 10 queries }\n"
                + "study S on AnBn with I using Short { models Tf seeds 1 }");
        validation.assertError(spec, org.saturn.dsl.saturn.SaturnPackage.Literals.IN_CONTEXT_PROMPTS,
                IssueCodes.IN_CONTEXT_NEEDS_MIXTURE);
        validation.assertNoError(spec, IssueCodes.NOT_TRAINABLE);
    }

    @Test
    void uniformlyRandomPromptsCannotBeBuilt() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + "prompts Q for AnBn { sample 10 words of length 4 over a b }\n"
                + "study S on AnBn with ‹Q› using Short { models Tf seeds 1 }", IssueCodes.NOT_TRAINABLE, 12, 22,
                "Saturn's engine cannot build the prompts 'sample 10 words of length 4 over a b' of Q yet: use all "
                        + "words, listed words, 'sample N prefixes of length L from LANGUAGE' or 'sample N words "
                        + "[of length L] from LANGUAGE [after ...]'");
    }

    @Test
    void sampledWordsWithoutAPrefixAndOfALengthTrain() throws Exception {
        validation.assertNoIssues(parser.parse(ANBN + PROTOCOL
                + "prompts Q for AnBn { sample 10 words from AnBn sample 4 words of length 4..6 from AnBn }\n"
                + "study S on AnBn with Q using Short { models Tf seeds 1 }"));
    }

    @Test
    void wordsSampledFromALanguageWithAnotherSymbol() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + "language C { alphabet a c maxLength 4 rule R : a* generate a }\n"
                + "prompts Q for AnBn { sample 10 words from C }\nstudy S on AnBn with ‹Q› using Short { models Tf seeds 1 }",
                IssueCodes.NOT_TRAINABLE, 13, 22,
                "The prompt 'sample 10 words from C' of Q uses 'c', which is not in the alphabet of AnBn (a b)");
    }

    @Test
    void sampledWordsAfterAPrefixTrain() throws Exception {
        validation.assertNoIssues(parser.parse(ANBN + PROTOCOL
                + "prompts Q for AnBn { sample 10 words from AnBn after b a }\n"
                + "study S on AnBn with Q using Short { models Tf seeds 1 }"));
    }

    @Test
    void promptSymbolOutsideTheStudysAlphabet() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + "language C { alphabet a c maxLength 4 rule R : a* generate a }\n"
                + "prompts Q for C { word a c }\nstudy S on AnBn with ‹Q› using Short { models Tf seeds 1 }",
                IssueCodes.NOT_TRAINABLE, 13, 22,
                "The prompt 'word a c' of Q uses 'c', which is not in the alphabet of AnBn (a b)");
    }

    @Test
    void studyOnALanguageTheCoreCannotRun() throws Exception {
        assertErrorAt(PROTOCOL + "language G { alphabet a b maxLength 8 rule R : count(a) == count(b)\n"
                + " generate (a b)^n with n in 1..4 }\nprompts P for G { word a b }\nmodel Tf lstm { }\n"
                + "study S on ‹G› with P using Short { models Tf seeds 1 }", IssueCodes.NOT_TRAINABLE, 6, 12,
                "G cannot be trained on: Saturn's core cannot run powers of groups such as (a b)^n yet");
    }

    @Test
    void studyOnALanguageWithoutRules() throws Exception {
        assertErrorAt(PROTOCOL + "language L { alphabet a maxLength 4 generate a }\nprompts P for L { word a }\n"
                + "model Tf lstm { }\nstudy S on ‹L› with P using Short { models Tf seeds 1 }",
                IssueCodes.NOT_TRAINABLE, 5, 12, "L cannot be trained on: it has no rules (declare at least one)");
    }

    @Test
    void fineTuningOnAMixture() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + MIXTURE + "finetuning F on M { steps 10 }\n"
                + "study S on AnBn with P using Short { models Tf seeds 1 then ‹F› }", IssueCodes.NOT_TRAINABLE, 14, 61,
                "Saturn's engine cannot fine-tune on a mixture: M is one (a study pre-trains on a mixture; "
                        + "fine-tuning needs a language)");
    }

    @Test
    void fineTuningOnAnotherAlphabet() throws Exception {
        assertErrorAt(ANBN + PROTOCOL + "language BA { alphabet b a maxLength 8 rule R : b* a* generate b a }\n"
                + "finetuning F on BA { steps 10 }\n"
                + "study S on AnBn with P using Short { models Tf seeds 1 then ‹F› }", IssueCodes.NOT_TRAINABLE, 13, 61,
                "Fine-tuning on BA needs the alphabet of AnBn in its order (a b), not (b a)");
    }

    @Test
    void untrainedOptimizerParameter() throws Exception {
        assertErrorAt("protocol P { optimizer adam ‹eps› 1e-6 steps 10 }", IssueCodes.NOT_TRAINABLE, 1, 29,
                "Saturn's engine cannot train with eps other than 1e-8 yet");
    }

    @Test
    void untrainedOptimizerParameterAtTheEnginesValueIsFine() throws Exception {
        validation.assertNoIssues(parser.parse("protocol P { optimizer adamw betas 0.9, 0.999 eps 1e-8 steps 10 }"));
    }

    @Test
    void untrainedScheduleParameter() throws Exception {
        assertErrorAt("protocol P { schedule constant ‹warmup› 100 steps 1000 }", IssueCodes.NOT_TRAINABLE, 1, 32,
                "Saturn's engine cannot train with warmup other than 0 yet");
    }

    @Test
    void untrainedModelParameter() throws Exception {
        assertErrorAt("model M linear { ‹window› 4 }", IssueCodes.NOT_TRAINABLE, 1, 18,
                "Saturn's engine cannot train a linear model with window yet: remove it");
    }

    @Test
    void sweepOverAnUntrainedParameter() throws Exception {
        assertErrorAt(ANBN + PROTOCOL
                + "study S on AnBn with P using Short { models Tf seeds 1 vary ‹optimizer.eps› over 1e-7, 1e-6 }",
                IssueCodes.NOT_TRAINABLE, 11, 61, "Saturn's engine cannot train with eps other than 1e-8 yet");
    }

    @Test
    void aSyntaxErrorHasALine() throws Exception {
        Spec spec = parser.parse("language L { alphabet }");
        assertThat(spec.eResource().getErrors()).isNotEmpty();
        assertThat(spec.eResource().getErrors().get(0).getLine()).isEqualTo(1);
    }
}
