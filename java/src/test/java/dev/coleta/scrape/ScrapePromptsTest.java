package dev.coleta.scrape;

import dev.coleta.scrape.html.HtmlPages;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScrapePromptsTest {
    @Test
    void scrapeUserShowsTheSchemaThenThePage() {
        assertEquals("JSON Schema:\n{\"type\":\"object\"}\n\nPage:\n# Title\nSome text\n\nJSON:",
                ScrapePrompts.scrapeUser("{\"type\":\"object\"}", "# Title\nSome text"));
    }

    @Test
    void configUserNamesTheFieldsOrLetsTheModelChoose() {
        assertEquals("Page:\n<h1>x</h1>\n\nWrite the configuration (fields: title, price).\nConfiguration:",
                ScrapePrompts.configUser(List.of("title", "price"), "<h1>x</h1>"));
        assertEquals("Page:\n<p>y</p>\n\nWrite the configuration (choose the fields worth extracting).\nConfiguration:",
                ScrapePrompts.configUser(List.of(), "<p>y</p>"));
    }

    /** The scraper asks in exactly this layout, with the user's schema compacted and the page's text view. */
    @Test
    void theScraperAsksInThatLayout() {
        String schema = "{ \"type\": \"object\",\n  \"properties\": {\"t\": {\"type\": [\"string\", \"null\"], \"maxLength\": 9}},\n  \"required\": [\"t\"] }";
        FakeModel model = new FakeModel(8192, page -> "{\"t\":null}");
        new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse("<html><body><h1>Title</h1><p>Some text</p></body></html>", "p"), schema);
        assertEquals("[system] " + ScrapePrompts.SCRAPE_SYSTEM + "\n[user] JSON Schema:\n"
                + "{\"type\":\"object\",\"properties\":{\"t\":{\"type\":[\"string\",\"null\"],\"maxLength\":9}},\"required\":[\"t\"]}"
                + "\n\nPage:\n# Title\nSome text\n\nJSON:\n[assistant] ", model.prompts.get(0));
    }
}
