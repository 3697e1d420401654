package org.saturn.dsl.validation;

import org.eclipse.xtext.validation.Check;
import org.saturn.dsl.saturn.ExhaustivePrompts;
import org.saturn.dsl.saturn.InContextPrompts;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.SampleUnit;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.semantics.Sources;

/** Prompt sets: feasible sizes, lengths where they are needed, in-context prompts on mixtures. */
public class PromptValidator extends SaturnChecks {

    private static final int MAX_EXHAUSTIVE_PROMPTS = 100_000;

    @Check
    public void exhaustivePromptsAreFeasible(ExhaustivePrompts prompts) {
        if (prompts.getLength() < 1) {
            error("The prompt length must be at least 1", prompts, SATURN.getExhaustivePrompts_Length(),
                    IssueCodes.NOT_POSITIVE);
            return;
        }
        PromptSet set = (PromptSet) prompts.eContainer();
        int symbols = !prompts.getSymbols().isEmpty() ? prompts.getSymbols().size()
                : !resolved(set.getSource()) ? 1 : Sources.symbols(set.getSource()).size();
        double count = Math.pow(symbols, prompts.getLength());
        if (count > MAX_EXHAUSTIVE_PROMPTS) {
            warning(String.format("All words of length %d over %d symbols are %.0f prompts: evaluation will be slow; "
                    + "sample some instead", prompts.getLength(), symbols, count), prompts,
                    SATURN.getExhaustivePrompts_Length(), IssueCodes.TOO_MANY_PROMPTS);
        }
    }

    @Check
    public void sampledPromptsAreComplete(SampledPrompts prompts) {
        if (prompts.getCount() < 1) {
            error("Sample at least one prompt", prompts, SATURN.getSampledPrompts_Count(), IssueCodes.NOT_POSITIVE);
        }
        if (!prompts.getSymbols().isEmpty() && prompts.getLength() == null) {
            error("Say how long the random words are: 'sample " + prompts.getCount() + " "
                    + prompts.getUnit().getLiteral() + " of length 4..12 over ...'", prompts,
                    SATURN.getSampledPrompts_Unit(), IssueCodes.MISSING_LENGTH);
        }
        if (prompts.getUnit() == SampleUnit.PREFIXES && prompts.getLength() == null) {
            error("Say how long the prefixes are: 'sample " + prompts.getCount() + " prefixes of length 6 from ...'",
                    prompts, SATURN.getSampledPrompts_Unit(), IssueCodes.MISSING_LENGTH);
        }
        if (prompts.getLength() != null) {
            checkRange(prompts.getLength(), "length");
        }
        Language from = prompts.getLanguage();
        if (resolved(from) && from.getGenerators().isEmpty()) {
            error(from.getName() + " has no generator to sample from", prompts, SATURN.getSampledPrompts_Language(),
                    IssueCodes.NO_GENERATOR);
        }
    }

    @Check
    public void inContextPromptsNeedAMixture(InContextPrompts prompts) {
        PromptSet set = (PromptSet) prompts.eContainer();
        if (set.getSource() instanceof Language) {
            error("In-context prompts are built from the tasks of a mixture; " + set.getSource().getName()
                    + " is a single language", prompts, null, IssueCodes.IN_CONTEXT_NEEDS_MIXTURE);
        }
        checkRange(prompts.getExamples(), "examples");
        if (prompts.getQueries() < 1) {
            error("Ask at least one query", prompts, SATURN.getInContextPrompts_Queries(), IssueCodes.NOT_POSITIVE);
        }
    }
}
