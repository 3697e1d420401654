package org.saturn.core.lang;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VocabularyTest {

    @Test
    void specialTokensComeFirstThenSymbolsInDeclaredOrder() {
        Vocabulary vocabulary = new Vocabulary(List.of("a", "b"));
        assertThat(vocabulary.size()).isEqualTo(5);
        assertThat(vocabulary.id("a")).isEqualTo(3);
        assertThat(vocabulary.id("b")).isEqualTo(4);
        assertThat(vocabulary.name(Vocabulary.PAD)).isEqualTo("<pad>");
        assertThat(vocabulary.encode(Word.parse("a b b"), true)).containsExactly(1, 3, 4, 4, 2);
        assertThat(vocabulary.encode(Word.parse("a"), false)).containsExactly(1, 3);
        assertThat(vocabulary.decode(new int[] { 1, 3, 4, 2, 0, 0 })).isEqualTo(Word.parse("a b"));
    }

    /** A model may emit SOS after the prompt: the completion ends there and encodes back (it once failed every run). */
    @Test
    void aGeneratedSosEndsTheWordLikeEos() {
        Vocabulary vocabulary = new Vocabulary(List.of("a", "b"));
        Word completion = vocabulary.decode(new int[] { 1, 3, 1, 4, 2 });
        assertThat(completion).isEqualTo(Word.parse("a"));
        assertThat(vocabulary.encode(completion, false)).containsExactly(1, 3);
    }

    @Test
    void wordsPrintWithSpacesAndParseBack() {
        Word word = Word.ofChars("([])");
        assertThat(word.toString()).isEqualTo("( [ ] )");
        assertThat(Word.parse(word.toString())).isEqualTo(word);
        assertThat(Word.EMPTY.toString()).isEqualTo("ε");
        assertThat(Word.allOfLength(List.of("a", "b"), 2)).extracting(Word::toString).containsExactly("a a", "a b", "b a", "b b");
    }
}
