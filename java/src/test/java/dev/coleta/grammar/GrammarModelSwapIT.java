package dev.coleta.grammar;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.gguf.TinyModel;
import dev.coleta.gguf.Vocabulary;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Grammar-constrained generation on models with different vocabularies, loaded and closed in
 * turn in one JVM. The shim caches a per-vocabulary index of token texts; a model loaded where
 * a closed one lived must never see the closed model's index (CI once sampled tokens the
 * grammar rejects: "Unexpected empty grammar stack after accepting piece").
 */
class GrammarModelSwapIT {
    @Test
    void modelsWithDifferentVocabulariesTakeTurnsUnderOneGrammar() throws Exception {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 40; i++) corpus.add("{\"name\":\"Ana " + i + "\",\"age\":" + (20 + i) + ",\"city\":\"Porto\"}");
        Path learnt = TinyModels.dir().resolve("swap-learnt.gguf");
        if (!Files.isRegularFile(learnt)) TinyModel.create(TinyModel.Recipe.tiny().withCtx(512), learnt, Vocabulary.learn(corpus, 400, 2));
        Path llama = TinyModels.tinyModel();
        Grammar grammar = Grammar.jsonSchema("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer"}},
                 "required":["name","age"],"additionalProperties":false}""");
        ObjectMapper json = new ObjectMapper();
        for (int round = 0; round < 6; round++) {
            for (Path file : List.of(learnt, llama)) {
                try (Model m = Model.load(file);
                     Session s = m.newSession(SessionOptions.defaults().withContextSize(512).withThreads(1))) {
                    for (int seed = 0; seed < 3; seed++) {
                        Generation g = s.generate("Person:", GenerateOptions.defaults().withMaxTokens(120).withGrammar(grammar)
                                .withSampling(Sampling.defaults().withTemperature(1.0f).withSeed(round * 10 + seed)));
                        assertEquals(Generation.StopReason.END_OF_GENERATION, g.stopReason(), file + " round " + round);
                        json.readTree(g.text()).get("age").asInt();
                    }
                }
            }
        }
    }
}
