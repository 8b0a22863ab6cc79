package dev.coleta.scrape;

import dev.coleta.scrape.html.CleanOptions;

/**
 * Options of {@link Scraper}.
 *
 * @param clean          how the page is cleaned (default {@link CleanOptions#defaults()})
 * @param hallucinations what to do with string values that do not occur in the page
 *                       (default {@link Hallucinations#NULL}: null where the schema allows it,
 *                       else a {@link PageException} naming the field)
 * @param itemSelector   CSS selector of repeated items to chunk by; null detects them (default null)
 * @param outputShare    share of the context reserved for the answer, 0.1 to 0.9 (default 0.4)
 * @param grounded       page-grounded strings: every free-text string value (no enum, const,
 *                       pattern or format of its own) may only be a word-bounded span of the
 *                       text of the chunk being read ({@link dev.coleta.grammar.TextSpans}), so
 *                       the model cannot invent one; null stays allowed where the schema allows
 *                       it (default true)
 */
public record ScrapeOptions(CleanOptions clean, Hallucinations hallucinations, String itemSelector, double outputShare,
                            boolean grounded) {
    /**
     * The hallucination check's policy for a string value the page does not contain. The
     * result always validates against the user's schema as written, or the scrape fails.
     */
    public enum Hallucinations {
        /**
         * Null where the schema allows null; else, inside an array whose minItems allows it, the
         * array element is dropped; else the scrape fails with {@link PageException} naming the
         * field (its JSON path) and the value.
         */
        NULL,
        /** Fail with {@link PageException} naming every such value. */
        ERROR,
        /** Keep them and flag them in {@link ScrapeResult#hallucinated()}. */
        KEEP
    }

    public ScrapeOptions {
        if (clean == null) throw new IllegalArgumentException("clean options are null");
        if (hallucinations == null) throw new IllegalArgumentException("hallucinations policy is null");
        if (!(outputShare >= 0.1 && outputShare <= 0.9)) throw new IllegalArgumentException("outputShare must be in [0.1, 0.9], got " + outputShare);
        if (itemSelector != null) {
            // checked here, not when a page first needs chunking: a page that fits one chunk never reads it
            try {
                org.jsoup.select.QueryParser.parse(itemSelector);
            } catch (org.jsoup.select.Selector.SelectorParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException("itemSelector '" + itemSelector + "' is not valid CSS: " + e.getMessage(), e);
            }
        }
    }

    public static ScrapeOptions defaults() {
        return new ScrapeOptions(CleanOptions.defaults(), Hallucinations.NULL, null, 0.4, true);
    }

    public ScrapeOptions withClean(CleanOptions v) {
        return new ScrapeOptions(v, hallucinations, itemSelector, outputShare, grounded);
    }

    public ScrapeOptions withHallucinations(Hallucinations v) {
        return new ScrapeOptions(clean, v, itemSelector, outputShare, grounded);
    }

    public ScrapeOptions withItemSelector(String v) {
        return new ScrapeOptions(clean, hallucinations, v, outputShare, grounded);
    }

    public ScrapeOptions withOutputShare(double v) {
        return new ScrapeOptions(clean, hallucinations, itemSelector, v, grounded);
    }

    public ScrapeOptions withGrounded(boolean v) {
        return new ScrapeOptions(clean, hallucinations, itemSelector, outputShare, v);
    }
}
