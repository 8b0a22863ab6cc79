package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScraperTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** A "model" that reads the chunk it is shown with the page's gold configuration. */
    private static FakeModel readsWithGoldConfig(GeneratedPage p, int context) {
        return new FakeModel(context, chunk -> {
            String html = chunk.substring(0, chunk.lastIndexOf("\n\nJSON:"));
            JsonNode got = ConfigApplier.apply(p.config(), Jsoup.parse(html));
            if (p.config().item() == null) return got.toString();
            ObjectNode o = M.createObjectNode();
            o.set(p.gold().fieldNames().next(), got);
            return o.toString();
        });
    }

    @Test
    void answersUnderTheSchemaGrammarAndValidates() {
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 99, "t");
        FakeModel model = readsWithGoldConfig(p, 32768);
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
        assertEquals(p.gold(), r.value());
        assertEquals(1, r.chunks());
        assertEquals(List.of(), r.hallucinated());
        assertEquals(List.of(), Schemas.validate(p.schema(), r.value()));
        assertTrue(model.grammars.get(0).accepts(p.gold().toString()), "the schema grammar rejects the gold answer");
    }

    @Test
    void longPagesAreChunkedAndMergedInOrder() {
        for (SiteType site : List.of(SiteType.FORUM, SiteType.TABLE, SiteType.CARDS)) {
            GeneratedPage p = PageGenerator.page(site, 5, 7, "t");
            FakeModel model = readsWithGoldConfig(p, 2400);
            ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
            assertTrue(r.chunks() > 1, site + ": expected several chunks, got " + r.chunks());
            assertEquals(p.gold(), r.value(), site.name());
        }
    }

    @Test
    void valuesAbsentFromThePageBecomeNullOrAnError() {
        GeneratedPage p = PageGenerator.page(SiteType.ARTICLE, 0, 3, "t");
        ObjectNode lie = p.gold().deepCopy();
        lie.put("author", "Invented Person");
        FakeModel model = new FakeModel(32768, chunk -> lie.toString());
        var doc = HtmlPages.parse(p.html(), p.id());
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(doc, p.schema().toString());
        assertTrue(r.value().get("author").isNull());
        assertEquals(p.gold().get("headline"), r.value().get("headline"));
        assertEquals(List.of("$.author"), r.hallucinated());
        assertEquals(5, r.stringValues());
        PageException e = assertThrows(PageException.class, () -> new Scraper(model,
                ScrapeOptions.defaults().withHallucinations(ScrapeOptions.Hallucinations.ERROR)).scrape(doc, p.schema().toString()));
        assertTrue(e.getMessage().contains("$.author"), e.getMessage());
    }

    @Test
    void pageWithoutTheDataGivesNulls() {
        GeneratedPage p = PageGenerator.page(SiteType.ARTICLE, 1, 3, "t");
        FakeModel model = new FakeModel(8192, chunk -> "{\"headline\":null,\"author\":null,\"published\":null,\"summary\":null,\"image\":null}");
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults())
                .scrape(HtmlPages.parse("<html><body><p>Nothing to see here.</p></body></html>", "empty"), p.schema().toString());
        r.value().forEach(v -> assertTrue(v.isNull()));
    }

    @Test
    void deeplyNestedTagSoupScrapesAndAppliesConfigsInBoundedTime() {
        StringBuilder sb = new StringBuilder("<html><body>");
        for (int i = 0; i < 30_000; i++) sb.append(i % 2 == 0 ? "<div class=\"w\">" : "<span>");
        sb.append("<p class=\"name\">Deep Name</p>");
        String html = sb.toString();
        String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":40}},\"required\":[\"name\"]}";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            var doc = HtmlPages.parse(html, "deep");
            FakeModel model = new FakeModel(2048, chunk -> chunk.contains("Deep Name") ? "{\"name\":\"Deep Name\"}" : "{\"name\":null}");
            ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(doc, schema);
            assertEquals("Deep Name", r.value().get("name").asText());
            var clean = dev.coleta.scrape.html.HtmlCleaner.clean(doc).document();
            var config = dev.coleta.scrape.config.ScrapeConfig.parse(
                    "{\"item\":\"div.w > div.w > p\",\"fields\":{\"name\":{\"selector\":\"p.name\",\"attr\":\"text\"}}}");
            var v = dev.coleta.scrape.config.ConfigVerifier.verify(config, clean);
            assertTrue(v.accepted(), v.problems().toString());
            assertEquals("Deep Name", v.extracted().get(0).get("name").asText());
        });
    }

    @Test
    void schemaWithoutNullsIsMadeNullableAndArraysCappedAfterMerging() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"names\":{\"type\":\"array\",\"maxItems\":3,\"items\":{\"type\":\"string\"}}},\"required\":[\"names\"]}";
        StringBuilder html = new StringBuilder("<body><ul>");
        for (int i = 0; i < 60; i++) html.append("<li class=\"n\">Name number ").append(i).append(" with some padding words</li>");
        html.append("</ul></body>");
        FakeModel model = new FakeModel(600, chunk -> {
            ArrayNode names = M.createArrayNode();
            Jsoup.parse(chunk).select("li.n").forEach(e -> names.add(e.text()));
            while (names.size() > 3) names.remove(names.size() - 1);
            return M.createObjectNode().set("names", names).toString();
        });
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(html.toString(), "names"), schema);
        assertTrue(r.chunks() > 1);
        assertEquals(3, r.value().get("names").size());
        assertEquals("Name number 0 with some padding words", r.value().get("names").get(0).asText());
        assertTrue(r.droppedItems() > 0);
        assertEquals(List.of(), Schemas.validate(M.readTree(schema), r.value()));
        assertTrue(model.grammars.get(0).accepts("{\"names\": [null, \"x\"]}"));
    }

    @Test
    void schemaFromARecord() {
        record Product(String name, String price, List<String> tags, int stock) {
        }
        ObjectNode s = Schemas.fromClass(Product.class);
        assertEquals("object", s.get("type").asText());
        assertEquals(4, s.get("properties").size());
        assertEquals(4, s.get("required").size());
        assertEquals(false, s.get("additionalProperties").asBoolean());
        ObjectNode good = M.createObjectNode().put("name", "a").put("price", "1").put("stock", 3);
        good.putArray("tags").add("x");
        assertEquals(List.of(), Schemas.validate(s, good));
        assertTrue(!Schemas.validate(s, M.createObjectNode().put("name", 5)).isEmpty());
        // and it becomes a grammar
        dev.coleta.grammar.Grammar g = dev.coleta.grammar.Grammar.jsonSchema(Schemas.nullable(s).toString());
        assertTrue(g.accepts(good.toString()));
    }
}
