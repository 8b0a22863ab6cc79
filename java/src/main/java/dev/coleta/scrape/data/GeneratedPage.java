package dev.coleta.scrape.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.config.ScrapeConfig;

import java.util.List;

/**
 * One synthetic page with its gold data.
 *
 * @param id         stable identifier (site, template, seed, index)
 * @param site       the kind of page
 * @param template   the markup template (0-3 train, 4-5 test; {@link PageGenerator#PROCEDURAL} for a
 *                   style drawn from the page's seed, train only)
 * @param html       the raw page, noise included
 * @param schema     JSON Schema of the scrape output
 * @param gold       the scrape gold: an object valid against {@code schema}
 * @param config     a gold scrape-config configuration
 * @param configGold what {@code config} yields on the raw page ({@code html}): the array of items, or
 *                   the object for single-record pages
 * @param fields     the field names, in order
 */
public record GeneratedPage(String id, SiteType site, int template, String html, ObjectNode schema, ObjectNode gold,
                            ScrapeConfig config, JsonNode configGold, List<String> fields) {
    public GeneratedPage {
        fields = List.copyOf(fields);
    }
}
