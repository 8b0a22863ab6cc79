package dev.coleta.scrape.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.FakeModel;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.html.CleanOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EvaluatorsTest {
    private final List<GeneratedPage> pages = PageGenerator.generate(4, 5, PageGenerator.Split.TEST);

    /** Answers each prompt with the gold of the page whose first gold value it contains. */
    private FakeModel oracle(boolean config) {
        return new FakeModel(1 << 16, page -> {
            for (GeneratedPage p : pages) {
                if (page.contains(p.configGold().isArray() ? p.configGold().get(0).elements().next().asText()
                        : p.configGold().elements().next().asText())) {
                    return config ? p.config().toJson() : p.gold().toString();
                }
            }
            throw new AssertionError("no page matches the prompt");
        });
    }

    @Test
    void perfectAnswersScoreOne() {
        ScrapeEvaluator.Report r = ScrapeEvaluator.evaluate(oracle(false), pages, ScrapeOptions.defaults());
        assertEquals(4, r.examples());
        assertEquals(1.0, r.fields().f1(), 1e-9);
        assertEquals(1.0, r.exactMatch(), 1e-9);
        assertEquals(0.0, r.hallucinationRate(), 1e-9);
        ConfigEvaluator.Report c = ConfigEvaluator.evaluate(oracle(true), pages, CleanOptions.defaults());
        assertEquals(4, c.correct());
        assertEquals(4, c.accepted());
        assertEquals(1.0, c.accuracy(), 1e-9);
    }

    @Test
    void hallucinatedAnswersAreCounted() {
        GeneratedPage p = pages.get(1); // an article: five strings
        ObjectNode lie = p.gold().deepCopy();
        lie.put("headline", "Made up");
        lie.put("author", "Nobody");
        FakeModel model = new FakeModel(1 << 16, page -> lie.toString());
        ScrapeEvaluator.Report r = ScrapeEvaluator.evaluate(model, List.of(p), ScrapeOptions.defaults());
        assertEquals(2.0 / 5, r.hallucinationRate(), 1e-9);
        assertEquals(new FieldScores(5, 3, 3, 0), r.fields());
        assertEquals(0.0, r.exactMatch(), 1e-9);
    }

    @Test
    void configWithOneWrongSelectorIsCountedByHand() {
        GeneratedPage p = pages.get(1); // an article: five fields, no item selector
        java.util.Map<String, dev.coleta.scrape.config.FieldRule> rules = new java.util.LinkedHashMap<>(p.config().fields());
        rules.put("author", dev.coleta.scrape.config.FieldRule.text(".no-such-byline"));
        String wrong = new dev.coleta.scrape.config.ScrapeConfig(null, rules).toJson();
        ConfigEvaluator.Report r = ConfigEvaluator.evaluate(new FakeModel(1 << 16, page -> wrong), List.of(p), CleanOptions.defaults());
        assertEquals(0, r.correct());
        assertEquals(0, r.accepted()); // a selector matching nothing on the page is rejected, though four fields come out
        assertEquals(new FieldScores(5, 4, 4, 0), r.fields());
        assertEquals(2 * 1.0 * 0.8 / 1.8, r.fields().f1(), 1e-9);
    }
}
