package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.grammar.Grammar;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.scrape.html.TextView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Page-grounded scrape (ScrapeOptions.grounded): the grammar per chunk takes the page's values, and only those. */
class GroundedScrapeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void segmentsTakeTheTextViewsMarkupBackOut() {
        String view = "# Products | Quanta Nairobi\n## Deals\n- [Lumos Quiet Blender](/p/lumos-88af) R$ 214,75 ![Blender](https://cdn.example/1.jpg)\n"
                + "Porto | Switzerland | 25,866,346\n[![Logo](/logo.png)](/home)\nBy Émilie Haddad · February 12, 2025";
        List<String> s = TextView.segments(view);
        assertEquals(List.of("Products | Quanta Nairobi", "Deals", "Blender", "https://cdn.example/1.jpg", "Lumos Quiet Blender",
                "/p/lumos-88af", "R$ 214,75", "Porto", "Switzerland", "25,866,346", "Logo", "/logo.png", "/home",
                "By Émilie Haddad · February 12, 2025"), s);
    }

    /**
     * Every generated site type and template, the model answering with the page's gold: the
     * grounded grammar of the page accepts the gold (grounding never blocks a value the page
     * shows) and refuses the gold with one value changed to text the page lacks.
     */
    @Test
    void theGroundedGrammarAcceptsEveryGoldAndRefusesAnInventedValue() throws Exception {
        int pages = 0, refused = 0;
        List<String> problems = new ArrayList<>();
        for (SiteType site : SiteType.values()) {
            for (int template = 0; template < PageGenerator.TEMPLATES; template++) {
                GeneratedPage p = PageGenerator.page(site, template, 40 + template, "grounded");
                FakeModel model = new FakeModel(8192, page -> p.gold().toString());
                ScrapeResult r = new Scraper(model, ScrapeOptions.defaults()).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
                assertEquals(1, r.chunks(), p.id());
                assertEquals(List.of(ScrapeResult.Grounding.SPANS), r.grounding(), p.id());
                Grammar g = model.grammars.get(0);
                pages++;
                if (!g.accepts(p.gold().toString())) {
                    refused++;
                    problems.add(p.id());
                }
                JsonNode invented = p.gold().deepCopy();
                String changed = invent(invented);
                assertFalse(g.accepts(invented.toString()), p.id() + ": " + changed);
            }
        }
        System.out.printf("grounded grammar accepts the gold of %d of %d pages %s%n", pages - refused, pages, problems);
        assertEquals(0, refused, "gold refused on " + problems);
    }

    /** Replaces the first string value with one no page holds; returns it. */
    private static String invent(JsonNode node) {
        List<JsonNode> stack = new ArrayList<>(List.of(node));
        while (!stack.isEmpty()) {
            JsonNode n = stack.remove(0);
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (e.getValue().isTextual()) {
                    String v = e.getValue().asText() + " Zyxwv";
                    ((com.fasterxml.jackson.databind.node.ObjectNode) n).put(e.getKey(), v);
                    return v;
                }
                stack.add(e.getValue());
            }
            if (n.isArray()) n.forEach(stack::add);
        }
        throw new AssertionError("no string in " + node);
    }

    @Test
    void offKeepsOneGrammarForEveryChunk() {
        GeneratedPage p = PageGenerator.page(SiteType.ARTICLE, 4, 3, "off");
        FakeModel model = new FakeModel(8192, page -> p.gold().toString());
        ScrapeResult r = new Scraper(model, ScrapeOptions.defaults().withGrounded(false)).scrape(HtmlPages.parse(p.html(), p.id()), p.schema().toString());
        assertEquals(List.of(ScrapeResult.Grounding.NONE), r.grounding());
        assertTrue(model.grammars.get(0).accepts("{\"headline\":\"Zyxwv\",\"author\":null,\"published\":null,\"summary\":null,\"image\":null}")
                || !model.grammars.get(0).text().contains("text-"), "free strings without grounding");
        assertFalse(model.grammars.get(0).text().contains("text-"));
    }
}
