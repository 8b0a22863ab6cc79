package dev.coleta.javallama;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.gguf.TinyModel;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same tiny model and prompts, greedy, on Coleta's native backend and on java-llama.cpp. */
class JavaLlamaParityIT {
    static Path modelFile;
    static JavaLlamaModel other;

    @BeforeAll
    static void open() throws Exception {
        modelFile = TestModel.path();
        other = JavaLlamaModel.open(modelFile, JavaLlamaOptions.defaults().withContextSize(1024).withThreads(1));
    }

    @AfterAll
    static void close() {
        other.close();
    }

    @Test
    void greedyTextIsTheSameOnBothBackends() {
        String[] prompts = {"The harvest of", "SELECT name FROM", "Coleta means", "{\"title\":"};
        List<String> mismatches = new ArrayList<>();
        try (Model m = Model.load(modelFile); Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withThreads(1))) {
            for (String p : prompts) {
                GenerateOptions o = GenerateOptions.defaults().withMaxTokens(48);
                String ours = s.generate(p, o).text();
                String theirs = other.generate(p, o, null);
                assertTrue(ours.length() > 20, "48 tokens of text: " + ours);
                if (!ours.equals(theirs)) {
                    // java-llama.cpp 4.2.0 runs another llama.cpp version: float sums may differ
                    // in the last bits, which flips a near-tie of a random-weight model now and
                    // then. Measured: 3 of these 4 identical, the 4th equal for its first 21 tokens.
                    int common = 0;
                    while (common < Math.min(ours.length(), theirs.length()) && ours.charAt(common) == theirs.charAt(common)) common++;
                    assertTrue(common >= 40, p + ": diverge at char " + common + ": [" + ours + "] vs [" + theirs + "]");
                    mismatches.add(p);
                }
            }
        }
        assertTrue(mismatches.size() <= 1, "greedy texts differ for " + mismatches);
    }

    @Test
    void jsonSchemaGrammarGivesTheSameValidJsonOnBothBackends() throws Exception {
        Grammar g = Grammar.jsonSchema("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":16},"age":{"type":"integer"},
                 "tags":{"type":"array","items":{"enum":["a","b"]},"maxItems":3}},"required":["name","age","tags"],
                 "additionalProperties":false}""");
        try (Model m = Model.load(modelFile); Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withThreads(1))) {
            String ours = s.complete("Person as JSON:", g, 200);
            String theirs = other.complete("Person as JSON:", g, 200);
            assertTrue(g.accepts(theirs), theirs);
            new ObjectMapper().readTree(theirs).get("age").asInt();
            assertEquals(ours, theirs);
        }
    }

    @Test
    void tokenCountsAndContextMatchColeta() {
        try (Model m = Model.load(modelFile)) {
            for (String t : new String[] {"", "hello", "Coleta means harvest — colheita, 收获!", "SELECT * FROM t WHERE x > 3"}) {
                assertEquals(m.tokenize(t, false).length, other.countTokens(t), t);
            }
        }
        assertEquals(1024, other.contextSize());
    }

    @Test
    void aGrammarThatStartsElsewhereIsRootedOrRefusedClearly() {
        String moved = JavaLlamaModel.rootedAtRoot(Grammar.gbnf("start ::= \"yes\" | \"no\"", "start"));
        assertTrue(moved.endsWith("root ::= start\n"), moved);
        String out = other.complete("Answer:", Grammar.gbnf("start ::= \"yes\" | \"no\"", "start"), 8);
        assertTrue(out.equals("yes") || out.equals("no"), out);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> JavaLlamaModel.rootedAtRoot(Grammar.gbnf("start ::= root\nroot ::= \"x\"", "start")));
        assertTrue(e.getMessage().contains("native backend"), e.getMessage());
    }

    @Test
    void backendsAreChosenAutomaticallyOrByName() {
        dev.coleta.backend.BackendOptions o = dev.coleta.backend.BackendOptions.defaults().withContextSize(512).withThreads(1);
        try (var auto = dev.coleta.Coleta.open(modelFile, "auto", o); var named = dev.coleta.Coleta.open(modelFile, "java-llama.cpp", o)) {
            assertEquals("coleta", auto.backend(), "Coleta's own backend when its native library loads");
            assertEquals("java-llama.cpp", named.backend());
            assertEquals(auto.complete("Hello", null, 12), named.complete("Hello", null, 12));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> dev.coleta.Coleta.open(modelFile, "cuda-magic", o));
        assertTrue(e.getMessage().contains("java-llama.cpp") && e.getMessage().contains("coleta"), e.getMessage());
    }

    @Test
    void beamSearchIsRefusedWithTheBackendItNeeds() {
        GenerateOptions greedy = GenerateOptions.defaults().withSampling(dev.coleta.llama.Sampling.greedy()).withMaxTokens(8);
        String before = other.generate("The harvest of", greedy, null);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> other.generate("The harvest of", greedy.withBeams(2), null));
        assertTrue(e.getMessage().contains("beam search") && e.getMessage().contains("native backend"), e.getMessage());
        // refused before any work: the model answers the same afterwards
        assertEquals(before, other.generate("The harvest of", greedy, null));
    }

    @Test
    void closedModelRefusesWork() {
        JavaLlamaModel m = JavaLlamaModel.open(modelFile, JavaLlamaOptions.defaults().withContextSize(256).withThreads(1));
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.complete("x", null, 4));
        assertThrows(dev.coleta.ModelLoadException.class, () -> JavaLlamaModel.open(modelFile.resolveSibling("missing.gguf")));
    }
}
