package org.saturn.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The incremental state of a decoding step graph: each slot is a placeholder fed with the state
 * before the step and an output holding what the step adds (appended along axis 2, as a KV cache)
 * or the state after it (replacing it, as an LSTM's (h, c)).
 */
public final class StepState {

    /** Name of the additive attention mask over the cache ({@code [cacheLength + 1]}): 0 = visible. */
    public static final String CACHE_MASK = "step.cacheMask";

    /**
     * @param input   placeholder name
     * @param output  variable name of the new part / new state
     * @param append  true: concatenate output to the state along axis 2; false: replace
     * @param initial shape of the initial (all-zero) state for a given number of prompts
     */
    public record Slot(String input, String output, boolean append, IntFunction<long[]> initial) {
    }

    /**
     * Name of the additive key-padding mask ({@code [seeds * prompts, cacheLength + 1]}, rows
     * seed-major): -1e9 where the input at that cache slot (or this position) is PAD, else 0.
     */
    public static final String PADDING_MASK = "step.paddingMask";

    private final List<Slot> slots = new ArrayList<>();
    private SDVariable cacheMask;
    private SDVariable paddingMask;

    SDVariable placeholder(GraphBlocks g, String name, boolean append, IntFunction<long[]> initial, long... shape) {
        slots.add(new Slot(name, name + ".next", append, initial));
        return g.sd.placeHolder(name, DataType.FLOAT, shape);
    }

    void output(GraphBlocks g, String placeholder, SDVariable value) {
        g.sd.identity(placeholder + ".next", value);
    }

    SDVariable cacheMask(GraphBlocks g) {
        if (cacheMask == null) {
            cacheMask = g.sd.placeHolder(CACHE_MASK, DataType.FLOAT, -1);
        }
        return cacheMask;
    }

    SDVariable paddingMask(GraphBlocks g) {
        if (paddingMask == null) {
            paddingMask = g.sd.placeHolder(PADDING_MASK, DataType.FLOAT, -1, -1);
        }
        return paddingMask;
    }

    public boolean usesPaddingMask() {
        return paddingMask != null;
    }

    public List<Slot> slots() {
        return slots;
    }

    public boolean usesCacheMask() {
        return cacheMask != null;
    }
}
