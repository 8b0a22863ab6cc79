package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.scrape.config.ConfigVerifier;
import dev.coleta.scrape.config.FieldRule;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.CleanOptions;
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
 * scrape and scrape-config on a random-weight tiny model: whatever it says, the grammar must
 * make every scrape output valid against its schema and every configuration parse with
 * selectors Jsoup accepts.
 */
class ScrapeIT {
    private static Model model;
    private static Session session;

    @BeforeAll
    static void open() {
        model = Model.load(TinyModels.tinyModel());
        session = model.newSession(SessionOptions.defaults().withContextSize(2048));
    }

    @AfterAll
    static void close() {
        session.close();
        model.close();
    }

    private static List<GeneratedPage> pages() {
        // Every site type in both test templates: 18 pages, 18 schemas.
        List<GeneratedPage> pages = new ArrayList<>();
        int i = 0;
        for (SiteType s : SiteType.values()) {
            for (int t = 4; t <= 5; t++) pages.add(PageGenerator.page(s, t, 100 + i++, "it"));
        }
        return pages;
    }

    /**
     * The generated schemas checked by hand, not by the validator Scraper itself runs: a list
     * page is {listKey: [{field: string-or-null}...]}, a record page {field: string-or-null},
     * keys exactly the fields in order, strings at most 200 characters; and every string is
     * one the model was shown (the cleaned page's text and attributes, folded here).
     */
    private static void assertValidAndFromThePage(GeneratedPage p, JsonNode out) {
        List<JsonNode> records = new ArrayList<>();
        if (p.config().item() != null) {
            String listKey = p.gold().fieldNames().next();
            List<String> keys = new ArrayList<>();
            out.fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of(listKey), keys, out.toString());
            assertTrue(out.get(listKey).isArray() && out.get(listKey).size() <= PageGenerator.MAX_ITEMS, out.toString());
            out.get(listKey).forEach(records::add);
        } else {
            records.add(out);
        }
        var c = dev.coleta.scrape.html.HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id()));
        StringBuilder shown = new StringBuilder(c.text()).append('\n').append(c.document().text());
        c.document().getAllElements().forEach(e -> e.attributes().forEach(a -> shown.append('\n').append(a.getValue())));
        String page = fold(shown.toString());
        for (JsonNode r : records) {
            List<String> keys = new ArrayList<>();
            r.fieldNames().forEachRemaining(keys::add);
            assertEquals(p.fields(), keys, r.toString());
            for (JsonNode v : r) {
                assertTrue(v.isNull() || (v.isTextual() && v.asText().length() <= PageGenerator.MAX_STRING), r.toString());
                if (v.isTextual()) assertTrue(page.contains(fold(v.asText())), "'" + v.asText() + "' is not on the page " + p.id());
            }
        }
    }

    private static String fold(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[\\s\\u00A0]+", " ").strip();
    }

    @Test
    void everyScrapeOutputValidatesAgainstItsSchema() {
        Scraper scraper = new Scraper(session, ScrapeOptions.defaults());
        int n = 0;
        for (GeneratedPage p : pages()) {
            long t0 = System.nanoTime();
            ScrapeResult r = scraper.scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
            assertValidAndFromThePage(p, r.value());
            System.out.printf("scrape %s: %d chunks, %d strings, %d hallucinated, %.1f s%n", p.id(), r.chunks(),
                    r.stringValues(), r.hallucinated().size(), (System.nanoTime() - t0) / 1e9);
            n++;
        }
        assertEquals(18, n);
    }

    /** A schema demanding items makes the random model write (and the check null) strings inside arrays. */
    @Test
    void itemsDemandedBySchemaAreWrittenAndStayValid() {
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 5, "min");
        com.fasterxml.jackson.databind.node.ObjectNode schema = p.schema().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.get("properties").get("products")).put("minItems", 2);
        ScrapeResult r = new Scraper(session, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), schema.toString());
        assertValidAndFromThePage(p, r.value());
        assertTrue(r.value().get("products").size() >= 2, r.value().toString());
        System.out.printf("scrape with minItems 2: %d items, %d strings, %d hallucinated%n",
                r.value().get("products").size(), r.stringValues(), r.hallucinated().size());
    }

    /** A small context forces chunking; merged output must still validate. */
    @Test
    void chunkedScrapeOutputValidatesToo() {
        try (Session small = model.newSession(SessionOptions.defaults().withContextSize(1024))) {
            Scraper scraper = new Scraper(small, ScrapeOptions.defaults());
            int chunked = 0;
            for (SiteType s : new SiteType[] {SiteType.FORUM, SiteType.TABLE, SiteType.LISTING}) {
                GeneratedPage p = PageGenerator.page(s, 5, 7, "chunks");
                ScrapeResult r = scraper.scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                assertValidAndFromThePage(p, r.value());
                if (r.chunks() > 1) chunked++;
                System.out.printf("scrape (ctx 1024) %s: %d chunks, %d strings%n", p.id(), r.chunks(), r.stringValues());
            }
            assertTrue(chunked >= 2, "expected most pages to need several chunks");
        }
    }

    @Test
    void everyConfigParsesWithSelectorsJsoupAccepts() {
        ConfigGenerator gen = new ConfigGenerator(session, CleanOptions.defaults());
        int accepted = 0;
        List<GeneratedPage> pages = pages();
        for (GeneratedPage p : pages) {
            long t0 = System.nanoTime();
            ConfigGenerator.Result r = gen.generate(HtmlPages.parse(p.html(), p.id()), p.fields());
            assertEquals(p.fields(), List.copyOf(r.config().fields().keySet()), r.raw());
            if (r.config().item() != null) assertTrue(ConfigVerifier.parses(r.config().item()), r.raw());
            for (FieldRule f : r.config().fields().values()) assertTrue(ConfigVerifier.parses(f.selector()), r.raw());
            if (r.verification().accepted()) accepted++;
            System.out.printf("scrape-config %s: accepted=%s %.1f s %s%n", p.id(), r.verification().accepted(),
                    (System.nanoTime() - t0) / 1e9, r.raw());
        }
        System.out.println("random-weight configs accepted by the verifier: " + accepted + "/" + pages.size());
    }

    @Test
    void configWithoutFieldNamesAlsoParses() {
        ConfigGenerator gen = new ConfigGenerator(session, CleanOptions.defaults());
        for (SiteType s : new SiteType[] {SiteType.LISTING, SiteType.ARTICLE}) {
            GeneratedPage p = PageGenerator.page(s, 4, 31, "free");
            ConfigGenerator.Result r = gen.generate(HtmlPages.parse(p.html(), p.id()), List.of());
            assertTrue(!r.config().fields().isEmpty() && r.config().fields().size() <= 12, r.raw());
            for (FieldRule f : r.config().fields().values()) assertTrue(ConfigVerifier.parses(f.selector()), r.raw());
            System.out.println("scrape-config (free fields) " + p.id() + ": " + r.raw());
        }
    }
}
