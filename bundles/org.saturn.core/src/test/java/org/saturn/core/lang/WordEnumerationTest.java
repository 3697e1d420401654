package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.saturn.core.lang.gen.WordEnumeration;

/** Every word of a language up to its max length, found by walking its generator's prefix states. */
class WordEnumerationTest {

    @Test
    void anbnHasOneWordPerN() {
        List<Word> words = WordEnumeration.words(BuiltinLanguages.create("anbn", 8), 1000).orElseThrow();
        assertThat(words).containsExactlyInAnyOrder(Word.ofChars("ab"), Word.ofChars("aabb"), Word.ofChars("aaabbb"),
                Word.ofChars("aaaabbbb"));
    }

    @Test
    void everySampledWordIsEnumeratedOnce() {
        Language bban = BuiltinLanguages.create("bbaN", 8);
        List<Word> words = WordEnumeration.words(bban, 1000).orElseThrow();
        assertThat(new HashSet<>(words)).hasSameSizeAs(words);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 200; i++) {
            assertThat(words).contains(bban.generator().sample(random));
        }
        assertThat(words).allSatisfy(word -> assertThat(bban.isGrammatical(word)).as("%s", word).isTrue());
    }

    @Test
    void aLanguageWithMoreWordsThanTheLimitIsNotEnumerated() {
        Language dyck = BuiltinLanguages.create("dyck", 32);
        assertThat(WordEnumeration.words(dyck, 1000)).isEmpty();
        assertThat(WordEnumeration.count(dyck, 1000)).isEqualTo(-1);
        assertThat(WordEnumeration.count(BuiltinLanguages.create("anbncn", 12), 1000)).isEqualTo(4);
    }
}
