package dev.coleta.llama;

import dev.coleta.GrammarException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.grammar.Grammar;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What llama.cpp reports about tokens, checked against the model file's own vocabulary as
 * Coleta's Java GGUF reader sees it; and {@link TextGenerator#complete} on a tiny model.
 */
class ModelIT {
    /** {@code enum llama_token_type} values stored in {@code tokenizer.ggml.token_type}. */
    static final int NORMAL = 1;
    static final int CONTROL = 3;
    static final int BYTE = 6;

    static Model model;
    static Session session;

    @BeforeAll
    static void load() {
        model = Model.load(TinyModels.tinyModel());
        session = model.newSession(SessionOptions.defaults().withContextSize(512).withThreads(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static List<?> metadataList(String key) {
        return (List<?>) model.gguf().metadata().get(key).value();
    }

    @Test
    void ggufIsTheModelFilesHeader() throws Exception {
        GgufFile g = model.gguf();
        assertTrue(Files.isSameFile(TinyModels.tinyModel(), g.path()));
        assertEquals(Files.size(TinyModels.tinyModel()), g.fileSize());
        // Recipe.tiny(): embd 128, 4 layers, 4 heads, ff 384, ctx 4096
        assertEquals("llama", g.architecture());
        assertEquals(128, g.integer("llama.embedding_length", -1));
        assertEquals(4, g.integer("llama.block_count", -1));
        assertEquals(384, g.integer("llama.feed_forward_length", -1));
        assertEquals(4096, g.integer("llama.context_length", -1));
        assertEquals(9_045_120L, g.parameterCount());
        assertEquals(32000, metadataList("tokenizer.ggml.tokens").size());
    }

    /**
     * Every normal token's bytes are its vocabulary piece with SentencePiece's U+2581 as a
     * space; a byte token {@code <0xNN>} is that one byte (alone, maybe part of a UTF-8
     * character); a control token writes nothing.
     */
    @Test
    void tokenBytesAreTheVocabularysPieces() {
        List<?> pieces = metadataList("tokenizer.ggml.tokens");
        List<?> types = metadataList("tokenizer.ggml.token_type");
        int normal = 0;
        int bytes = 0;
        for (int id = 0; id < pieces.size(); id++) {
            String piece = (String) pieces.get(id);
            byte[] expected;
            switch (((Number) types.get(id)).intValue()) {
                case NORMAL -> {
                    expected = piece.replace('\u2581', ' ').getBytes(StandardCharsets.UTF_8);
                    normal++;
                }
                case BYTE -> {
                    expected = new byte[] {(byte) Integer.parseInt(piece.substring(3, 5), 16)};
                    bytes++;
                }
                case CONTROL -> expected = new byte[0];
                default -> {
                    continue;
                }
            }
            assertArrayEquals(expected, model.tokenBytes(id), "token " + id + " '" + piece + "'");
        }
        assertEquals(256, bytes);
        assertTrue(normal > 31_000, "normal tokens checked: " + normal);
        assertArrayEquals(new byte[] {(byte) 0xE2}, model.tokenBytes(3 + 0xE2), "<0xE2>: the first byte of a three-byte character");
    }

    @Test
    void onlyTheVocabularysEosTokenEndsGeneration() {
        long eos = model.gguf().integer("tokenizer.ggml.eos_token_id", -1);
        long bos = model.gguf().integer("tokenizer.ggml.bos_token_id", -1);
        List<Integer> endings = new ArrayList<>();
        for (int id = 0; id < model.vocabSize(); id++) if (model.isEndOfGeneration(id)) endings.add(id);
        assertEquals(List.of((int) eos), endings);
        assertTrue(bos != eos && !model.isEndOfGeneration((int) bos));
    }

    /**
     * Llama's vocabulary splits digits (no token holds two, checked below), so under
     * {@code [0-9]+} every generated token is one character: the text's length counts tokens.
     */
    @Test
    void completeStaysInTheGrammarAndWithinMaxTokens() {
        assertTrue(metadataList("tokenizer.ggml.tokens").stream().noneMatch(p -> ((String) p).matches("\u2581?[0-9]{2,}")),
                "a token with two digits");
        TextGenerator generator = session;
        Grammar digits = Grammar.gbnf("root ::= [0-9]+");
        String six = generator.complete("Numbers: ", digits, 6);
        assertTrue(six.matches("[0-9]{1,6}"), six);
        String twelve = generator.complete("Numbers: ", digits, 12);
        assertTrue(twelve.matches("[0-9]{1,12}"), twelve);
        // greedy: the longer run continues the shorter one, unless the shorter already ended by itself
        assertTrue(six.length() == 6 ? twelve.startsWith(six) : twelve.equals(six), six + " / " + twelve);
        // under a grammar the answer is complete or an error, never cut off
        GrammarException e = assertThrows(GrammarException.class, () -> generator.complete("Numbers: ", Grammar.gbnf("root ::= [0-9]{20}"), 5));
        assertTrue(e.getMessage().contains("before the grammar was complete"), e.getMessage());
    }

    /** Greedy ignores the seed: the most likely token wins whatever the draw. */
    @Test
    void greedySamplingIgnoresTheSeed() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(10);
        String a = session.generate("Once upon a time", o.withSampling(Sampling.greedy().withSeed(1))).text();
        String b = session.generate("Once upon a time", o.withSampling(Sampling.greedy().withSeed(987_654_321))).text();
        assertEquals(a, b);
    }
}
