package dev.coleta.grammar;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.GrammarStats;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coleta's grammar sampler checks tokens with an automaton it learns from llama.cpp's grammar
 * engine and shares between the samplers of one grammar (native/shim/coleta_internals.cpp);
 * with COLETA_GRAMMAR_AUTOMATON=0 it asks llama.cpp's own checks instead. Both must choose the
 * same tokens. The tiny model has random weights, so at temperature 1 the grammar refuses most
 * first choices (84 %, docs/BENCHMARKS.md) and every refusal goes through the search.
 */
class GrammarAutomatonIT {
    private static final Path SHOP = Path.of(System.getProperty("user.dir")).resolve("../tasks/nl2sql/schemas/shop.sql").normalize();

    @Test
    void theAutomatonChoosesTheTokensLlamaCppsChecksChoose() throws Exception {
        Path model = TinyModels.tinyModel();
        List<String> here = GrammarSamples.generate(model, SHOP);

        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String nativeDir = System.getProperty("coleta.native.dir");
        if (nativeDir != null) cmd.add("-Dcoleta.native.path=" + nativeDir);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), GrammarSamples.class.getName(), model.toString(), SHOP.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("COLETA_GRAMMAR_AUTOMATON", "0");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), err);
        ObjectMapper json = new ObjectMapper();
        List<String> llama = new ArrayList<>();
        for (String line : out.strip().split("\n")) llama.add(json.readValue(line, String.class));

        assertEquals(here.size(), llama.size());
        for (int i = 0; i < here.size(); i++) assertEquals(llama.get(i), here.get(i), "generation " + i);
        // the samples mean something: most end with the grammar complete, not cut off
        long complete = here.stream().filter(t -> t.startsWith("END_OF_GENERATION")).count();
        assertTrue(complete >= here.size() / 2, here.toString());
    }

    /**
     * GrammarStats counts what the engine did: every refusal a generation reports, states and
     * moves learnt the first time a grammar is used and not again when the same generation
     * repeats (the automaton remembers), and the time of each part within the whole.
     */
    @Test
    void grammarStatsCountRefusalsAndWhatTheAutomatonLearns() throws Exception {
        // a grammar no other test uses, so the automaton starts empty here
        Grammar grammar = Grammar.gbnf("root ::= \"stats \" word (\", \" word){2,5} \".\"\nword ::= [a-q]{2,7}");
        try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(256))) {
            Sampling sampling = Sampling.defaults().withTemperature(1f).withSeed(11);
            GenerateOptions options = GenerateOptions.defaults().withMaxTokens(120)
                    .withGrammar(grammar).withSampling(sampling);
            GrammarStats before = GrammarStats.snapshot();
            Generation first = s.generate("Answer: ", options);
            GrammarStats firstStats = GrammarStats.snapshot().since(before);
            Generation again = s.generate("Answer: ", options);
            GrammarStats bothStats = GrammarStats.snapshot().since(before);
            GrammarStats againStats = bothStats.since(firstStats);

            assertEquals(first.text(), again.text(), "same seed, same text");
            assertTrue(first.text().matches("stats [a-q]{2,7}(, [a-q]{2,7}){2,5}\\."), first.text());
            assertTrue(first.grammarPasses() > 0, "random weights: the grammar refuses first choices");
            assertEquals(first.grammarPasses(), firstStats.refusals(), "one refusal counted per full pass");
            assertEquals(again.grammarPasses(), againStats.refusals());
            assertTrue(firstStats.statesLearnt() > 5 && firstStats.movesLearnt() >= firstStats.statesLearnt() - 1, firstStats.toString());
            assertEquals(0, againStats.statesLearnt(), "the automaton remembers: " + againStats);
            assertEquals(0, againStats.movesLearnt(), againStats.toString());
            assertEquals(0, againStats.learnNanos(), againStats.toString());
            assertTrue(firstStats.learnNanos() > 0 && firstStats.searchNanos() > 0, firstStats.toString());
            assertTrue(firstStats.grammarNanos() >= firstStats.searchNanos() && firstStats.grammarNanos() >= firstStats.learnNanos(),
                    firstStats.toString());
            assertEquals(bothStats, firstStats.plus(againStats));
        }
        try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(256))) {
            GrammarStats before = GrammarStats.snapshot();
            s.generate("Answer: ", GenerateOptions.defaults().withMaxTokens(20));
            assertEquals(new GrammarStats(0, 0, 0, 0, 0, 0), GrammarStats.snapshot().since(before),
                    "no grammar, nothing counted");
        }
        assertThrows(IllegalArgumentException.class, () -> new GrammarStats(-1, 0, 0, 0, 0, 0));
    }

    @Test
    void moreGrammarsThanTheNativeSideKeepsEachStillGenerateTheirOwnLanguage() throws Exception {
        // the shim keeps the 4 most recently used grammars: the 5th and 6th requests evict the
        // first two, which the 7th and 8th bring back (parsed and learnt again)
        try (Model m = Model.load(TinyModels.tinyModel()); Session s = m.newSession(SessionOptions.defaults().withContextSize(256))) {
            Sampling sampling = Sampling.defaults().withTemperature(1f).withSeed(5);
            for (int k : new int[] {1, 2, 3, 4, 5, 6, 1, 2, 6}) {
                Grammar digits = Grammar.gbnf("root ::= \"n\" [0-9]{" + k + "} \";\"");
                String text = GrammarSamples.generate(s, digits, sampling);
                assertTrue(text.matches("END_OF_GENERATION n[0-9]{" + k + "};"), k + ": " + text);
            }
        }
    }

    @Test
    void sessionsSharingAGrammarOnSeveralThreadsGenerateWhatOneThreadDoes() throws Exception {
        Path model = TinyModels.tinyModel();
        Map<String, Grammar> grammars = GrammarSamples.grammars(SHOP);
        List<Grammar> order = new ArrayList<>(grammars.values());
        Sampling sampling = Sampling.defaults().withTemperature(1f).withSeed(7);
        try (Model m = Model.load(model)) {
            List<String> alone = new ArrayList<>();
            try (Session s = m.newSession(SessionOptions.defaults().withContextSize(1024))) {
                for (Grammar g : order) alone.add(GrammarSamples.generate(s, g, sampling));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    runs.add(pool.submit(() -> {
                        List<String> texts = new ArrayList<>();
                        try (Session s = m.newSession(SessionOptions.defaults().withContextSize(1024))) {
                            for (int round = 0; round < 3; round++) {
                                for (Grammar g : order) texts.add(GrammarSamples.generate(s, g, sampling));
                            }
                        }
                        return texts;
                    }));
                }
                for (Future<List<String>> run : runs) {
                    List<String> texts = run.get(5, TimeUnit.MINUTES);
                    for (int i = 0; i < texts.size(); i++) assertEquals(alone.get(i % order.size()), texts.get(i));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
