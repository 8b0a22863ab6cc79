package dev.coleta.spark;

import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.html.HtmlPages;

import java.io.Serializable;
import java.time.Duration;

/**
 * Options of {@link ColetaSpark#scrape}: the library's {@link ScrapeOptions} (page cleaning
 * at its defaults) plus the limits on reading each row's page. Serialisable: sent with the job.
 *
 * @param hallucinations what to do with strings absent from the page (default
 *                       {@link ScrapeOptions.Hallucinations#NULL}, as {@link ScrapeOptions#defaults()})
 * @param itemSelector   CSS selector of repeated items to chunk by; null detects them (default null)
 * @param outputShare    share of the context reserved for the answer, 0.1 to 0.9 (default 0.4)
 * @param maxPageBytes   largest page accepted, in bytes; a larger one is an error value (default 16 MiB)
 * @param fetchTimeout   time limit for a page given as an http(s) URL (default 30 s)
 * @param grounded       free-text strings only from the page's text (default true, as {@link ScrapeOptions#defaults()})
 */
public record SparkScrapeOptions(ScrapeOptions.Hallucinations hallucinations, String itemSelector, double outputShare,
                                 long maxPageBytes, Duration fetchTimeout, boolean grounded) implements Serializable {
    private static final long serialVersionUID = 1L;

    public SparkScrapeOptions {
        if (hallucinations == null) throw new IllegalArgumentException("hallucinations policy is null");
        if (!(outputShare >= 0.1 && outputShare <= 0.9)) throw new IllegalArgumentException("outputShare must be in [0.1, 0.9], got " + outputShare);
        if (maxPageBytes < 1) throw new IllegalArgumentException("maxPageBytes must be >= 1, got " + maxPageBytes);
        if (fetchTimeout == null || fetchTimeout.isNegative() || fetchTimeout.isZero()) throw new IllegalArgumentException("fetchTimeout must be positive");
    }

    public static SparkScrapeOptions defaults() {
        ScrapeOptions d = ScrapeOptions.defaults();
        return new SparkScrapeOptions(d.hallucinations(), d.itemSelector(), d.outputShare(), HtmlPages.DEFAULT_MAX_BYTES, Duration.ofSeconds(30), d.grounded());
    }

    public SparkScrapeOptions withHallucinations(ScrapeOptions.Hallucinations v) {
        return new SparkScrapeOptions(v, itemSelector, outputShare, maxPageBytes, fetchTimeout, grounded);
    }

    public SparkScrapeOptions withItemSelector(String v) {
        return new SparkScrapeOptions(hallucinations, v, outputShare, maxPageBytes, fetchTimeout, grounded);
    }

    public SparkScrapeOptions withOutputShare(double v) {
        return new SparkScrapeOptions(hallucinations, itemSelector, v, maxPageBytes, fetchTimeout, grounded);
    }

    public SparkScrapeOptions withMaxPageBytes(long v) {
        return new SparkScrapeOptions(hallucinations, itemSelector, outputShare, v, fetchTimeout, grounded);
    }

    public SparkScrapeOptions withFetchTimeout(Duration v) {
        return new SparkScrapeOptions(hallucinations, itemSelector, outputShare, maxPageBytes, v, grounded);
    }

    public SparkScrapeOptions withGrounded(boolean v) {
        return new SparkScrapeOptions(hallucinations, itemSelector, outputShare, maxPageBytes, fetchTimeout, v);
    }

    /** The library's options these stand for (cleaning at its defaults). */
    public ScrapeOptions scrapeOptions() {
        return ScrapeOptions.defaults().withHallucinations(hallucinations).withItemSelector(itemSelector).withOutputShare(outputShare)
                .withGrounded(grounded);
    }
}
