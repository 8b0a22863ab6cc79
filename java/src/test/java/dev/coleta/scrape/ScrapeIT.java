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

    @Test
    void everyScrapeOutputValidatesAgainstItsSchema() {
        Scraper scraper = new Scraper(session, ScrapeOptions.defaults());
        int n = 0;
        for (GeneratedPage p : pages()) {
            long t0 = System.nanoTime();
            ScrapeResult r = scraper.scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
            assertEquals(List.of(), Schemas.validate(p.schema(), r.value()), p.id() + ": " + r.value());
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
        assertEquals(List.of(), Schemas.validate(schema, r.value()), r.value().toString());
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
                assertEquals(List.of(), Schemas.validate(p.schema(), r.value()), p.id() + ": " + r.value());
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
