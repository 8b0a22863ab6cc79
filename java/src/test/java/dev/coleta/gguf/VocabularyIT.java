package dev.coleta.gguf;

import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A learnt vocabulary in a created model, as llama.cpp's own tokenizer uses it. */
class VocabularyIT {
    @Test
    void llamaCppTokenizesWithTheLearntPiecesAndFallsBackToBytes() {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            corpus.add("SELECT name, price FROM product WHERE price > " + i + " ORDER BY price DESC");
            corpus.add("{\"title\":\"Little Meadow\",\"price\":\"$" + i + ".99\"}");
        }
        Vocabulary v = Vocabulary.learn(corpus, 600, 2);
        Path file = TinyModels.dir().resolve("vocab-it.gguf");
        TinyModel.create(TinyModel.Recipe.tiny().withCtx(256), file, v);
        try (Model m = Model.load(file, ModelOptions.defaults().withVocabOnly(true))) {
            assertEquals(v.size(), m.vocabSize());
            assertEquals(Vocabulary.BOS, m.bosToken());
            assertEquals(Vocabulary.EOS, m.eosToken());
            String sql = "SELECT name, price FROM product WHERE price > 7 ORDER BY price DESC";
            int[] ids = m.tokenize(sql, false);
            // learnt pieces: far fewer tokens than characters; and the text comes back exactly
            assertTrue(ids.length < sql.length() / 3, ids.length + " tokens");
            assertEquals(sql, m.detokenize(ids).stripLeading());
            int select = v.tokens().indexOf(Vocabulary.SPACE + "SELECT");
            assertEquals(select, ids[0], "the first piece is the learnt '\u2581SELECT'");
            // characters never seen (accents, CJK, emoji) become byte tokens and round-trip
            String odd = "café 東京 🙂 ~";
            int[] oddIds = m.tokenize(odd, false);
            assertEquals(odd, m.detokenize(oddIds).stripLeading());
            long bytes = java.util.Arrays.stream(oddIds).filter(t -> t >= 3 && t < Vocabulary.BASE_SIZE).count();
            assertTrue(bytes >= "東京🙂".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, "byte fallback: " + bytes);
            // BOS comes from the model's metadata
            int[] withBos = m.tokenize("SELECT", true);
            assertEquals(Vocabulary.BOS, withBos[0]);
            assertArrayEquals(m.tokenize("SELECT", false), java.util.Arrays.copyOfRange(withBos, 1, withBos.length));
        }
    }
}
