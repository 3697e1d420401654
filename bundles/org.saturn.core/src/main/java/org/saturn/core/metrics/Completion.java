package org.saturn.core.metrics;

import org.saturn.core.lang.Word;

/** A model's completion of a prompt; {@code finished} when it produced EOS within the budget. */
public record Completion(Word prompt, Word completion, boolean finished) {

    public Word full() {
        return prompt.concat(completion);
    }
}
