package dev.coleta.gguf;

import dev.coleta.testing.GgufTensors;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The presets hold the shapes their Javadoc states, and those shapes have the stated size. */
class TinyModelRecipeTest {
    static final long LLAMA_VOCAB = 32_000; // the packaged Llama 2 vocabulary

    /**
     * Parameters of a Llama model of this shape: token embeddings and output (vocab x embd
     * each), per layer the four attention projections (embd x embd), the three feed-forward
     * projections (embd x ff) and two norms (embd), then the output norm.
     */
    static long llamaParameters(TinyModel.Recipe r) {
        long e = r.embd();
        long perLayer = 4 * e * e + 3 * e * r.ff() + 2 * e;
        return 2 * LLAMA_VOCAB * e + r.layers() * perLayer + e;
    }

    @Test
    void presetsHaveTheDocumentedShapes() {
        assertEquals(new TinyModel.Recipe(128, 4, 4, 384, 4096, 42), TinyModel.Recipe.tiny());
        assertEquals(new TinyModel.Recipe(256, 6, 8, 768, 4096, 42), TinyModel.Recipe.small());
        assertEquals(new TinyModel.Recipe(512, 8, 8, 1536, 4096, 42), TinyModel.Recipe.medium());
    }

    @Test
    void presetsHaveTheDocumentedSizes() {
        // "~9M", "~21M", "~60M parameters"
        assertEquals(9, Math.round(llamaParameters(TinyModel.Recipe.tiny()) / 1e6));
        assertEquals(21, Math.round(llamaParameters(TinyModel.Recipe.small()) / 1e6));
        assertEquals(60, Math.round(llamaParameters(TinyModel.Recipe.medium()) / 1e6));
        // SessionIT reads 9,045,120 from the created tiny model: the formula is the model's
        assertEquals(9_045_120L, llamaParameters(TinyModel.Recipe.tiny()));
    }

    @Test
    void presetByName() {
        assertEquals(TinyModel.Recipe.tiny(), TinyModel.Recipe.preset("tiny"));
        assertEquals(TinyModel.Recipe.small(), TinyModel.Recipe.preset("small"));
        assertEquals(TinyModel.Recipe.medium(), TinyModel.Recipe.preset("medium"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TinyModel.Recipe.preset("huge"));
        assertTrue(e.getMessage().contains("'huge'") && e.getMessage().contains("tiny, small or medium"), e.getMessage());
    }

    /**
     * The attention init scale reaches the four attention projections of a created model and
     * nothing else; the default draws them like the feed-forward weights.
     */
    @Test
    void attentionInitStdScalesOnlyTheAttentionProjections(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Vocabulary v = Vocabulary.learn(java.util.List.of("select name from users where age > 3", "price: 12 euros"), 300, 1);
        TinyModel.Recipe r = new TinyModel.Recipe(32, 2, 2, 64, 64, 7);
        assertEquals(TinyModel.Recipe.DEFAULT_STD, r.attnStd());
        java.nio.file.Path plain = dir.resolve("plain.gguf"), wide = dir.resolve("wide.gguf");
        TinyModel.create(r, plain, v);
        TinyModel.create(r.withAttnStd(0.1), wide, v);
        for (String t : new String[] {"blk.0.attn_q.weight", "blk.1.attn_k.weight", "blk.0.attn_v.weight", "blk.1.attn_output.weight"}) {
            assertEquals(0.02, GgufTensors.std(plain, t), 0.002, t);
            assertEquals(0.1, GgufTensors.std(wide, t), 0.01, t);
        }
        for (String t : new String[] {"blk.0.ffn_up.weight", "token_embd.weight", "output.weight"}) {
            assertEquals(GgufTensors.std(plain, t), GgufTensors.std(wide, t), 1e-12, t + " unchanged");
        }
        assertEquals(0.02, GgufTensors.std(wide, "blk.1.ffn_down.weight"), 0.002);
        assertThrows(IllegalArgumentException.class, () -> r.withAttnStd(0));
        assertThrows(IllegalArgumentException.class, () -> r.withAttnStd(Double.NaN));
        assertEquals(0.1, r.withAttnStd(0.1).withSeed(3).withEmbd(64).attnStd(), "withers keep it");
    }
}
