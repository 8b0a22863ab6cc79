package dev.coleta.langchain4j;

import dev.coleta.llama.Model;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.SessionOptions;
import dev.langchain4j.service.AiServices;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AiServices returning a record, on a tiny random-weight model sampled at temperature 1: the
 * model knows nothing, so every answer parses only because the schema's grammar held.
 */
class AiServicesIT {
    /** The record the service returns. */
    public record Person(String name, int age) {
    }

    /** The service. */
    public interface People {
        Person extract(String text);
    }

    @Test
    void twentySeedsGiveTwentyParsedRecords() {
        Set<Person> distinct = new HashSet<>();
        try (Model model = Model.load(TestModels.tiny())) {
            for (long seed = 1; seed <= 20; seed++) {
                // The seed is set through the builder's Sampling: LangChain4j's request parameters have none.
                try (ColetaChatModel chat = chat(model, seed)) {
                    People people = AiServices.create(People.class, chat);
                    Person p = people.extract("John Smith is 42 years old.");
                    assertNotNull(p, "seed " + seed);
                    assertNotNull(p.name(), "seed " + seed);
                    distinct.add(p);
                    if (seed == 1) {
                        // Same seed, same record: the seed really drives the draw.
                        try (ColetaChatModel again = chat(model, seed)) {
                            assertEquals(p, AiServices.create(People.class, again).extract("John Smith is 42 years old."));
                        }
                    }
                }
            }
        }
        assertTrue(distinct.size() > 1, "temperature 1 with 20 seeds gave one record: " + distinct);
    }

    private static ColetaChatModel chat(Model model, long seed) {
        return ColetaChatModel.builder()
                .model(model)
                .sessionOptions(SessionOptions.defaults().withContextSize(2048))
                .sampling(Sampling.defaults().withTemperature(1f).withSeed(seed))
                .maxTokens(1024)
                .build();
    }
}
