package dev.coleta.scrape.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.coleta.ColetaException;
import dev.coleta.llama.TextGenerator;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.scrape.html.HtmlPages;

import java.util.List;
import java.util.Locale;

/**
 * Scores scrape-config: the share of generated configurations that, applied to their raw page,
 * yield exactly the gold values; the share the verifier accepts; field scores of the values
 * they yield.
 */
public final class ConfigEvaluator {
    private ConfigEvaluator() {
    }

    /**
     * @param examples pages scored
     * @param correct  configurations whose output equals the gold values
     * @param accepted configurations the verifier accepted
     * @param fields   field counts of applied output against gold
     * @param failures pages where no configuration came out
     */
    public record Report(int examples, int correct, int accepted, FieldScores fields, int failures) {
        public double accuracy() {
            return examples == 0 ? 0 : (double) correct / examples;
        }

        public double acceptedShare() {
            return examples == 0 ? 0 : (double) accepted / examples;
        }

        public String summary() {
            return String.format(Locale.ROOT, "examples %d  gold-match %.3f  accepted %.3f  field-f1 %.3f  failures %d",
                    examples, accuracy(), acceptedShare(), fields.f1(), failures);
        }
    }

    public static Report evaluate(TextGenerator model, List<GeneratedPage> pages, CleanOptions clean) {
        return evaluate(model, pages, clean, ConfigGenerator.DEFAULT_TOKENS_PER_FIELD);
    }

    /** As {@link #evaluate(TextGenerator, List, CleanOptions)}, with the generator's output budget per field. */
    public static Report evaluate(TextGenerator model, List<GeneratedPage> pages, CleanOptions clean, int tokensPerField) {
        ConfigGenerator generator = new ConfigGenerator(model, clean, tokensPerField);
        int correct = 0;
        int accepted = 0;
        int failures = 0;
        FieldScores sum = FieldScores.ZERO;
        for (GeneratedPage p : pages) {
            try {
                var doc = HtmlPages.parse(p.html(), p.id());
                ConfigGenerator.Result r = generator.generate(doc, p.fields());
                // Applied to the raw page, as apply-config and any Jsoup user run it.
                JsonNode applied = ConfigApplier.apply(r.config(), doc);
                FieldScores s = FieldScores.compare(p.configGold(), applied);
                sum = sum.plus(s);
                if (s.exact() == 1) correct++;
                if (r.verification().accepted()) accepted++;
            } catch (ColetaException e) {
                failures++;
                sum = sum.plus(FieldScores.compare(p.configGold(), NullNode.getInstance()));
            }
        }
        return new Report(pages.size(), correct, accepted, sum, failures);
    }
}
