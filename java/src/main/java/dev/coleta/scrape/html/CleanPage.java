package dev.coleta.scrape.html;

import org.jsoup.nodes.Document;

/**
 * A cleaned page: the reduced document (what selectors run on), its compact HTML (what the
 * model reads) and its normalised visible text plus link/image attributes (what the
 * hallucination check searches).
 */
public record CleanPage(Document document, String html, String normalizedText) {
    /** Whether {@code value}, normalised the same way, occurs in the page. */
    public boolean contains(String value) {
        String v = PageText.normalize(value);
        return v.isEmpty() || normalizedText.contains(v);
    }
}
