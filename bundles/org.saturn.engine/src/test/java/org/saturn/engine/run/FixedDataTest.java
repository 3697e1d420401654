package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.lang.Language;
import org.saturn.core.plan.DataKeys;

/** The data protocol as RunData applies it: fixed sets, epochs as shuffled passes, full batch. */
class FixedDataTest {

    private static final Language BBAN = BuiltinLanguages.create("bbaN", 16);

    @Test
    void trainOnEightWordsTrainsOnlyThoseEightWords() {
        RunData data = new RunData(BBAN, new DataProtocol(8, DataProtocol.ABSENT, DataProtocol.ABSENT));
        List<String> set = texts(data.trainingSet(5));
        assertThat(set).hasSize(8);
        RunData.Batches batches = data.fixedWords(4);
        List<String> trained = new ArrayList<>();
        for (long step = 0; step < 100; step++) {
            trained.addAll(texts(batches.batch(5, step)));
        }
        assertThat(trained).hasSize(400).allSatisfy(word -> assertThat(set).contains(word));
        assertThat(trained).containsAll(set);
        // the fresh-words protocol draws far more distinct words in the same steps
        RunData.Batches fresh = new RunData(BBAN).freshWords(4);
        List<String> freshWords = new ArrayList<>();
        for (long step = 0; step < 100; step++) {
            freshWords.addAll(texts(fresh.batch(5, step)));
        }
        assertThat(freshWords.stream().distinct().count()).isGreaterThan(8);
    }

    @Test
    void eachEpochVisitsEachWordOnceInAShuffleOfItsOwn() {
        RunData data = new RunData(BBAN, new DataProtocol(10, DataProtocol.ABSENT, DataProtocol.ABSENT));
        List<String> set = sorted(texts(data.trainingSet(2)));
        RunData.Batches batches = data.fixedWords(4);
        assertThat(DataKeys.stepsPerEpoch(10, 4)).isEqualTo(3);
        List<List<String>> epochs = new ArrayList<>();
        for (int epoch = 0; epoch < 4; epoch++) {
            List<String> visited = new ArrayList<>();
            for (int index = 0; index < 3; index++) {
                int[][] batch = batches.batch(2, epoch * 3L + index);
                assertThat(batch).hasNumberOfRows(index < 2 ? 4 : 2); // the last batch holds what is left
                visited.addAll(texts(batch));
            }
            assertThat(sorted(visited)).as("epoch %d", epoch).isEqualTo(set);
            epochs.add(visited);
        }
        assertThat(epochs.stream().distinct().count()).as("shuffled per epoch").isGreaterThan(1);
        // a batch depends on (seed, step) only: a fresh RunData (a resumed run) draws the same
        RunData.Batches resumed = new RunData(BBAN, data.protocol()).fixedWords(4);
        assertThat(texts(resumed.batch(2, 7))).isEqualTo(epochs.get(2).subList(4, 8));
    }

    @Test
    void sampledSetsDependOnTheSeedAndAllWordsDoesNot() {
        RunData sampled = new RunData(BBAN, new DataProtocol(20, DataProtocol.ABSENT, DataProtocol.ABSENT));
        assertThat(texts(sampled.trainingSet(1))).isNotEqualTo(texts(sampled.trainingSet(2)));
        assertThat(sampled.trainingSet(1)).isSameAs(sampled.trainingSet(1)); // encoded once
        Language anbn = BuiltinLanguages.create("anbn", 8);
        RunData all = new RunData(anbn, new DataProtocol(DataProtocol.ALL, DataProtocol.ALL, DataProtocol.ALL));
        assertThat(texts(anbn, all.trainingSet(1))).containsExactlyInAnyOrder("ab", "aabb", "aaabbb", "aaaabbbb")
                .isEqualTo(texts(anbn, all.trainingSet(2)));
        // the papers' aⁿbⁿ protocol: train = validation = test = every word
        assertThat(texts(anbn, all.testSet())).isEqualTo(texts(anbn, all.trainingSet(1)));
        assertThat(texts(anbn, all.validationSet())).isEqualTo(texts(anbn, all.trainingSet(1)));
    }

    @Test
    void aBatchOfAtLeastTheSetIsTheFullSetEveryStep() {
        Language anbn = BuiltinLanguages.create("anbn", 8);
        RunData data = new RunData(anbn, new DataProtocol(DataProtocol.ALL, DataProtocol.ABSENT, DataProtocol.ABSENT));
        RunData.Batches batches = data.fixedWords(128);
        for (long step = 0; step < 5; step++) {
            assertThat(texts(anbn, batches.batch(1, step))).containsExactlyInAnyOrder("ab", "aabb", "aaabbb", "aaaabbbb");
        }
    }

    @Test
    void fixedTestAndValidationSetsHaveTheirSizesAndTheDefaultsStay() {
        RunData data = new RunData(BBAN, new DataProtocol(DataProtocol.ABSENT, 30, 40));
        assertThat(data.testSet()).hasNumberOfRows(40);
        assertThat(data.validationSet()).hasNumberOfRows(30);
        assertThat(data.testSet()).isSameAs(data.testSet()); // encoded once, not per evaluation
        assertThat(new RunData(BBAN).testSet()).hasNumberOfRows(RunData.TEST_WORDS);
        assertThat(new RunData(BBAN).validationSet()).isNull();
        assertThatThrownBy(() -> new RunData(BBAN).trainingSet(1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void allWordsOfAHugeLanguageIsOneClearMessage() {
        RunData dyck = new RunData(BuiltinLanguages.create("dyck", 40),
                new DataProtocol(DataProtocol.ALL, DataProtocol.ABSENT, DataProtocol.ABSENT));
        assertThatThrownBy(() -> dyck.trainingSet(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("are more than 100000").hasMessageContaining("sample a number of words");
    }

    private static List<String> texts(int[][] sequences) {
        return texts(BBAN, sequences);
    }

    private static List<String> texts(Language language, int[][] sequences) {
        List<String> words = new ArrayList<>();
        for (int[] sequence : sequences) {
            words.add(language.vocabulary().decode(sequence).toString().replace(" ", ""));
        }
        return words;
    }

    private static List<String> sorted(List<String> words) {
        return words.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
