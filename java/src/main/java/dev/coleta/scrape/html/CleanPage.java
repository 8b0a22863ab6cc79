package dev.coleta.scrape.html;

import org.jsoup.nodes.Document;

/**
 * A cleaned page in its two views, plus what the hallucination check searches.
 *
 * @param document       the reduced document (what scrape-config's grammar draws names from)
 * @param html           its compact HTML: the view scrape-config shows the model, since
 *                       selectors need the markup; link and image targets are cut to their
 *                       path, at most 48 characters (values are read from the raw page)
 * @param text           the compact text view ({@link TextView}): what scrape shows the model,
 *                       since values need no markup
 * @param normalizedText the text view, the visible text and the attribute values, normalised
 */
public record CleanPage(Document document, String html, String text, String normalizedText) {
    /** Whether {@code value}, normalised the same way, occurs in the page (an empty value always does). */
    public boolean contains(String value) {
        String v = PageText.normalize(value);
        return v.isEmpty() || normalizedText.contains(v);
    }
}
