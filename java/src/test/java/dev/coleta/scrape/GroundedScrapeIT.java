package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Page-grounded scrape on a random-weight tiny model: whatever it writes, every string it
 * returns is text of the page, character for character, and the hallucination check (kept
 * on KEEP, so nothing is nulled out of sight) finds nothing.
 */
class GroundedScrapeIT {
    private static Model model;

    @BeforeAll
    static void open() {
        model = Model.load(TinyModels.tinyModel());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        List<JsonNode> stack = new ArrayList<>(List.of(n));
        while (!stack.isEmpty()) {
            JsonNode v = stack.remove(stack.size() - 1);
            if (v.isTextual()) out.add(v.asText());
            else v.forEach(stack::add);
        }
        return out;
    }

    @Test
    void everyStringIsPageTextAndNoneIsHallucinated() {
        ScrapeOptions grounded = ScrapeOptions.defaults().withGrounded(true).withHallucinations(ScrapeOptions.Hallucinations.KEEP);
        int strings = 0;
        // 2048: one chunk per page; 1024: list pages split into chunks, one grammar each
        for (int ctx : new int[] {2048, 1024}) {
            try (Session session = model.newSession(SessionOptions.defaults().withContextSize(ctx))) {
                for (SiteType s : SiteType.values()) {
                    GeneratedPage p = PageGenerator.page(s, 5, 200 + s.ordinal(), "grounded-it");
                    ScrapeResult r = new Scraper(session, grounded).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                    String text = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id())).text();
                    for (String v : strings(r.value())) {
                        assertTrue(!v.isEmpty() && text.contains(v), "'" + v + "' is not text of " + p.id());
                        strings++;
                    }
                    assertEquals(List.of(), r.hallucinated(), p.id());
                    assertTrue(r.grounding().stream().allMatch(g -> g == ScrapeResult.Grounding.SPANS), r.grounding().toString());
                    System.out.printf("grounded scrape %s ctx %d: %d chunks, %d strings, %d hallucinated%n", p.id(), ctx, r.chunks(),
                            r.stringValues(), r.hallucinated().size());
                }
            }
        }
        assertTrue(strings > 0, "the random model wrote no string at all: nothing was checked");
    }

    /** A schema demanding items and non-null names makes the random model write strings inside arrays too. */
    @Test
    void stringsInsideDemandedItemsArePageTextToo() {
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 5, "grounded-min");
        com.fasterxml.jackson.databind.node.ObjectNode schema = p.schema().deepCopy();
        com.fasterxml.jackson.databind.node.ObjectNode products = (com.fasterxml.jackson.databind.node.ObjectNode) schema.get("properties").get("products");
        products.put("minItems", 2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) products.get("items").get("properties").get("name")).put("type", "string");
        try (Session session = model.newSession(SessionOptions.defaults().withContextSize(2048))) {
            ScrapeResult r = new Scraper(session, ScrapeOptions.defaults().withHallucinations(ScrapeOptions.Hallucinations.KEEP))
                    .scrape(HtmlPages.parse(p.html(), p.id()), schema.toString());
            String text = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id())).text();
            List<String> values = strings(r.value());
            assertTrue(values.size() >= 2, r.value().toString());
            for (String v : values) assertTrue(!v.isEmpty() && text.contains(v), "'" + v + "' is not text of " + p.id());
            assertEquals(List.of(), r.hallucinated());
            System.out.printf("grounded scrape with minItems 2: %s%n", r.value());
        }
    }
}
