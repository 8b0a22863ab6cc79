package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.grammar.Grammar;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ConfigGrammar;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hand-written page (the example in tasks/scrape and tasks/scrape-config) end to end. */
class BookshopFixtureTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static String resource(String name) throws IOException {
        try (InputStream in = BookshopFixtureTest.class.getResourceAsStream("/scrape/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void configGrammarAndApplyReproduceTheExpectedRecords() throws Exception {
        CleanPage page = HtmlCleaner.clean(HtmlPages.parse(resource("bookshop.html"), "bookshop.html"));
        for (String gone : List.of("cookies", "Advertisement", "Privacy", "analytics", "Out of stock", "Authors")) {
            assertFalse(page.html().contains(gone), gone);
        }
        String configJson = resource("bookshop.config.json").trim();
        ScrapeConfig config = ScrapeConfig.parse(configJson);
        // Run on the raw page, as apply-config does.
        assertEquals(M.readTree(resource("bookshop.expected.json")), ConfigApplier.apply(config, HtmlPages.parse(resource("bookshop.html"), "bookshop.html")));
        Grammar g = ConfigGrammar.grammar(page.document(), List.copyOf(config.fields().keySet()));
        assertTrue(g.accepts(configJson));
        assertFalse(g.accepts(configJson.replace("li.book", "li.novel")));
    }

    @Test
    void scrapeOfTheFixtureKeepsExactValues() throws Exception {
        JsonNode expected = M.readTree(resource("bookshop.scrape.expected.json"));
        String schema = resource("bookshop.schema.json");
        assertEquals(List.of(), Schemas.validate(M.readTree(schema), expected));
        FakeModel model = new FakeModel(4096, page -> expected.toString());
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(resource("bookshop.html"), "bookshop"), schema);
        assertEquals(expected, r.value());
        assertEquals(List.of(), r.hallucinated());
        assertTrue(model.grammars.get(0).accepts(expected.toString()));
    }

    /** The copies under tasks/ (documentation) must stay identical to these fixtures. */
    @Test
    void taskExamplesMatchTheFixtures() throws Exception {
        // Tests run from java/ inside the repository (surefire's working directory): tasks/ must be there.
        Path tasks = Path.of("..", "tasks");
        assertTrue(Files.isDirectory(tasks), tasks.toAbsolutePath() + " is missing");
        assertEquals(resource("bookshop.html"), Files.readString(tasks.resolve("scrape/examples/bookshop.html")));
        assertEquals(resource("bookshop.html"), Files.readString(tasks.resolve("scrape-config/examples/bookshop.html")));
        assertEquals(resource("bookshop.schema.json"), Files.readString(tasks.resolve("scrape/examples/bookshop.schema.json")));
        assertEquals(resource("bookshop.config.json"), Files.readString(tasks.resolve("scrape-config/examples/bookshop.config.json")));
    }
}
