package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScraperTest {
    private static final ObjectMapper M = new ObjectMapper();

    /**
     * A "model" that reads the chunk it is shown: for a list page, the gold items whose values
     * all occur in the chunk's text; for a single-record page, the gold record.
     */
    private static FakeModel readsGold(GeneratedPage p, int context) {
        return new FakeModel(context, chunk -> {
            String text = chunk.substring(0, chunk.lastIndexOf("\n\nJSON:"));
            if (p.config().item() == null) return p.gold().toString();
            String listKey = p.gold().fieldNames().next();
            ArrayNode items = M.createArrayNode();
            for (JsonNode item : p.gold().get(listKey)) {
                boolean all = true;
                for (JsonNode v : item) all &= v.isNull() || text.contains(v.asText());
                if (all) items.add(item);
            }
            ObjectNode o = M.createObjectNode();
            o.set(listKey, items);
            return o.toString();
        });
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ScraperTest.class.getResourceAsStream("/scrape/real/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Document book() throws IOException {
        return HtmlPages.parse(resource("book.html"), "book.html");
    }

    /** The expected answer with one value replaced (a JSON pointer and the new value). */
    private static ObjectNode bookAnswer(String pointer, String value) throws IOException {
        ObjectNode o = (ObjectNode) M.readTree(resource("book.scrape.expected.json"));
        if (pointer == null) return o;
        JsonNode parent = o.at(pointer.substring(0, pointer.lastIndexOf('/')));
        String last = pointer.substring(pointer.lastIndexOf('/') + 1);
        if (parent.isArray()) ((ArrayNode) parent).set(Integer.parseInt(last), M.getNodeFactory().textNode(value));
        else ((ObjectNode) parent).put(last, value);
        return o;
    }

    @Test
    void answersUnderTheSchemaGrammarAndValidates() {
        GeneratedPage p = PageGenerator.page(SiteType.LISTING, 4, 99, "t");
        FakeModel model = readsGold(p, 32768);
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
        assertEquals(p.gold(), r.value());
        assertEquals(1, r.chunks());
        assertEquals(List.of(), r.hallucinated());
        assertTrue(model.grammars.get(0).accepts(p.gold().toString()), "the schema grammar rejects the gold answer");
    }

    @Test
    void longPagesAreChunkedAndMergedInOrder() {
        for (SiteType site : List.of(SiteType.FORUM, SiteType.TABLE, SiteType.CARDS)) {
            GeneratedPage p = PageGenerator.page(site, 5, 7, "t");
            FakeModel model = readsGold(p, 1400);
            ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
            assertTrue(r.chunks() > 1, site + ": expected several chunks, got " + r.chunks());
            assertEquals(p.gold(), r.value(), site.name());
        }
    }

    /** The model reads the compact text view, not HTML, and the view is shorter than the HTML one. */
    @Test
    void theModelReadsTheTextViewOfThePage() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"null\"],\"maxLength\":9}},\"required\":[\"t\"]}";
        FakeModel model = new FakeModel(8192, chunk -> "{\"t\":null}");
        new Scraper(model, ScrapeOptions.defaults()).scrape(book(), schema);
        String prompt = model.prompts.get(0);
        String page = prompt.substring(prompt.indexOf("Page:\n") + 6, prompt.lastIndexOf("\n\nJSON:"));
        assertFalse(page.contains("<"), page);
        for (String v : List.of("# The Quiet Orchard", "[Marta Ilves](/authors/marta-ilves)", "Our price: £8.99",
                "![Cover of The Quiet Orchard](/covers/LB-20931-large.jpg)", "Publisher: Harrow & Finch", "- ISBN: 9780995512437")) {
            assertTrue(page.contains(v), v + " missing from the text view:\n" + page);
        }
        String html = dev.coleta.scrape.html.HtmlCleaner.clean(book()).html();
        assertTrue(page.length() < html.length() * 0.7, page.length() + " chars of text against " + html.length() + " of HTML");
    }

    /** The grammar is the user's schema as written: null only where it allows null, minItems kept. */
    @Test
    void grammarFollowsTheSchemaAsWritten() throws Exception {
        FakeModel model = new FakeModel(8192, chunk -> {
            try {
                return bookAnswer(null, null).toString();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(book(), resource("book.schema.json"));
        assertEquals(bookAnswer(null, null), r.value());
        assertEquals(List.of(), r.hallucinated());
        dev.coleta.grammar.Grammar g = model.grammars.get(0);
        ObjectNode ok = bookAnswer(null, null);
        assertTrue(g.accepts(ok.toString()));
        assertTrue(g.accepts(ok.deepCopy().putNull("publisher").toString()), "publisher allows null");
        assertFalse(g.accepts(ok.deepCopy().putNull("title").toString()), "title does not allow null");
        assertFalse(g.accepts(ok.deepCopy().putNull("tags").toString()), "a required array is never null");
        ObjectNode noReviews = ok.deepCopy();
        noReviews.putArray("reviews");
        assertFalse(g.accepts(noReviews.toString()), "minItems 1");
    }

    @Test
    void aValueThePageLacksBecomesNullWhereTheSchemaAllowsIt() throws Exception {
        ObjectNode answer = bookAnswer("/publisher", "Penguin Random House");
        ScrapeResult r = new Scraper(new FakeModel(8192, chunk -> answer.toString()), ScrapeOptions.defaults())
                .scrape(book(), resource("book.schema.json"));
        assertTrue(r.value().get("publisher").isNull(), r.value().toString());
        assertEquals("The Quiet Orchard", r.value().get("title").asText());
        assertEquals(List.of("$.publisher"), r.hallucinated());
        assertEquals(List.of(), Schemas.validate(M.readTree(resource("book.schema.json")), r.value()));
    }

    @Test
    void aRequiredValueThePageLacksFailsNamingTheFieldOrIsKeptAndFlagged() throws Exception {
        ObjectNode answer = bookAnswer("/title", "An Invented Title");
        String schema = resource("book.schema.json");
        FakeModel model = new FakeModel(8192, chunk -> answer.toString());
        PageException e = assertThrows(PageException.class, () -> new Scraper(model, ScrapeOptions.defaults()).scrape(book(), schema));
        assertTrue(e.getMessage().contains("$.title") && e.getMessage().contains("An Invented Title"), e.getMessage());

        ScrapeResult kept = new Scraper(model, ScrapeOptions.defaults().withHallucinations(ScrapeOptions.Hallucinations.KEEP))
                .scrape(book(), schema);
        assertEquals("An Invented Title", kept.value().get("title").asText());
        assertEquals(List.of("$.title"), kept.hallucinated());

        PageException any = assertThrows(PageException.class, () -> new Scraper(new FakeModel(8192, chunk -> {
            try {
                return bookAnswer("/publisher", "Penguin").toString();
            } catch (IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }), ScrapeOptions.defaults().withHallucinations(ScrapeOptions.Hallucinations.ERROR)).scrape(book(), schema));
        assertTrue(any.getMessage().contains("$.publisher"), any.getMessage());
    }

    @Test
    void anArrayElementThePageLacksIsDroppedWhenMinItemsAllows() throws Exception {
        String schema = resource("book.schema.json");
        ObjectNode answer = bookAnswer("/tags/1", "vampires");
        ScrapeResult r = new Scraper(new FakeModel(8192, chunk -> answer.toString()), ScrapeOptions.defaults()).scrape(book(), schema);
        assertEquals("[\"literary\",\"rural\",\"Estonia\"]", r.value().get("tags").toString());
        assertEquals(List.of("$.tags[1]"), r.hallucinated());

        // One review, invented: dropping it would break minItems 1, null is not allowed: an error naming it.
        ObjectNode one = bookAnswer(null, null);
        one.putArray("reviews").addObject().put("who", "Nobody Real").put("text", "Quietly devastating.");
        PageException e = assertThrows(PageException.class,
                () -> new Scraper(new FakeModel(8192, chunk -> one.toString()), ScrapeOptions.defaults()).scrape(book(), schema));
        assertTrue(e.getMessage().contains("$.reviews[0].who"), e.getMessage());
    }

    /** Chunks merge with a value the page holds winning over one it lacks, whatever the chunk order. */
    @Test
    void aGenuineValueFromALaterChunkWinsOverAnInventedOne() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\",\"maxLength\":20}},"
                + "\"required\":[\"sku\"],\"additionalProperties\":false}";
        StringBuilder html = new StringBuilder("<body><ul>");
        for (int i = 0; i < 60; i++) html.append("<li>Filler line number ").append(i).append(" with some padding words</li>");
        html.append("<li>SKU: QX-5512</li></ul></body>");
        FakeModel model = new FakeModel(500, chunk -> chunk.contains("QX-5512") ? "{\"sku\":\"QX-5512\"}" : "{\"sku\":\"AB-0000\"}");
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(html.toString(), "skus"), schema);
        assertTrue(r.chunks() > 1);
        assertEquals("QX-5512", r.value().get("sku").asText());
        assertEquals(List.of(), r.hallucinated());
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
    void pageWithoutTheDataGivesNulls() throws Exception {
        String schema = resource("book.schema.json");
        // What a model writes for a page without the data: under this schema only publisher may be null.
        FakeModel model = new FakeModel(8192, chunk -> "{\"title\":\"Unknown\",\"author\":\"Unknown\",\"price\":\"0\","
                + "\"publisher\":\"Unknown\",\"tags\":[\"none\"],\"reviews\":[{\"who\":\"x\",\"text\":\"y\"}]}");
        Document empty = HtmlPages.parse("<html><body><p>Nothing to see here.</p></body></html>", "empty");
        ScrapeResult kept = new Scraper(model, ScrapeOptions.defaults().withHallucinations(ScrapeOptions.Hallucinations.KEEP))
                .scrape(empty, schema);
        assertEquals(List.of("$.title", "$.author", "$.price", "$.publisher", "$.tags[0]", "$.reviews[0].who",
                "$.reviews[0].text"), kept.hallucinated());
        // A nullable schema: every one of its five fields comes back, as null.
        String nullable = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"string\",\"null\"],\"maxLength\":20},"
                + "\"b\":{\"type\":[\"string\",\"null\"],\"maxLength\":20},\"c\":{\"type\":[\"string\",\"null\"],\"maxLength\":20},"
                + "\"d\":{\"type\":[\"string\",\"null\"],\"maxLength\":20},\"e\":{\"type\":[\"string\",\"null\"],\"maxLength\":20}},"
                + "\"required\":[\"a\",\"b\",\"c\",\"d\",\"e\"],\"additionalProperties\":false}";
        ScrapeResult r = new Scraper(new FakeModel(8192, chunk -> "{\"a\":\"Nothing to see here.\",\"b\":\"Anything\",\"c\":null,\"d\":\"x y\",\"e\":\"zzz\"}"),
                ScrapeOptions.defaults()).scrape(empty, nullable);
        assertEquals("{\"a\":\"Nothing to see here.\",\"b\":null,\"c\":null,\"d\":null,\"e\":null}", r.value().toString());
        assertEquals(List.of("$.b", "$.d", "$.e"), r.hallucinated());
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
            FakeModel model = new FakeModel(2048, chunk -> chunk.contains("Deep Name") ? "{\"name\":\"Deep Name\"}" : "{\"name\":\"nobody\"}");
            ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(doc, schema);
            assertEquals("Deep Name", r.value().get("name").asText());
            // Configurations run on the raw page, whose nesting the cleaner would have flattened.
            var config = dev.coleta.scrape.config.ScrapeConfig.parse(
                    "{\"item\":\"div.w > span > p\",\"fields\":{\"name\":{\"selector\":\"p.name\",\"attr\":\"text\"}}}");
            var v = dev.coleta.scrape.config.ConfigVerifier.verify(config, doc);
            assertTrue(v.accepted(), v.problems().toString());
            assertEquals("Deep Name", v.extracted().get(0).get("name").asText());
        });
    }

    @Test
    void schemaWithoutNullsGetsAGrammarWithoutNullsAndArraysCappedAfterMerging() throws Exception {
        String schema = "{\"type\":\"object\",\"properties\":{\"names\":{\"type\":\"array\",\"maxItems\":3,\"items\":{\"type\":\"string\"}}},\"required\":[\"names\"]}";
        StringBuilder html = new StringBuilder("<body><ul>");
        for (int i = 0; i < 60; i++) html.append("<li class=\"n\">Name number ").append(i).append(" with some padding words</li>");
        html.append("</ul></body>");
        FakeModel model = new FakeModel(600, chunk -> {
            ArrayNode names = M.createArrayNode();
            for (String line : chunk.split("\n")) if (line.startsWith("- Name number")) names.add(line.substring(2));
            while (names.size() > 3) names.remove(names.size() - 1);
            return M.createObjectNode().set("names", names).toString();
        });
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(html.toString(), "names"), schema);
        assertTrue(r.chunks() > 1);
        assertEquals(3, r.value().get("names").size());
        assertEquals("Name number 0 with some padding words", r.value().get("names").get(0).asText());
        assertTrue(r.droppedItems() > 0);
        assertEquals(List.of(), Schemas.validate(M.readTree(schema), r.value()));
        // page text: strings are grounded in the chunk by default
        assertFalse(model.grammars.get(0).accepts("{\"names\": [null, \"Name number 0\"]}"));
        assertFalse(model.grammars.get(0).accepts("{\"names\": null}"));
        assertTrue(model.grammars.get(0).accepts("{\"names\": [\"Name number 0\"]}"));
    }

    @Test
    void schemaFromARecord() {
        record Product(String name, String price, List<String> tags, int stock) {
        }
        ObjectNode s = dev.coleta.grammar.JsonSchemas.fromClass(Product.class);
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

    static final String NULLABLE_T = "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"null\"],\"maxLength\":9}},\"required\":[\"t\"]}";

    /** The page part of each prompt the model was given. */
    private static List<String> pagesShown(FakeModel model) {
        return model.prompts.stream().map(p -> p.substring(p.indexOf("Page:\n") + 6, p.lastIndexOf("\n\nJSON:"))).toList();
    }

    @Test
    void withCleanDecidesWhatOfThePageTheModelSees() {
        Document doc = HtmlPages.parse("<html><body><nav><a href=\"/\">Navigation Alpha</a></nav>"
                + "<main><h1>Main Title</h1></main></body></html>", "nav.html");
        FakeModel cleaned = new FakeModel(8192, chunk -> "{\"t\":null}");
        new Scraper(cleaned, ScrapeOptions.defaults()).scrape(doc, NULLABLE_T);
        assertTrue(pagesShown(cleaned).get(0).contains("Main Title"));
        assertFalse(pagesShown(cleaned).get(0).contains("Navigation Alpha"), "navigation is boilerplate by default");

        ScrapeOptions keep = ScrapeOptions.defaults().withClean(dev.coleta.scrape.html.CleanOptions.defaults().withDropBoilerplate(false));
        assertFalse(keep.clean().dropBoilerplate());
        FakeModel kept = new FakeModel(8192, chunk -> "{\"t\":null}");
        new Scraper(kept, keep).scrape(doc, NULLABLE_T);
        assertTrue(pagesShown(kept).get(0).contains("Navigation Alpha"), pagesShown(kept).get(0));
    }

    @Test
    void withOutputShareSetsTheAnswersTokenBudget() {
        Document doc = HtmlPages.parse("<html><body><h1>Main Title</h1></body></html>", "t.html");
        FakeModel byDefault = new FakeModel(8192, chunk -> "{\"t\":null}");
        new Scraper(byDefault, ScrapeOptions.defaults()).scrape(doc, NULLABLE_T);
        assertEquals(List.of(3276), byDefault.maxTokens, "0.4 of 8192 by default");
        FakeModel quarter = new FakeModel(8192, chunk -> "{\"t\":null}");
        new Scraper(quarter, ScrapeOptions.defaults().withOutputShare(0.25)).scrape(doc, NULLABLE_T);
        assertEquals(List.of(2048), quarter.maxTokens);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScrapeOptions.defaults().withOutputShare(0.05));
        assertTrue(e.getMessage().contains("outputShare"), e.getMessage());
    }

    /**
     * Three sections of twenty list items, a page of about four budgets. Detection finds the
     * items of one list (the largest group of same-tag siblings), leaves the rest as a page too
     * large to repeat, and cuts by size; the item selector keeps each section whole.
     */
    @Test
    void withItemSelectorChunksAlongTheGivenItems() {
        StringBuilder html = new StringBuilder("<html><body><h1>Catalogue</h1>");
        for (int g = 0; g < 3; g++) {
            html.append("<section class=\"group\"><h2>Group ").append(g).append("</h2><ul>");
            for (int i = 0; i < 20; i++) html.append("<li>entry g").append(g).append("i").append(i).append(" with some words of description</li>");
            html.append("</ul></section>");
        }
        html.append("</body></html>");
        Document doc = HtmlPages.parse(html.toString(), "groups.html");
        var counter = dev.coleta.scrape.html.TokenCounter.approximate();
        int section = counter.count(dev.coleta.scrape.html.TextView.of(doc.selectFirst("section")));
        FakeModel probe = new FakeModel(0, chunk -> "");
        int overhead = counter.count(probe.chatPrompt(ScrapePrompts.SCRAPE_SYSTEM, ScrapePrompts.scrapeUser(M.createObjectNode().toString(), "")))
                + counter.count(NULLABLE_T);
        // a context whose page budget holds about one and a half sections (60 % of it is left for the page)
        int context = (int) ((1.5 * section + overhead + 32) / 0.6);

        FakeModel bySelector = new FakeModel(context, chunk -> "{\"t\":null}");
        new Scraper(bySelector, ScrapeOptions.defaults().withItemSelector("section.group")).scrape(doc, NULLABLE_T);
        assertEquals(3, bySelector.prompts.size(), "one section per chunk");
        for (int g = 0; g < 3; g++) assertTrue(wholeIn(pagesShown(bySelector), g), "group " + g + " split: " + pagesShown(bySelector));

        FakeModel detected = new FakeModel(context, chunk -> "{\"t\":null}");
        new Scraper(detected, ScrapeOptions.defaults()).scrape(doc, NULLABLE_T);
        assertFalse(wholeIn(pagesShown(detected), 0) && wholeIn(pagesShown(detected), 1) && wholeIn(pagesShown(detected), 2),
                "without the selector some section is cut: " + pagesShown(detected));
        assertThrows(IllegalArgumentException.class, () -> ScrapeOptions.defaults().withItemSelector("li["));
    }

    /** Whether one chunk holds all twenty entries of group {@code g}. */
    private static boolean wholeIn(List<String> chunks, int g) {
        return chunks.stream().anyMatch(c -> java.util.stream.IntStream.range(0, 20).allMatch(i -> c.contains("entry g" + g + "i" + i + " ")));
    }
}
