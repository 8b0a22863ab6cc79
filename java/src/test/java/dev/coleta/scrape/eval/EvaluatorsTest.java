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

    /**
     * Two pages, the configuration right on the first and naming a selector absent from the
     * second: one of two accepted. The summary's figures, by hand, in any default locale.
     */
    @Test
    void configReportSharesAndSummary() {
        List<GeneratedPage> two = List.of(pages.get(1), pages.get(2));
        String good = pages.get(1).config().toJson();
        String bad = new dev.coleta.scrape.config.ScrapeConfig(pages.get(2).config().item(), pages.get(2).config().fields().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey,
                        e -> dev.coleta.scrape.config.FieldRule.text(".no-such-class"), (a, b) -> a, java.util.LinkedHashMap::new))).toJson();
        String firstGold = pages.get(1).configGold().elements().next().asText();
        FakeModel model = new FakeModel(1 << 16, page -> page.contains(firstGold) ? good : bad);
        ConfigEvaluator.Report r = ConfigEvaluator.evaluate(model, two, CleanOptions.defaults());
        assertEquals(2, r.examples());
        assertEquals(1, r.accepted());
        assertEquals(0.5, r.acceptedShare(), 1e-9);
        assertEquals(0.0, new ConfigEvaluator.Report(0, 0, 0, FieldScores.ZERO, 0).acceptedShare(), "no examples: 0, not NaN");

        java.util.Locale old = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY); // a decimal comma would break the output's format
            // gold 10, predicted 8, correct 6: precision 0.75, recall 0.6, f1 2 * 0.45 / 1.35
            ConfigEvaluator.Report c = new ConfigEvaluator.Report(4, 1, 3, new FieldScores(10, 8, 6, 1), 1);
            assertEquals("examples 4  gold-match 0.250  accepted 0.750  field-f1 0.667  failures 1", c.summary());
            ScrapeEvaluator.Report s = new ScrapeEvaluator.Report(4, new FieldScores(10, 8, 6, 1), 2, 16, 1);
            assertEquals("examples 4  precision 0.750  recall 0.600  f1 0.667  exact 0.250  hallucination 0.125  failures 1", s.summary());
        } finally {
            java.util.Locale.setDefault(old);
        }
    }
}
