package dev.coleta.scrape.html;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.testing.TinyModels;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlCleanerTest {
    /**
     * The acceptance test: cleaning keeps every gold value of the generated test pages and
     * cuts model tokens at least 5x, counted by the Llama 2 tokenizer (the vocabulary-only
     * GGUF that tiny models use; no weights are loaded).
     */
    @Test
    void keepsAllGoldValuesAndCutsLlamaTokensFiveTimes() {
        try (Model vocab = Model.load(TinyModels.vocab(), ModelOptions.defaults().withVocabOnly(true))) {
            assertKeepsGoldAndCuts(text -> vocab.tokenize(text, false).length, "Llama 2 tokenizer");
        }
    }

    /** The same with {@link TokenCounter#approximate()}, which model-free code paths use. */
    @Test
    void keepsAllGoldValuesAndCutsApproximateTokensFiveTimes() {
        assertKeepsGoldAndCuts(TokenCounter.approximate(), "approximate");
    }

    static void assertKeepsGoldAndCuts(TokenCounter counter, String label) {
        long raw = 0;
        long clean = 0;
        int values = 0;
        List<String> missing = new ArrayList<>();
        for (GeneratedPage p : PageGenerator.generate(90, 11, PageGenerator.Split.TEST)) {
            Document doc = HtmlPages.parse(p.html(), p.id());
            CleanPage c = HtmlCleaner.clean(doc);
            raw += counter.count(p.html());
            clean += counter.count(c.html());
            List<String> strings = new ArrayList<>();
            collect(p.gold(), strings);
            // Judged independently of the code's own matcher (CleanPage.contains folds case and
            // accepts the empty string): each value must be non-empty and occur exactly, case and
            // punctuation kept, in the view its task shows the model (only runs of whitespace folded).
            String text = squeeze(c.text());
            String htmlText = squeeze(c.document().text());
            for (String v : strings) {
                values++;
                if (v.isBlank() || !text.contains(squeeze(v))) missing.add(p.id() + " (text view): " + v);
                if (!v.startsWith("/") && !v.startsWith("http") && !v.startsWith("mailto:") && !htmlText.contains(squeeze(v))) {
                    missing.add(p.id() + " (HTML view): " + v);
                }
            }
        }
        double ratio = (double) raw / clean;
        System.out.printf("cleaning (%s tokens): %d -> %d tokens, %.2fx fewer; %d gold values, %d missing%n",
                label, raw, clean, ratio, values, missing.size());
        assertEquals(List.of(), missing);
        assertTrue(values > 1000, "too few gold values checked: " + values);
        assertTrue(ratio >= 5.0, "token reduction only " + ratio + "x");
    }

    private static String squeeze(String s) {
        return s.replaceAll("[\\s\\u00A0]+", " ").strip();
    }

    /**
     * A hand-written product page in 2010s markup (layout table, menus and rails without
     * semantic tags): link rails (top bar, category menu, side links, "customers also
     * bought") and the link footer go; every value on the product, its tag list included,
     * stays in both views, exactly; the text view needs no markup.
     */
    @Test
    void railsGoValuesStayOnAHandWrittenPage() throws Exception {
        String html;
        try (var in = HtmlCleanerTest.class.getResourceAsStream("/scrape/real/book.html")) {
            html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        CleanPage c = HtmlCleaner.clean(HtmlPages.parse(html, "book.html"));
        String text = squeeze(c.text());
        String htmlText = squeeze(c.document().text());
        for (String gone : List.of("My account", "Basket (0)", "Crime", "Poetry", "Bestsellers", "Gift cards", "The Salt Road",
                "Winter Pears", "Privacy", "Careers", "Lanternfield Books Ltd", "_gaq")) {
            assertFalse(text.contains(gone), gone + " survived in the text view:\n" + c.text());
            assertFalse(htmlText.contains(gone), gone + " survived in the HTML view:\n" + c.html());
        }
        for (String kept : List.of("The Quiet Orchard", "Marta Ilves", "4.5 out of 5 (212 reviews)", "Our price: £8.99", "RRP £12.99",
                "Publisher: Harrow & Finch", "ISBN: 9780995512437", "Published: 14 March 2019", "Pages: 312",
                "each one addressed to a stranger.", "literary", "family", "rural", "Estonia", "K. Wren", "Quietly devastating.",
                "Tomas B.", "Beautiful, if slow in the middle.", "Imprint: Finch Paperbacks")) {
            assertTrue(text.contains(kept), kept + " missing from the text view:\n" + c.text());
            assertTrue(htmlText.contains(kept), kept + " missing from the HTML view:\n" + c.html());
        }
        for (String link : List.of("[Marta Ilves](/authors/marta-ilves)", "![Cover of The Quiet Orchard](/covers/LB-20931-large.jpg)",
                "[Estonia](/tag/estonia)")) {
            assertTrue(c.text().contains(link), link + " missing from the text view:\n" + c.text());
        }
        assertFalse(c.text().contains("<"), c.text());
        // What selectors need stays in the HTML view; what they do not, goes.
        for (String attr : List.of("class=\"amount\"", "data-sku=\"LB-20931\"", "data-rating=\"4.5\"", "itemprop=\"name\"")) {
            assertTrue(c.html().contains(attr), attr + " missing from " + c.html());
        }
        for (String attr : List.of("width=", "valign=", "cellpadding=", "style=")) assertFalse(c.html().contains(attr), attr);
        TokenCounter t = TokenCounter.approximate();
        double ratio = (double) t.count(html) / t.count(c.text());
        assertTrue(ratio >= 3, "text view only " + ratio + "x smaller");
    }

    private static void collect(JsonNode n, List<String> out) {
        if (n.isTextual()) out.add(n.asText());
        n.forEach(c -> collect(c, out));
    }

    @Test
    void removesScriptsStylesCommentsSvgHiddenAndBoilerplate() {
        String html = """
                <html><head><title>T &amp; Co</title><style>.a{color:red}</style><script>var x=1</script></head>
                <body><!-- comment --><nav><a href="/">Home</a></nav>
                <div id="cookie-banner">We use cookies</div>
                <div class="ad-slot">Buy now</div>
                <div class="product px-4 flex" style="color:red" onclick="go()" data-id="7" aria-label="x">
                  <svg><path d="M0 0"/></svg><span class="name">Kettle</span>
                  <span style="display:none">Sold out</span><span hidden>Secret</span>
                  <a href="javascript:void(0)">js</a><img src="data:image/png;base64,AAAA" alt="pic">
                </div>
                <footer>© 2026</footer></body></html>""";
        CleanPage c = HtmlCleaner.clean(HtmlPages.parse(html, "test"));
        String out = c.html();
        for (String gone : List.of("color:red", "var x", "comment", "Home", "cookies", "Buy now", "<svg", "Sold out",
                "Secret", "onclick", "aria-label", "px-4", "flex", "javascript", "base64", "©")) {
            assertFalse(out.contains(gone), gone + " survived in " + out);
        }
        for (String kept : List.of("<title>T &amp; Co</title>", "class=\"product\"", "data-id=\"7\"", "<span class=\"name\">Kettle</span>", "alt=\"pic\"")) {
            assertTrue(out.contains(kept), kept + " missing from " + out);
        }
        assertTrue(c.contains("kettle"));
        assertFalse(c.contains("Sold out"));
    }

    @Test
    void utilityClassesGoSemanticNamesStay() {
        for (String u : List.of("px-4", "md:flex", "text-center", "col-md-6", "hover:bg-gray-50", "d-flex", "mt-3", "w-1/2", "flex")) {
            assertTrue(HtmlCleaner.isUtilityClass(u), u);
        }
        for (String s : List.of("price", "text-title", "size", "content", "product__name", "c-title", "item", "row-header", "table")) {
            assertFalse(HtmlCleaner.isUtilityClass(s), s);
        }
    }

    @Test
    void collapsesWhitespaceAndUnwrapsWrapperChains() {
        String html = "<body><div><div><div><p class=\"x\">  a \n\n   b  </p></div></div></div>\n\n  <div><span>c</span> <span>d</span></div></body>";
        CleanPage c = HtmlCleaner.clean(HtmlPages.parse(html, "test"));
        assertEquals("<p class=\"x\"> a b </p><div><span>c</span> <span>d</span></div>", c.html());
    }

    @Test
    void cleaningLeavesTheInputUntouched() {
        Document doc = HtmlPages.parse("<body><script>x</script><p>y</p></body>", "test");
        String before = doc.outerHtml();
        HtmlCleaner.clean(doc);
        assertEquals(before, doc.outerHtml());
    }

    /** CleanOptions switches: with boilerplate kept the rails stay; with utility classes kept they stay; long attributes go. */
    @Test
    void cleanOptionsSwitchesDoWhatTheySay() throws Exception {
        String html;
        try (var in = HtmlCleanerTest.class.getResourceAsStream("/scrape/real/book.html")) {
            html = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Document doc = HtmlPages.parse(html, "book.html");
        String kept = HtmlCleaner.clean(doc, CleanOptions.defaults().withDropBoilerplate(false)).text();
        assertTrue(kept.contains("Bestsellers") && kept.contains("The Salt Road"), kept);
        assertFalse(HtmlCleaner.clean(doc).text().contains("Bestsellers"));
        Document util = HtmlPages.parse("<body><p class=\"price px-4 md:flex\" data-x=\"" + "y".repeat(50) + "\">1</p></body>", "u");
        assertTrue(HtmlCleaner.clean(util, CleanOptions.defaults().withDropUtilityClasses(false)).html().contains("class=\"price px-4 md:flex\""));
        assertTrue(HtmlCleaner.clean(util).html().contains("<p class=\"price\" data-x="));
        assertFalse(HtmlCleaner.clean(util, CleanOptions.defaults().withMaxAttributeLength(20)).html().contains("data-x"));
    }
}
