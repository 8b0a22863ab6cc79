package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each option of a rule, applied by {@link ConfigApplier} to a page parsed by Jsoup, against values read off the page by hand. */
class FieldRuleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Document PAGE = Jsoup.parse("""
            <html><body>
            <h1>Shelf</h1>
            <p class="price">Price: £8.99 (incl. VAT)</p>
            <ul class="tags"><li>poetry</li><li>nature</li><li>essays</li></ul>
            <div class="book"><h2>Orchard</h2><a href="/b/1">more</a></div>
            <div class="book"><h2>Harbour</h2><a href="/b/2">more</a></div>
            </body></html>""");

    /** The value of one field named {@code f}, on the whole page. */
    static JsonNode apply(FieldRule rule) {
        return ConfigApplier.apply(new ScrapeConfig(null, Map.of("f", rule)), PAGE).get("f");
    }

    @Test
    void withRegexKeepsTheFirstGroupOrTheWholeMatch() {
        FieldRule price = FieldRule.text(".price");
        assertEquals(new TextNode("Price: £8.99 (incl. VAT)"), apply(price), "without a regex: the whole text");
        assertEquals(new TextNode("8.99"), apply(price.withRegex(Pattern.compile("£([0-9.]+)"))), "the first group");
        assertEquals(new TextNode("£8.99"), apply(price.withRegex(Pattern.compile("£[0-9]+\\.[0-9]{2}"))), "no group: the match");
        assertEquals(NullNode.getInstance(), apply(price.withRegex(Pattern.compile("\\$[0-9]+"))), "no match: no value");
        assertEquals("£([0-9.]+)", price.withRegex(Pattern.compile("£([0-9.]+)")).regex().pattern());
    }

    @Test
    void withFallbackStandsInWhenNothingIsFound() {
        assertEquals(NullNode.getInstance(), apply(FieldRule.text(".isbn")));
        assertEquals(new TextNode("n/a"), apply(FieldRule.text(".isbn").withFallback(new TextNode("n/a"))));
        assertEquals(new IntNode(0), apply(FieldRule.text(".isbn").withFallback(new IntNode(0))), "the default as given, a number");
        assertEquals(new TextNode("Shelf"), apply(FieldRule.text("h1").withFallback(new TextNode("n/a"))), "found: the page's value");
        // a regex that finds nothing also falls back
        assertEquals(new TextNode("?"), apply(FieldRule.text(".price").withRegex(Pattern.compile("ISBN (\\d+)"))
                .withFallback(new TextNode("?"))));
    }

    @Test
    void withAllListsEveryMatch() {
        assertEquals(new TextNode("poetry"), apply(FieldRule.text(".tags li")));
        assertEquals(JSON.createArrayNode().add("poetry").add("nature").add("essays"), apply(FieldRule.text(".tags li").withAll(true)));
        assertEquals(JSON.createArrayNode(), apply(FieldRule.text(".none").withAll(true)), "nothing matches: an empty list");
        assertTrue(FieldRule.text("li").withAll(true).all());
        assertFalse(FieldRule.text("li").withAll(true).withAll(false).all());
        assertThrows(IllegalArgumentException.class, () -> FieldRule.text("li").withFallback(new TextNode("x")).withAll(true),
                "a list has no default");
    }

    @Test
    void withFieldsReadsEachMatchAsAnObject() {
        Map<String, FieldRule> book = new LinkedHashMap<>();
        book.put("title", FieldRule.text("h2"));
        book.put("link", new FieldRule("a", "href"));
        assertEquals(JSON.createArrayNode()
                        .add(JSON.createObjectNode().put("title", "Orchard").put("link", "/b/1"))
                        .add(JSON.createObjectNode().put("title", "Harbour").put("link", "/b/2")),
                apply(FieldRule.text(".book").withAll(true).withFields(book)));
        assertEquals(JSON.createObjectNode().put("title", "Orchard").put("link", "/b/1"),
                apply(FieldRule.text(".book").withFields(book)), "without all: the first match");
        assertEquals(book, FieldRule.text(".book").withFields(book).fields());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FieldRule.text(".book").withRegex(Pattern.compile("x")).withFields(book));
        assertTrue(e.getMessage().contains("regex"), e.getMessage());
    }

    @Test
    void isSimpleOnlyForThePlainSelectorAndAttrForm() {
        assertTrue(FieldRule.text("h1").isSimple());
        assertTrue(new FieldRule("a", "href").isSimple());
        assertFalse(FieldRule.text("h1").withAll(true).isSimple());
        assertFalse(FieldRule.text("h1").withRegex(Pattern.compile("x")).isSimple());
        assertFalse(FieldRule.text("h1").withFallback(new TextNode("x")).isSimple());
        assertFalse(FieldRule.text("h1").withFields(Map.of("a", FieldRule.text("a"))).isSimple());
        assertFalse(new FieldRule(null, "href", false, null, null, null).isSimple(), "no selector: reads the item itself");
    }

    @Test
    void toJsonNodeWritesWhatParseReads() throws Exception {
        Map<String, FieldRule> fields = new LinkedHashMap<>();
        fields.put("title", FieldRule.text("h2"));
        fields.put("price", FieldRule.text(".p").withRegex(Pattern.compile("([0-9.]+)")).withFallback(new TextNode("0")));
        fields.put("tags", FieldRule.text(".tag").withAll(true));
        fields.put("author", FieldRule.text(".by").withFields(Map.of("name", FieldRule.text("a"))));
        fields.put("id", new FieldRule(null, "data-id", false, null, null, null));
        ScrapeConfig config = new ScrapeConfig("li.book", fields);
        JsonNode expected = JSON.readTree("""
                {"item":"li.book","fields":{
                  "title":{"selector":"h2","attr":"text"},
                  "price":{"selector":".p","attr":"text","regex":"([0-9.]+)","default":"0"},
                  "tags":{"selector":".tag","attr":"text","all":true},
                  "author":{"selector":".by","fields":{"name":{"selector":"a","attr":"text"}}},
                  "id":{"attr":"data-id"}}}""");
        assertEquals(expected, config.toJsonNode());
        assertEquals(config, ScrapeConfig.parse(config.toJsonNode().toString()), "parse reads it back to the same configuration");
        assertEquals(NullNode.getInstance(), new ScrapeConfig(null, Map.of("t", FieldRule.text("h1"))).toJsonNode().get("item"),
                "no item selector is written as null");
    }
}
