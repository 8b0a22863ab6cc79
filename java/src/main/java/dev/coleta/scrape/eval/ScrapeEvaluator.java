package dev.coleta.scrape.eval;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.coleta.ColetaException;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.llama.TextGenerator;

import java.util.List;
import java.util.Locale;

/** Scores scrape on generated pages: field precision/recall/F1, exact match, hallucination rate. */
public final class ScrapeEvaluator {
    private ScrapeEvaluator() {
    }

    /**
     * The scores over a dataset.
     *
     * @param examples          pages scored
     * @param fields            summed field counts
     * @param hallucinated      string values the model produced that the page lacks
     * @param strings           string values the model produced
     * @param failures          pages where scraping failed (scored as an empty prediction)
     */
    public record Report(int examples, FieldScores fields, int hallucinated, int strings, int failures) {
        public double exactMatch() {
            return examples == 0 ? 0 : (double) fields.exact() / examples;
        }

        public double hallucinationRate() {
            return strings == 0 ? 0 : (double) hallucinated / strings;
        }

        public String summary() {
            return String.format(Locale.ROOT, "examples %d  precision %.3f  recall %.3f  f1 %.3f  exact %.3f  hallucination %.3f  failures %d",
                    examples, fields.precision(), fields.recall(), fields.f1(), exactMatch(), hallucinationRate(), failures);
        }
    }

    public static Report evaluate(TextGenerator model, List<GeneratedPage> pages, ScrapeOptions options) {
        Scraper scraper = new Scraper(model, options);
        FieldScores sum = FieldScores.ZERO;
        int hallucinated = 0;
        int strings = 0;
        int failures = 0;
        for (GeneratedPage p : pages) {
            try {
                ScrapeResult r = scraper.scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                sum = sum.plus(FieldScores.compare(p.gold(), r.value()));
                hallucinated += r.hallucinated().size();
                strings += r.stringValues();
            } catch (ColetaException e) {
                failures++;
                sum = sum.plus(FieldScores.compare(p.gold(), NullNode.getInstance()));
            }
        }
        return new Report(pages.size(), sum, hallucinated, strings, failures);
    }
}
