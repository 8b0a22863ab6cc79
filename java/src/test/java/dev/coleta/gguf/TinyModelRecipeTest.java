package dev.coleta.gguf;

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
}
