package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The outcome of one scrape.
 *
 * @param value         the result, valid against the user's schema as written
 * @param hallucinated  JSON paths (as the model wrote them) of string values the page does not contain
 * @param stringValues  number of non-null strings the model produced (the hallucination rate's denominator)
 * @param chunks        how many chunks the page was split into
 * @param pageTokens    the size of the cleaned page's text view (what the model reads) in model tokens
 * @param droppedItems  array elements cut because merged chunks exceeded maxItems
 * @param grounding     per chunk, how its free-text strings were constrained
 */
public record ScrapeResult(JsonNode value, List<String> hallucinated, int stringValues, int chunks, int pageTokens,
                           int droppedItems, List<Grounding> grounding) {
    /** How one chunk's free-text strings were constrained ({@link ScrapeOptions#grounded()}). */
    public enum Grounding {
        /** Any characters (grounding off, or no text on the chunk fits a string's length bounds). */
        NONE,
        /** Word-bounded spans of the chunk's text. */
        SPANS,
        /** Whole text pieces of the chunk only: its spans would have made too large a grammar. */
        SEGMENTS
    }

    public ScrapeResult {
        hallucinated = List.copyOf(hallucinated);
        grounding = List.copyOf(grounding);
    }
}
