package dev.coleta.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The promise of schema-constrained generation: on a random-weight model at temperature 1,
 * every output parses and validates against the schema (checked by an independent validator).
 */
class JsonSchemaGenerationIT {
    @Test
    void fiftySeedsAllValidate() throws Exception {
        String schemaText = new String(getClass().getResourceAsStream("/schemas/product.schema.json").readAllBytes(), StandardCharsets.UTF_8);
        Grammar grammar = Grammar.jsonSchema(schemaText);
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaText);
        ObjectMapper json = new ObjectMapper();
        Set<String> distinct = new HashSet<>();
        long passes = 0;
        int tokens = 0;
        try (Model m = Model.load(TinyModels.tinyModel());
             Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withThreads(1))) {
            for (int seed = 0; seed < 50; seed++) {
                Generation g = s.generate("Extract the product as JSON:", GenerateOptions.defaults().withMaxTokens(900).withGrammar(grammar)
                        .withSampling(Sampling.defaults().withTemperature(1.0f).withSeed(seed)));
                assertEquals(Generation.StopReason.END_OF_GENERATION, g.stopReason(), "seed " + seed);
                JsonNode node = json.readTree(g.text());
                Set<ValidationMessage> errors = validator.validate(node);
                assertTrue(errors.isEmpty(), "seed " + seed + ": " + errors + " in " + g.text());
                distinct.add(node.toString());
                passes += g.grammarPasses();
                tokens += g.generatedTokens();
            }
        }
        assertTrue(distinct.size() >= 45, "different seeds should give different outputs: " + distinct.size());
        System.out.printf("50 seeds valid; %d tokens, full grammar checks on %.1f%% of tokens%n", tokens, 100.0 * passes / tokens);
    }
}
