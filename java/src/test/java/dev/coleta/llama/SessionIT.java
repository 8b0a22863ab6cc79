package dev.coleta.llama;

import dev.coleta.DecodeException;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Generation on a tiny random-weight model: greedy and seeded runs are deterministic. */
class SessionIT {
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

    @Test
    void modelFacts() {
        assertEquals(32000, model.vocabSize());
        assertEquals(128, model.embeddingSize());
        assertEquals(4, model.layers());
        assertEquals(4096, model.trainContextSize());
        assertEquals(9_045_120L, model.parameters());
        assertEquals(1, model.bosToken());
        assertEquals(2, model.eosToken());
        assertTrue(model.description().startsWith("llama"), model.description());
        assertEquals(512, session.contextSize());
    }

    @Test
    void tokenizeRoundTrips() {
        String text = "Coleta means harvest — colheita, 收获!";
        int[] t = model.tokenize(text, false);
        assertTrue(t.length > 5);
        assertEquals(text, model.detokenize(t).strip());
        int[] withBos = model.tokenize(text, true);
        assertEquals(model.bosToken(), withBos[0]);
        assertEquals(t.length + 1, withBos.length);
        assertEquals(session.countTokens(text), t.length);
    }

    @Test
    void greedyIsDeterministicAndRespectsMaxTokens() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(12);
        Generation a = session.generate("The capital of Portugal is", o);
        Generation b = session.generate("The capital of Portugal is", o);
        assertEquals(a.text(), b.text());
        assertEquals(12, a.generatedTokens());
        assertEquals(Generation.StopReason.MAX_TOKENS, a.stopReason());
        assertFalse(a.text().isEmpty());
    }

    @Test
    void cachedPrefixGivesTheSameResultAsAFreshSession() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(8);
        session.generate("One two three four", o);
        Generation reused = session.generate("One two three four five six", o);
        try (Session fresh = model.newSession(SessionOptions.defaults().withContextSize(512).withThreads(1))) {
            assertEquals(fresh.generate("One two three four five six", o).text(), reused.text());
        }
    }

    @Test
    void seedsDecideSampledText() {
        Sampling s = Sampling.defaults().withTemperature(1.0f).withTopK(0).withTopP(1f).withMinP(0f);
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(10);
        String a1 = session.generate("Hello", o.withSampling(s.withSeed(1))).text();
        String a2 = session.generate("Hello", o.withSampling(s.withSeed(1))).text();
        String b = session.generate("Hello", o.withSampling(s.withSeed(2))).text();
        assertEquals(a1, a2);
        assertNotEquals(a1, b);
        String greedy = session.generate("Hello", o).text();
        assertNotEquals(greedy, a1);
    }

    @Test
    void samplingKnobsChangeTheDistribution() {
        // top-k 1 at any temperature is greedy
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(10);
        String greedy = session.generate("Data extraction", o).text();
        String topK1 = session.generate("Data extraction", o.withSampling(Sampling.defaults().withTemperature(5f).withTopK(1).withSeed(9))).text();
        assertEquals(greedy, topK1);
        // a strong repeat penalty changes greedy output of a repetitive random model
        String penalised = session.generate("Data extraction", o.withMaxTokens(30).withSampling(Sampling.defaults().withRepeatPenalty(50f))).text();
        String plain = session.generate("Data extraction", o.withMaxTokens(30)).text();
        assertNotEquals(plain, penalised);
    }

    /** Greedy text of {@code prompt}, and the texts sampled with {@code s} under seeds 1..5. */
    static List<String> sampled(String prompt, Sampling s) {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(10);
        List<String> texts = new ArrayList<>();
        for (int seed = 1; seed <= 5; seed++) texts.add(session.generate(prompt, o.withSampling(s.withSeed(seed))).text());
        return texts;
    }

    @Test
    void topPMinPAndTemperatureLimitTheDraw() {
        String prompt = "Data extraction";
        String greedy = session.generate(prompt, GenerateOptions.defaults().withMaxTokens(10)).text();
        // a near-flat distribution: temperature 100, no top-k, no top-p, no min-p; every seed draws something else
        Sampling flat = Sampling.defaults().withTemperature(100f).withTopK(0).withTopP(1f).withMinP(0f);
        List<String> wild = sampled(prompt, flat);
        assertEquals(5, wild.stream().distinct().count(), "different seeds draw different texts: " + wild);
        assertFalse(wild.contains(greedy));
        // each filter alone narrows that draw to the single most likely token, whatever the seed
        assertEquals(List.of(greedy, greedy, greedy, greedy, greedy), sampled(prompt, flat.withTopP(1e-6f)), "top-p keeps only the best");
        assertEquals(List.of(greedy, greedy, greedy, greedy, greedy), sampled(prompt, flat.withMinP(0.999f)), "min-p near 1 keeps only the best");
        assertEquals(List.of(greedy, greedy, greedy, greedy, greedy), sampled(prompt, flat.withTemperature(0f)), "temperature 0 is greedy");
        assertEquals(List.of(greedy, greedy, greedy, greedy, greedy), sampled(prompt, flat.withTemperature(1e-4f)),
                "a tiny temperature makes the best token certain");
        // a moderate min-p still lets several tokens through at high temperature
        assertTrue(sampled(prompt, flat.withMinP(0.5f)).stream().distinct().count() > 1, "min-p 0.5 leaves a choice");
    }

    @Test
    void repeatPenaltyLooksOnlyAtTheLastNTokens() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(30);
        String plain = session.generate("Data extraction", o).text();
        Sampling penalty = Sampling.defaults().withRepeatPenalty(50f);
        assertEquals(plain, session.generate("Data extraction", o.withSampling(penalty.withRepeatLastN(0))).text(),
                "a window of 0 tokens penalises nothing");
        assertNotEquals(plain, session.generate("Data extraction", o.withSampling(penalty.withRepeatLastN(64))).text());
    }

    @Test
    void generateFromTokensEqualsGenerateFromText() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(12);
        String prompt = "The capital of Portugal is";
        Generation fromText = session.generate(prompt, o);
        List<String> pieces = new ArrayList<>();
        Generation fromTokens = session.generate(model.tokenize(prompt, true), o, pieces::add);
        assertEquals(fromText.text(), fromTokens.text());
        assertEquals(fromText.promptTokens(), fromTokens.promptTokens());
        assertEquals(fromTokens.text(), String.join("", pieces));
        // without the BOS the model sees another prompt
        assertNotEquals(fromText.text(), session.generate(model.tokenize(prompt, false), o, null).text());
        assertThrows(IllegalArgumentException.class, () -> session.generate(new int[0], o, null));
    }

    @Test
    void withoutMmapTheModelGeneratesTheSame() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(12);
        String expected = session.generate("Memory mapped", o).text();
        try (Model read = Model.load(TinyModels.tinyModel(), ModelOptions.defaults().withMmap(false));
             Session s = read.newSession(SessionOptions.defaults().withContextSize(512).withThreads(1))) {
            assertEquals(expected, s.generate("Memory mapped", o).text());
        }
    }

    @Test
    void applyChatTemplateUsesTheModelsOwnTemplate() throws Exception {
        // a model whose GGUF carries a ChatML template (tokenizer.chat_template, copied from the vocabulary file)
        java.nio.file.Path dir = TinyModels.dir();
        java.nio.file.Path vocab = dir.resolve("vocab-chatml.gguf");
        dev.coleta.gguf.GgufFile base = dev.coleta.gguf.GgufFile.read(TinyModels.vocab());
        new dev.coleta.gguf.GgufWriter().putAll(base.metadata()).put("tokenizer.chat_template", dev.coleta.gguf.GgufValue.string(CHATML))
                .write(vocab);
        java.nio.file.Path file = dir.resolve("chatml-64x1.gguf");
        dev.coleta.gguf.TinyModel.create(new dev.coleta.gguf.TinyModel.Recipe(64, 1, 2, 64, 256, 9), file, vocab);
        try (Model m = Model.load(file)) {
            assertEquals(CHATML, m.chatTemplate());
            String p = m.applyChatTemplate(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")), true);
            assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", p);
            assertEquals("<|im_start|>user\nHi<|im_end|>\n", m.applyChatTemplate(List.of(ChatMessage.user("Hi")), false));
            assertEquals(p, m.chatPrompt("Be brief.", "Hi"));
        }
    }

    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
            + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    @Test
    void stopStringEndsGenerationAndIsCut() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(40);
        String full = session.generate("Once upon a time", o).text();
        assertTrue(full.length() > 6);
        String stop = full.substring(3, 6);
        int first = full.indexOf(stop);
        Generation g = session.generate("Once upon a time", o.withStop(List.of(stop)));
        assertEquals(Generation.StopReason.STOP_STRING, g.stopReason());
        assertEquals(full.substring(0, first), g.text());
    }

    @Test
    void streamingNeverShowsAStopString() {
        String full = session.generate("Once upon a time", GenerateOptions.defaults().withMaxTokens(40)).text();
        String stop = full.substring(8, 12);
        List<String> pieces = new ArrayList<>();
        Generation g = session.generate("Once upon a time", GenerateOptions.defaults().withMaxTokens(40).withStop(List.of(stop)), pieces::add);
        assertEquals(Generation.StopReason.STOP_STRING, g.stopReason());
        assertEquals(g.text(), String.join("", pieces));
        assertFalse(String.join("", pieces).contains(stop));
    }

    @Test
    void streamingDeliversTheTextAndCanCancel() {
        List<String> pieces = new ArrayList<>();
        Generation g = session.generate("Stream me", GenerateOptions.defaults().withMaxTokens(15), p -> pieces.add(p));
        assertEquals(g.text(), String.join("", pieces));
        List<String> few = new ArrayList<>();
        Generation c = session.generate("Stream me", GenerateOptions.defaults().withMaxTokens(15), p -> {
            few.add(p);
            return few.size() < 3;
        });
        assertEquals(Generation.StopReason.CANCELLED, c.stopReason());
        assertEquals(3, few.size());
    }

    @Test
    void promptLongerThanTheContextIsAnException() {
        String longPrompt = "word ".repeat(600);
        DecodeException e = assertThrows(DecodeException.class, () -> session.generate(longPrompt, GenerateOptions.defaults()));
        assertTrue(e.getMessage().contains("does not fit the context"), e.getMessage());
        // the session still works afterwards
        assertEquals(3, session.generate("ok", GenerateOptions.defaults().withMaxTokens(3)).generatedTokens());
    }

    @Test
    void generationStopsWhenTheContextIsFull() {
        try (Session small = model.newSession(SessionOptions.defaults().withContextSize(16).withThreads(1))) {
            int n = small.contextSize(); // padded by llama.cpp
            String prompt = "a b c d e f g h";
            int promptTokens = model.tokenize(prompt, true).length;
            Generation g = small.generate(prompt, GenerateOptions.defaults().withMaxTokens(10_000));
            assertEquals(Generation.StopReason.CONTEXT_FULL, g.stopReason());
            assertEquals(n - promptTokens + 1, g.generatedTokens());
        }
    }

    @Test
    void chatTemplateFallsBackToLlama2() {
        assertEquals(null, model.chatTemplate());
        String p = model.applyChatTemplate(List.of(ChatMessage.system("Be brief."), ChatMessage.user("Hi")), true);
        assertTrue(p.contains("[INST]") && p.contains("<<SYS>>") && p.contains("Be brief.") && p.endsWith("[/INST]"), p);
        assertEquals(p, session.chatPrompt("Be brief.", "Hi"));
    }

    @Test
    void closedHandlesThrowAndCloseIsIdempotent() {
        Model m = Model.load(TinyModels.tinyModel());
        Session s = m.newSession(SessionOptions.defaults().withContextSize(64).withThreads(1));
        m.close();
        assertTrue(s.isClosed());
        assertThrows(IllegalStateException.class, () -> s.generate("x", GenerateOptions.defaults()));
        assertThrows(IllegalStateException.class, () -> m.tokenize("x", false));
        m.close();
        s.close();
    }

    @Test
    void clearCacheMakesTheNextGenerationAFreshSessionsOne() {
        GenerateOptions o = GenerateOptions.defaults().withMaxTokens(12);
        String fresh;
        try (Session other = model.newSession(SessionOptions.defaults().withContextSize(512).withThreads(1))) {
            fresh = other.generate("The harvest of the vine", o).text();
        }
        session.generate("The harvest", o);   // leaves a shared prefix in the cache
        session.clearCache();
        assertEquals(fresh, session.generate("The harvest of the vine", o).text());
    }
}
