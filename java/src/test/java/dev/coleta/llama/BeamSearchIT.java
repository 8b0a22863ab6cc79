package dev.coleta.llama;

import dev.coleta.GrammarException;
import dev.coleta.grammar.Grammar;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGrammar;
import dev.coleta.nl2sql.SqlGrammarOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beam search ({@link GenerateOptions#beams()}, the shim's coleta_beam_search) on the tiny model
 * (random weights): one beam is greedy decoding, a search wide enough to hold every path finds
 * the most likely output that brute force finds, and the session's cache is left holding the
 * prompt alone.
 */
class BeamSearchIT {
    private static final Path SHOP = Path.of(System.getProperty("user.dir")).resolve("../tasks/nl2sql/schemas/shop.sql").normalize();
    private static final List<String> PROMPTS = List.of("Ana, 20 years old:", "The shop sells", "SELECT", "{\"title\": ",
            "Question: how many orders?\nSQL:", "q", "Page: <h1>Price</h1>", "Porto, Lisboa e");

    private static Model model;
    private static Session session;

    @BeforeAll
    static void open() {
        model = Model.load(TinyModels.tinyModel());
        session = model.newSession(SessionOptions.defaults().withContextSize(512).withThreads(2).withBeamSearch(true));
    }

    @AfterAll
    static void close() {
        session.close();
        model.close();
    }

    private static Map<String, Grammar> grammars() throws Exception {
        Map<String, Grammar> g = new LinkedHashMap<>();
        g.put("none", null);
        g.put("json", Grammar.jsonSchema("""
                {"type":"object","properties":{"title":{"type":"string","maxLength":30},"price":{"type":"number"},
                 "currency":{"enum":["EUR","USD","BRL"]}},"required":["title","price","currency"]}"""));
        var schema = SchemaReader.fromDdlFile(SHOP);
        g.put("sql-strict", SqlGrammar.grammar(schema, SqlGrammarOptions.defaults().withStrict(true)));
        g.put("sql-loose", SqlGrammar.grammar(schema, SqlGrammarOptions.defaults()));
        g.putAll(bounded());
        return g;
    }

    /** Grammars whose sentences are short: a random model's outputs end within a few tokens. */
    private static Map<String, Grammar> bounded() {
        Map<String, Grammar> g = new LinkedHashMap<>();
        g.put("digits", Grammar.gbnf("root ::= \"n\" [0-9]{1,4} \";\""));
        g.put("words", Grammar.gbnf("root ::= [a-z]{1,6} (\" \" [a-z]{1,6})? \".\""));
        g.put("record", Grammar.gbnf("root ::= \"{\\\"n\\\": \" [0-9]{1,3} \", \\\"c\\\": \\\"\" (\"EUR\" | \"USD\" | \"BRL\") \"\\\"}\""));
        return g;
    }

    private static String outcome(java.util.function.Supplier<Generation> g) {
        try {
            Generation r = g.get();
            return r.stopReason() + " " + r.generatedTokens() + " " + r.text();
        } catch (GrammarException e) {
            return "incomplete";
        }
    }

    @Test
    void oneBeamDecodesWhatGreedyDecodingDoes() throws Exception {
        int compared = 0, ended = 0;
        for (var e : grammars().entrySet()) {
            for (String prompt : PROMPTS) {
                GenerateOptions o = GenerateOptions.defaults().withMaxTokens(40).withGrammar(e.getValue());
                int[] tokens = model.tokenize(prompt, true);
                String greedy = outcome(() -> session.generate(tokens, o, null));
                String beam = outcome(() -> session.searchBeams(tokens, o, 1));
                assertEquals(greedy, beam, e.getKey() + " / " + prompt);
                compared++;
                if (greedy.startsWith("END_OF_GENERATION")) ended++;
            }
        }
        assertEquals(56, compared);
        assertTrue(ended >= 8, "too few generations ended on their own to compare endings: " + ended);
    }

    @Test
    void aSearchThatHoldsEveryPathFindsTheMostLikelyOutput() throws Exception {
        // The language: one of three letters, then the end. Each letter is one token or its byte
        // token, so 6 paths: 8 beams hold them all and the search is exhaustive.
        Grammar letters = Grammar.gbnf("root ::= \"k\" | \"w\" | \"z\"");
        List<Integer> firsts = new ArrayList<>();
        for (int t = 0; t < model.vocabSize(); t++) {
            String s = new String(model.tokenBytes(t), StandardCharsets.UTF_8);
            if (s.equals("k") || s.equals("w") || s.equals("z")) firsts.add(t);
        }
        assertTrue(firsts.size() >= 3 && firsts.size() <= GenerateOptions.MAX_BEAMS, firsts.toString());
        int differs = 0;
        for (String prompt : PROMPTS) {
            int[] p = model.tokenize(prompt, true);
            double best = Double.NEGATIVE_INFINITY;
            String bestText = null;
            for (int t : firsts) {
                double lp = session.logProbability(p, new int[] {t, model.eosToken()});
                if (lp > best) {
                    best = lp;
                    bestText = new String(model.tokenBytes(t), StandardCharsets.UTF_8);
                }
            }
            GenerateOptions o = GenerateOptions.defaults().withGrammar(letters).withMaxTokens(4);
            Generation beam = session.generate(p, o.withBeams(GenerateOptions.MAX_BEAMS), null);
            assertEquals(bestText, beam.text(), prompt);
            assertEquals(Generation.StopReason.END_OF_GENERATION, beam.stopReason());
            // greedy decoding takes the most likely first token, as logProbability ranks them
            double bestFirst = Double.NEGATIVE_INFINITY;
            String bestFirstText = null;
            for (int t : firsts) {
                double lp = session.logProbability(p, new int[] {t});
                if (lp > bestFirst) {
                    bestFirst = lp;
                    bestFirstText = new String(model.tokenBytes(t), StandardCharsets.UTF_8);
                }
            }
            String greedy = session.generate(p, o, null).text();
            assertEquals(bestFirstText, greedy, prompt);
            if (!greedy.equals(beam.text())) differs++;
        }
        // the search is not greedy decoding in disguise: weighing the end token changes answers
        assertTrue(differs >= 1, "every beam answer equals the greedy one");
    }

    @Test
    void theCacheHoldsThePromptAfterASearchAndSearchesRepeat() throws Exception {
        Grammar record = bounded().get("record");
        GenerateOptions greedy = GenerateOptions.defaults().withMaxTokens(48).withGrammar(record);
        String prompt = "Price of the blender:";
        String expected;
        try (Session fresh = model.newSession(SessionOptions.defaults().withContextSize(512).withThreads(2))) {
            expected = fresh.generate(prompt, greedy).text();
        }
        Generation first = session.generate(prompt, greedy.withBeams(4));
        Generation second = session.generate(prompt, greedy.withBeams(4));
        assertEquals(first.text(), second.text());
        assertEquals(first.stopReason(), second.stopReason());
        assertEquals(Generation.StopReason.END_OF_GENERATION, first.stopReason());
        assertTrue(record.accepts(first.text()), first.text());
        // the prompt is reused from the cache, and nothing of the beams is left in it
        assertEquals(expected, session.generate(prompt, greedy).text());
    }

    @Test
    void aSearchUnderABoundedGrammarEndsWithAWholeSentenceOfIt() {
        for (var e : bounded().entrySet()) {
            for (String prompt : PROMPTS) {
                Generation r = session.generate(prompt, GenerateOptions.defaults().withMaxTokens(40).withGrammar(e.getValue()).withBeams(3));
                assertEquals(Generation.StopReason.END_OF_GENERATION, r.stopReason(), e.getKey() + ": " + r.text());
                assertTrue(e.getValue().accepts(r.text()), e.getKey() + ": " + r.text());
            }
        }
    }

    @Test
    void aSearchThatOutgrowsTheCacheFailsCleanlyAndTheSessionGoesOn() {
        // 8 beams of a sentence that cannot end before 60 letters, after a 200-token prompt, in
        // a 256-cell cache: the beams' copies run out of cells within a few steps
        Grammar longLine = Grammar.gbnf("root ::= [a-z ]{60,80} \".\"");
        StringBuilder text = new StringBuilder();
        while (model.tokenize(text.toString(), true).length < 200) text.append("word ");
        int[] p = model.tokenize(text.toString(), true);
        try (Session small = model.newSession(SessionOptions.defaults().withContextSize(256).withThreads(2).withBeamSearch(true));
             Session fresh = model.newSession(SessionOptions.defaults().withContextSize(256).withThreads(2))) {
            GrammarException e = assertThrows(GrammarException.class,
                    () -> small.generate(p, GenerateOptions.defaults().withMaxTokens(50).withGrammar(longLine).withBeams(8), null));
            assertTrue(e.getMessage().contains("CONTEXT_FULL"), e.getMessage());
            GenerateOptions greedy = GenerateOptions.defaults().withMaxTokens(20);
            assertEquals(fresh.generate(p, greedy, null).text(), small.generate(p, greedy, null).text());
        }
    }

    @Test
    void badSettingsAreRefusedBeforeNativeCode() {
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.defaults().withBeams(GenerateOptions.MAX_BEAMS + 1));
        assertThrows(IllegalArgumentException.class, () -> GenerateOptions.defaults().withBeams(0));
        assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.defaults().withSampling(Sampling.defaults().withTemperature(0.7f)).withBeams(2));
        assertThrows(IllegalArgumentException.class,
                () -> GenerateOptions.defaults().withBeams(2).withSampling(Sampling.defaults().withRepeatPenalty(1.2f)));
        assertEquals(dev.coleta.llama.internal.ColetaNative.COLETA_MAX_BEAMS, GenerateOptions.MAX_BEAMS);
        try (Session plain = model.newSession(SessionOptions.defaults().withContextSize(256))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> plain.generate("q", GenerateOptions.defaults().withMaxTokens(4).withBeams(2)));
            assertTrue(e.getMessage().contains("withBeamSearch"), e.getMessage());
            assertEquals(4, plain.generate("q", GenerateOptions.defaults().withMaxTokens(4)).generatedTokens(), "the session still works");
        }
        assertThrows(IllegalArgumentException.class, () -> session.logProbability(new int[] {1}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> session.logProbability(new int[] {1}, new int[] {model.vocabSize()}));
    }

    @Test
    void logProbabilitiesAreNormalisedAndAddUp() {
        int[] p = model.tokenize("Ana, 20 years old:", true);
        double mass = 0;
        for (int t = 0; t < model.vocabSize(); t += 97) {
            double lp = session.logProbability(p, new int[] {t});
            assertTrue(lp < 0, "token " + t + ": " + lp);
            mass += Math.exp(lp);
        }
        assertTrue(mass > 0 && mass < 1, "mass " + mass);
        // a two-token continuation: the first token's log-probability plus the second's after it
        int[] two = {450, 1000};
        int[] pAndFirst = Arrays.copyOf(p, p.length + 1);
        pAndFirst[p.length] = 450;
        assertEquals(session.logProbability(p, two),
                session.logProbability(p, new int[] {450}) + session.logProbability(pAndFirst, new int[] {1000}), 1e-3);
    }
}
