package dev.coleta.gguf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VocabularyTest {
    private static final List<String> CORPUS = List.of(
            "SELECT name FROM customer WHERE city = 'Lima'",
            "SELECT name, city FROM customer ORDER BY name",
            "SELECT COUNT(*) FROM customer WHERE city = 'Dublin'",
            "{\"name\":\"Ana\",\"city\":\"Lima\"}",
            "{\"name\":\"Rui\",\"city\":\"Porto\"}");

    @Test
    void wordsFollowTheTokenizersSpaceMarkAndNeverMixClasses() {
        String s = Vocabulary.SPACE;
        assertEquals(List.of(s + "SELECT", s + "name", s + "FROM", s + "t_", "1", s + "=", s + "'", "Lima", "'"),
                Vocabulary.words("SELECT name FROM t_1 = 'Lima'"));
        // every digit alone; punctuation runs apart from letters; newlines alone
        assertEquals(List.of(s + "$", "1", "2", ".", "9", "9", "\n", "<", "b", ">"), Vocabulary.words("$12.99\n<b>"));
        assertEquals(List.of(s + "a", s, s + "b"), Vocabulary.words("a  b"));
    }

    @Test
    void learnsSpecialBytesCharactersThenMergesInRankOrder() {
        Vocabulary v = Vocabulary.learn(CORPUS, 400, 1);
        assertEquals(List.of("<unk>", "<s>", "</s>"), v.tokens().subList(0, 3));
        assertEquals("<0x00>", v.tokens().get(3));
        assertEquals("<0xFF>", v.tokens().get(3 + 255));
        for (int i = 3; i < Vocabulary.BASE_SIZE; i++) assertEquals(Vocabulary.TYPE_BYTE, v.types()[i]);
        // the most frequent words of the corpus became single pieces
        assertTrue(v.contains(Vocabulary.SPACE + "SELECT"), v.tokens().toString());
        assertTrue(v.contains(Vocabulary.SPACE + "FROM"));
        assertTrue(v.contains("name"));
        // no piece joins a letter and a digit, or two digits
        for (String t : v.tokens()) {
            if (v.types()[v.tokens().indexOf(t)] != Vocabulary.TYPE_NORMAL) continue;
            long digits = t.chars().filter(Character::isDigit).count();
            assertTrue(digits == 0 || t.length() == digits && digits == 1, t);
        }
        // merges score by rank: each later merge scores lower
        float[] sc = v.scores();
        int firstMerge = v.tokens().indexOf(Vocabulary.SPACE + "SELECT");
        for (int i = Math.max(firstMerge, Vocabulary.BASE_SIZE + 1); i < sc.length; i++) {
            if (sc[i] != 0f && sc[i - 1] != 0f) assertTrue(sc[i] < sc[i - 1], "score order at " + i);
        }
    }

    @Test
    void isDeterministicAndRespectsTheSize() {
        Vocabulary a = Vocabulary.learn(CORPUS, 300, 1);
        Vocabulary b = Vocabulary.learn(CORPUS, 300, 1);
        assertEquals(a, b);
        assertEquals(300, a.size());
        // characters seen fewer than minCharCount times fall back to bytes
        Vocabulary strict = Vocabulary.learn(CORPUS, 1000, 3);
        assertFalse(strict.contains("P"), "P occurs once");
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.learn(CORPUS, Vocabulary.BASE_SIZE, 1));
    }
}
