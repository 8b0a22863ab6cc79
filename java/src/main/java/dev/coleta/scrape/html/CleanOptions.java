package dev.coleta.scrape.html;

/**
 * How {@link HtmlCleaner} reduces a page.
 *
 * @param dropBoilerplate     remove navigation, footers, asides, forms, cookie banners, ads
 *                            (default true)
 * @param dropUtilityClasses  remove presentational utility classes such as {@code px-4} or
 *                            {@code flex} that no scraper selects on (default true)
 * @param maxAttributeLength  longer attribute values (inline JSON, data URIs) are dropped
 *                            (default 200)
 */
public record CleanOptions(boolean dropBoilerplate, boolean dropUtilityClasses, int maxAttributeLength) {
    public CleanOptions {
        if (maxAttributeLength < 1) throw new IllegalArgumentException("maxAttributeLength must be >= 1, got " + maxAttributeLength);
    }

    public static CleanOptions defaults() {
        return new CleanOptions(true, true, 200);
    }

    public CleanOptions withDropBoilerplate(boolean v) {
        return new CleanOptions(v, dropUtilityClasses, maxAttributeLength);
    }

    public CleanOptions withDropUtilityClasses(boolean v) {
        return new CleanOptions(dropBoilerplate, v, maxAttributeLength);
    }

    public CleanOptions withMaxAttributeLength(int v) {
        return new CleanOptions(dropBoilerplate, dropUtilityClasses, v);
    }
}
