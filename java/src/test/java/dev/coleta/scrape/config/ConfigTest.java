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

    @Test
    void parseRejectsMalformedConfigsClearly() {
        for (String bad : List.of("", "[]", "{\"fields\":{}}", "{\"item\":3,\"fields\":{\"a\":{\"selector\":\"p\"}}}",
                "{\"fields\":{\"a\":{\"attr\":\"text\"}}}", "{\"fields\":{\"a\":{\"selector\":\"p\"}},\"extra\":1}")) {
            assertThrows(PageException.class, () -> ScrapeConfig.parse(bad), bad);
        }
        ScrapeConfig ok = ScrapeConfig.parse("{\"item\":null,\"fields\":{\"a\":{\"selector\":\"p\"}}}");
        assertEquals("text", ok.fields().get("a").attr());
    }

    @Test
    void verifierRejectsConfigsThatExtractNothingOrDoNotParse() {
        var page = HtmlCleaner.clean(HtmlPages.parse("<body><div class=\"c\"><p class=\"n\">A</p></div><div class=\"c\"><p class=\"n\">B</p></div></body>", "t")).document();
        var good = ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\".c\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"},\"m\":{\"selector\":\".m\",\"attr\":\"text\"}}}"), page);
        assertTrue(good.accepted());
        assertEquals(List.of("field 'm' extracts nothing"), good.problems());
        assertEquals("[{\"n\":\"A\",\"m\":null},{\"n\":\"B\",\"m\":null}]", good.extracted().toString());
        assertFalse(ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\".zzz\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"}}}"), page).accepted());
        assertFalse(ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":null,\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"href\"}}}"), page).accepted());
        var broken = ConfigVerifier.verify(ScrapeConfig.parse("{\"item\":\"div[\",\"fields\":{\"n\":{\"selector\":\".n\",\"attr\":\"text\"}}}"), page);
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
}
