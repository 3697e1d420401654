package org.saturn.engine.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.saturn.engine.cpu.CpuInference;
import org.saturn.engine.model.Tokens;

/**
 * Decoding on the CPU kernels: every prompt of every set, for every seed, in one batch of carried
 * states (key/value caches, recurrent states). A prompt goes in whole in one pass; then each round
 * feeds every unfinished sequence its last token in one pass, and the batch shrinks as sequences
 * finish (EOS or budget).
 * <p>
 * It yields exactly what the graph {@link Decoder} yields: that one decodes each set's prompts in
 * groups of equal length, and a sampled model s draws one value of its {@code Random} per prompt of
 * the group and step (a finished prompt's draw is discarded) until all the group's prompts are
 * finished, groups one after another. So greedy groups all run at once, while a sampling seed's
 * groups of one set run in that order (its next group starts when one ends), its sets side by side
 * (each set starts a fresh {@code Random}).
 */
final class KernelDecoding {

    private final CpuInference[] inferences;
    private final int sequenceLength;

    KernelDecoding(CpuInference[] inferences, int sequenceLength) {
        this.inferences = inferences;
        this.sequenceLength = sequenceLength;
    }

    /** One group of equal-length prompts of one set, for one seed. */
    private final class Group {
        final int seed;
        final int set;
        final int[] prompts;
        final int[] rows;
        final int budget;
        final Random random;
        final double temperature;
        final boolean[] finished;
        final int[][] generated;
        final int[] produced;
        int steps;
        boolean started;
        boolean ended;
        Group next;

        Group(int seed, int set, int[] prompts, int[] rows, int budget, Random random, double temperature) {
            this.seed = seed;
            this.set = set;
            this.prompts = prompts;
            this.rows = rows;
            this.budget = budget;
            this.random = random;
            this.temperature = temperature;
            this.finished = new boolean[prompts.length];
            this.generated = new int[prompts.length][Math.max(0, budget)];
            this.produced = new int[prompts.length];
        }
    }

    /**
     * Per set {@code [seed][prompt][tokens]}; {@code samplingSeeds} null for greedy, else one per
     * seed of the model.
     */
    List<int[][][]> decode(List<int[][]> sets, int[] maxNewTokens, double temperature, long[] samplingSeeds) {
        int seeds = inferences.length;
        List<int[][][]> results = new ArrayList<>();
        List<Group> all = new ArrayList<>();
        List<Group> active = new ArrayList<>();
        int rowsPerSeed = 0;
        for (int[][] set : sets) {
            rowsPerSeed += set.length;
        }
        CpuInference.Sequences[] states = new CpuInference.Sequences[seeds];
        for (int s = 0; s < seeds; s++) {
            states[s] = inferences[s].start(rowsPerSeed);
        }
        int firstRow = 0;
        for (int x = 0; x < sets.size(); x++) {
            int[][] prompts = sets.get(x);
            results.add(new int[seeds][prompts.length][]);
            Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
            for (int i = 0; i < prompts.length; i++) {
                if (prompts[i].length == 0) {
                    throw new IllegalArgumentException("empty prompt (prompts start with SOS)");
                }
                if (prompts[i].length > sequenceLength) {
                    throw new IllegalArgumentException("a prompt of " + prompts[i].length
                            + " tokens is longer than the model's sequences (" + sequenceLength + ")");
                }
                byLength.computeIfAbsent(prompts[i].length, n -> new ArrayList<>()).add(i);
            }
            for (int s = 0; s < seeds; s++) {
                Random random = samplingSeeds == null ? null : new Random(samplingSeeds[s]);
                Group previous = null;
                for (List<Integer> members : byLength.values()) {
                    int[] indices = members.stream().mapToInt(Integer::intValue).toArray();
                    int[] rows = new int[indices.length];
                    for (int i = 0; i < indices.length; i++) {
                        rows[i] = firstRow + indices[i];
                        // the graph decoder runs the group as a batch: the prompt is its row i there
                        states[s].placeInBatch(rows[i], i);
                    }
                    int length = prompts[indices[0]].length;
                    int budget = Math.min(maxNewTokens[x], sequenceLength - length);
                    Group group = new Group(s, x, indices, rows, budget, random, temperature);
                    all.add(group);
                    if (previous == null || random == null) {
                        active.add(group);
                    } else {
                        previous.next = group;
                    }
                    previous = group;
                }
            }
            firstRow += prompts.length;
        }
        while (!active.isEmpty()) {
            List<Group> round = new ArrayList<>(active);
            // per seed: which rows get which tokens in this round's pass
            List<List<Group>> bySeed = new ArrayList<>();
            for (int s = 0; s < seeds; s++) {
                bySeed.add(new ArrayList<>());
            }
            for (Group group : round) {
                if (group.budget <= 0) {
                    end(group, states, active);
                } else {
                    bySeed.get(group.seed).add(group);
                }
            }
            for (int s = 0; s < seeds; s++) {
                List<Group> groups = bySeed.get(s);
                List<int[]> tokens = new ArrayList<>();
                List<Integer> rows = new ArrayList<>();
                for (Group group : groups) {
                    int[][] prompts = sets.get(group.set);
                    for (int i = 0; i < group.prompts.length; i++) {
                        if (!group.started) {
                            tokens.add(prompts[group.prompts[i]]);
                            rows.add(group.rows[i]);
                        } else if (!group.finished[i]) {
                            tokens.add(new int[] { group.generated[i][group.produced[i] - 1] });
                            rows.add(group.rows[i]);
                        }
                    }
                }
                if (rows.isEmpty()) {
                    continue;
                }
                float[] logits = states[s].feed(rows.stream().mapToInt(Integer::intValue).toArray(),
                        tokens.toArray(new int[0][]), false);
                int vocabulary = inferences[s].vocabulary();
                int k = 0;
                for (Group group : groups) {
                    for (int i = 0; i < group.prompts.length; i++) {
                        boolean fed = !group.started || !group.finished[i];
                        if (!fed) {
                            if (group.random != null) {
                                group.random.nextDouble(); // the graph decoder's discarded draw
                            }
                            continue;
                        }
                        int offset = (k++) * vocabulary;
                        int token = group.random == null ? Decoder.argmax(logits, offset, vocabulary)
                                : Decoder.draw(logits, offset, vocabulary, group.temperature, group.random);
                        group.generated[i][group.produced[i]++] = token;
                        if (token == Tokens.EOS) {
                            group.finished[i] = true;
                            if (group.random == null) {
                                states[s].release(group.rows[i]);
                            }
                        }
                    }
                    group.started = true;
                    group.steps++;
                    if (group.steps == group.budget || allTrue(group.finished)) {
                        end(group, states, active);
                    }
                }
            }
        }
        for (Group group : all) {
            for (int i = 0; i < group.prompts.length; i++) {
                results.get(group.set)[group.seed][group.prompts[i]] = Arrays.copyOf(group.generated[i],
                        group.produced[i]);
            }
        }
        return results;
    }

    /** Frees a group's states and starts the seed's next group of the set (sampling). */
    private static void end(Group group, CpuInference.Sequences[] states, List<Group> active) {
        group.ended = true;
        for (int row : group.rows) {
            states[group.seed].release(row);
        }
        active.remove(group);
        if (group.next != null) {
            active.add(group.next);
        }
    }

    private static boolean allTrue(boolean[] values) {
        for (boolean value : values) {
            if (!value) {
                return false;
            }
        }
        return true;
    }
}
