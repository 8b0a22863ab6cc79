package dev.coleta.scrape.config;

import dev.coleta.grammar.Grammar;
import dev.coleta.scrape.FakeModel;
import dev.coleta.scrape.PageException;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    @Test
    void pageGrammarAcceptsGoldConfigsAndRejectsNamesAbsentFromThePage() {
        for (GeneratedPage p : PageGenerator.generate(18, 4, PageGenerator.Split.TEST)) {
            CleanPage c = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id()));
            Grammar named = ConfigGrammar.grammar(c.document(), p.fields());
            Grammar free = ConfigGrammar.grammar(c.document(), List.of());
            String gold = p.config().toJson();
            assertTrue(named.accepts(gold), p.id() + " rejects " + gold);
            assertTrue(free.accepts(gold), p.id() + " (no field names) rejects " + gold);
            String first = p.config().fields().values().iterator().next().selector();
            assertFalse(named.accepts(gold.replace("\"" + first + "\"", "\".no-such-class\"")), p.id());
            assertFalse(named.accepts(gold.replace("\"" + first + "\"", "\"blink\"")), p.id() + ": a tag absent from the page");
            assertFalse(named.accepts(gold.replace("\"fields\":{\"", "\"fields\":{\"x")), p.id() + ": a field name not asked for");
        }
    }

    /** Each malformed configuration, and what its error must name. */
    static final List<List<String>> BAD = List.of(
            List.of("", "configuration is empty"),
            List.of("[]", "must be a JSON object"),
            List.of("{\"fields\":{}}", "'fields' must be a non-empty object"),
            List.of("{\"item\":3,\"fields\":{\"a\":{\"selector\":\"p\"}}}", "'item'"),
            List.of("{\"fields\":{\"a\":{}}}", "field 'fields.a' needs a 'selector'"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\"}},\"extra\":1}", "unknown key 'extra'"),
            List.of("{\"fields\":{\"price\":{\"selector\":\".p\",\"atrr\":\"href\"}}}", "field 'fields.price' has unknown key 'atrr'"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"div[\"}}}", "field 'fields.a': selector 'div[' is not valid CSS"),
            List.of("{\"item\":\"li[\",\"fields\":{\"a\":{\"selector\":\"p\"}}}", "item: selector 'li[' is not valid CSS"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"attr\":\"data rating\"}}}", "field 'fields.a': 'attr' \"data rating\""),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"all\":\"yes\"}}}", "field 'fields.a': 'all' must be true or false"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"regex\":\"(unclosed\"}}}", "field 'fields.a': 'regex' \"(unclosed\" is not a valid regular expression"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"default\":{\"x\":1}}}}", "field 'fields.a': 'default' must be"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"all\":true,\"default\":\"x\"}}}", "field 'fields.a': default does not apply to a list"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"regex\":\"x\",\"fields\":{\"b\":{}}}}}", "field 'fields.a': regex does not apply"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\",\"fields\":{\"b\":{\"selectr\":\"i\"}}}}}", "field 'fields.a.fields.b' has unknown key 'selectr'"),
            List.of("{\"fields\":{\"bad name\":{\"selector\":\"p\"}}}", "field name 'fields.bad name'"),
            List.of("{\"fields\":{\"a\":{\"selector\":\"p\"}}} trailing", "not valid JSON"));

    @Test
    void parseRejectsMalformedConfigsNamingTheKeyOrValue() {
        for (List<String> bad : BAD) {
            PageException e = assertThrows(PageException.class, () -> ScrapeConfig.parse(bad.get(0)), bad.get(0));
            assertTrue(e.getMessage().contains(bad.get(1)), bad.get(0) + " -> " + e.getMessage());
        }
        ScrapeConfig ok = ScrapeConfig.parse("{\"item\":null,\"fields\":{\"a\":{\"selector\":\"p\"}}}");
        assertEquals("text", ok.fields().get("a").attr());
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = ConfigTest.class.getResourceAsStream("/scrape/real/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * The language on a hand-written product page, run on the raw page: an attribute the
     * cleaner would not show ({@code data-rating}), a value that shares its element with a
     * label (own text and a regex), every match of a list, nested records, text inside
     * {@code noscript}, and a default.
     */
    @Test
    void everyKindOfFieldOnTheRawPage() throws Exception {
        var raw = HtmlPages.parse(resource("book.html"), "book.html");
        ScrapeConfig config = ScrapeConfig.parse(resource("book.config.json"));
        var expected = new com.fasterxml.jackson.databind.ObjectMapper().readTree(resource("book.config.expected.json"));
        assertEquals(expected, ConfigApplier.apply(config, raw));
        var v = ConfigVerifier.verify(config, raw);
        assertTrue(v.accepted(), v.problems().toString());
        assertEquals(List.of("selector '.format' of field 'format' matches nothing; its default is used"), v.problems());
        // On the cleaned page a configuration loses what the cleaner drops: raw is what it runs on.
        ScrapeConfig width = ScrapeConfig.parse("{\"item\":null,\"fields\":{\"w\":{\"selector\":\"img.cover\",\"attr\":\"width\"}}}");
        assertEquals("{\"w\":\"180\"}", ConfigApplier.apply(width, raw).toString());
        assertEquals("{\"w\":null}", ConfigApplier.apply(width, HtmlCleaner.clean(raw).document()).toString());
        // The JSON form round-trips.
        assertEquals(config, ScrapeConfig.parse(config.toJson()));
    }

    @Test
    void regexWithoutAGroupTakesTheWholeMatchAndNoMatchIsNull() {
        var page = HtmlPages.parse("<body><p class=\"a\">Weight: 1.5 kg</p><p class=\"b\">n/a</p></body>", "t");
        var c = ScrapeConfig.parse("{\"item\":null,\"fields\":{\"w\":{\"selector\":\".a\",\"regex\":\"[0-9.]+ kg\"},"
                + "\"x\":{\"selector\":\".b\",\"regex\":\"[0-9]+\"},\"y\":{\"selector\":\".b\",\"regex\":\"[0-9]+\",\"default\":0}}}");
        assertEquals("{\"w\":\"1.5 kg\",\"x\":null,\"y\":0}", ConfigApplier.apply(c, page).toString());
    }

    @Test
    void verifierRejectsConfigsThatExtractNothingOrDoNotParse() {
        var page = HtmlPages.parse("<body><div class=\"c\"><p class=\"n\">A</p></div><div class=\"c\"><p class=\"n\">B</p></div></body>", "t");
        var good = ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\".c\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"}}}"), page);
        assertTrue(good.accepted(), good.problems().toString());
        assertEquals(List.of(), good.problems());
        assertEquals("[{\"n\":\"A\"},{\"n\":\"B\"}]", good.extracted().toString());
        // Only selectors that match the page are allowed: one field matching nothing rejects the configuration.
        var unmatched = ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\".c\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"},\"m\":{\"selector\":\".m\",\"attr\":\"text\"}}}"), page);
        assertFalse(unmatched.accepted());
        assertEquals(List.of("selector '.m' of field 'm' matches nothing on the page"), unmatched.problems());
        assertFalse(ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\".zzz\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"}}}"), page).accepted());
        assertFalse(ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":null,\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"href\"}}}"), page).accepted());
        // A selector that does not parse cannot even be read: ScrapeConfig.parse refuses it (see BAD).
        var broken = ConfigVerifier.verify(new ScrapeConfig("div[", java.util.Map.of("n", FieldRule.text(".n"))), page);
        assertFalse(broken.accepted());
        assertTrue(broken.problems().get(0).contains("not valid CSS"));
    }

    @Test
    void generatorGivesTheModelThePageGrammarAndVerifies() {
        GeneratedPage p = PageGenerator.page(dev.coleta.scrape.data.SiteType.FORUM, 4, 12, "g");
        FakeModel model = new FakeModel(4096, page -> p.config().toJson());
        ConfigGenerator.Result r = new ConfigGenerator(model, CleanOptions.defaults()).generate(HtmlPages.parse(p.html(), p.id()), p.fields());
        assertEquals(p.config(), r.config());
        assertTrue(r.verification().accepted(), r.verification().problems().toString());
        assertEquals(p.configGold(), r.verification().extracted());
        assertTrue(model.grammars.get(0).accepts(r.raw()));
    }

    /**
     * The model sees the cleaned page, where wrappers are unwrapped; a child selector true
     * there but not on the raw page passes the grammar and is rejected by the verifier.
     */
    @Test
    void aSelectorThatMatchesOnlyTheCleanedPageIsRejected() {
        var raw = HtmlPages.parse("<body><div class=\"list\"><div><div><p class=\"n\">Ana</p></div></div></div></body>", "t");
        String config = "{\"item\":null,\"fields\":{\"n\":{\"selector\":\".list > p\",\"attr\":\"text\"}}}";
        assertEquals(1, HtmlCleaner.clean(raw).document().select(".list > p").size(), "the cleaned page has .list > p");
        FakeModel model = new FakeModel(4096, page -> config);
        ConfigGenerator.Result r = new ConfigGenerator(model, CleanOptions.defaults()).generate(raw, List.of("n"));
        assertTrue(model.grammars.get(0).accepts(config));
        assertFalse(r.verification().accepted());
        assertEquals(List.of("selector '.list > p' of field 'n' matches nothing on the page",
                "the configuration extracts nothing from the page"), r.verification().problems());
    }

    /** tasks/scrape-config/config.schema.json documents the language: it agrees with the parser. */
    @Test
    void theLanguagesJsonSchemaAgreesWithTheParser() throws Exception {
        var m = new com.fasterxml.jackson.databind.ObjectMapper();
        var schema = m.readTree(java.nio.file.Files.readString(java.nio.file.Path.of("..", "tasks", "scrape-config", "config.schema.json")));
        for (String good : List.of(resource("book.config.json"),
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "tasks", "scrape-config", "examples", "bookshop.config.json")))) {
            ScrapeConfig.parse(good);
            assertEquals(List.of(), dev.coleta.scrape.Schemas.validate(schema, m.readTree(good)));
        }
        int checked = 0;
        for (List<String> bad : BAD) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = m.readTree(bad.get(0));
            } catch (Exception e) {
                continue; // not JSON at all: nothing for a schema to say
            }
            // Two rules are beyond a JSON Schema: whether a selector is CSS, and whether a regex compiles.
            if (bad.get(1).contains("not valid CSS") || bad.get(1).contains("regular expression") || bad.get(1).contains("not valid JSON")
                    || node == null || node.isMissingNode()) continue;
            assertFalse(dev.coleta.scrape.Schemas.validate(schema, node).isEmpty(), "the schema accepts " + bad.get(0));
            checked++;
        }
        assertTrue(checked >= 12, "checked " + checked);
    }
}
