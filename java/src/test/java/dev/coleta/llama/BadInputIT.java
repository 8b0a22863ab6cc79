package dev.coleta.llama;

import dev.coleta.DecodeException;
import dev.coleta.GrammarException;
import dev.coleta.ModelLoadException;
import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufValue;
import dev.coleta.gguf.GgufWriter;
import dev.coleta.grammar.Grammar;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of bad input is an exception that names the problem; the JVM survives all of them. */
class BadInputIT {
    @TempDir
    Path dir;

    private static void assertMessage(RuntimeException e, String part) {
        assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
    }

    @Test
    void missingFile() {
        assertMessage(assertThrows(ModelLoadException.class, () -> Model.load(dir.resolve("missing.gguf"))), "not found");
    }

    @Test
    void truncatedModel() throws Exception {
        byte[] all = Files.readAllBytes(TinyModels.tinyModel());
        Path p = dir.resolve("truncated.gguf");
        Files.write(p, Arrays.copyOf(all, all.length / 2));
        assertMessage(assertThrows(ModelLoadException.class, () -> Model.load(p)), "truncated");
    }

    @Test
    void corruptHeader() throws Exception {
        byte[] head = Arrays.copyOf(Files.readAllBytes(TinyModels.tinyModel()), 1 << 20);
        for (int i = 24; i < 4000; i += 7) head[i] ^= (byte) 0x5a; // scramble keys, lengths and types
        Path p = dir.resolve("corrupt.gguf");
        Files.write(p, head);
        assertThrows(ModelLoadException.class, () -> Model.load(p));
    }

    @Test
    void randomBytes() throws Exception {
        byte[] b = new byte[1 << 16];
        new Random(3).nextBytes(b);
        Path p = dir.resolve("random.gguf");
        Files.write(p, b);
        assertMessage(assertThrows(ModelLoadException.class, () -> Model.load(p)), "not a GGUF file");
    }

    @Test
    void nonLlamaArchitecture() throws Exception {
        Path p = dir.resolve("gpt2.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("gpt2"))
                .tensor("token_embd.weight", new long[] {8, 4}, GgmlType.F32, o -> GgufWriter.writeF32(o, new float[32]))
                .write(p);
        assertMessage(assertThrows(ModelLoadException.class, () -> Model.load(p)), "architecture 'gpt2'");
    }

    @Test
    void vocabOnlyFileAsAModel() {
        assertMessage(assertThrows(ModelLoadException.class, () -> Model.load(TinyModels.vocab())), "only a vocabulary");
        // ...but it loads for tokenizing
        try (Model v = Model.load(TinyModels.vocab(), ModelOptions.defaults().withVocabOnly(true))) {
            assertTrue(v.tokenize("hello world", false).length >= 2);
            assertThrows(IllegalStateException.class, () -> v.newSession(SessionOptions.defaults()));
        }
    }

    @Test
    void gbnfSyntaxError() {
        assertMessage(assertThrows(GrammarException.class, () -> Grammar.gbnf("root ::= (\"a\" | ")), "invalid GBNF grammar");
    }

    @Test
    void invalidJsonSchema() {
        assertMessage(assertThrows(GrammarException.class, () -> Grammar.jsonSchema("{\"type\":\"object\",\"properties\":{\"x\":{\"minimum\":\"a\"}}}")),
                "schema");
    }

    @Test
    void promptLongerThanContext() {
        try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
            assertThrows(DecodeException.class, () -> s.generate("lorem ipsum ".repeat(300), GenerateOptions.defaults()));
        }
    }
}
