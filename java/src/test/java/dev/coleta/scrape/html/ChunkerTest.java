package dev.coleta.scrape.html;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {
    private static CleanPage page(int items) {
        StringBuilder sb = new StringBuilder("<html><head><title>Shop</title></head><body><h1>Results</h1><ul class=\"list\">");
        for (int i = 0; i < items; i++) sb.append("<li class=\"item\"><span class=\"name\">Product number ").append(i).append("</span></li>");
        sb.append("</ul><p>end</p></body></html>");
        return HtmlCleaner.clean(Jsoup.parse(sb.toString()));
    }

    /** Text of each detected item, in order. */
    private static List<String> detected(String body) {
        return Chunker.detectItems(Jsoup.parse("<html><body>" + body + "</body></html>")).stream().map(e -> e.text()).toList();
    }

    @Test
    void detectItemsFindsTheLargestGroupOfSameTagSiblings() {
        assertEquals(List.of("Blue kettle 12.99", "Red lamp 5.00", "Green mug 3.50", "Grey rug 40.00"), detected(
                "<nav><a>Home</a><a>Shop</a><a>Help</a></nav>"
                        + "<ul><li>Blue kettle 12.99</li><li>Red lamp 5.00</li><li>Green mug 3.50</li><li>Grey rug 40.00</li></ul>"));
    }

    @Test
    void detectItemsIgnoresClassesAndPrefersTextOverEmptySpacers() {
        // alternating and "featured" classes stay one list
        assertEquals(List.of("one", "two", "three"),
                detected("<div><p class=\"odd\">one</p><p class=\"even featured\">two</p><p class=\"odd\">three</p></div>"));
        // five empty spacers lose against three items with text
        assertEquals(List.of("first item text", "second item text", "third item text"), detected(
                "<div><br><br><br><br><br></div><section><article>first item text</article><article>second item text</article>"
                        + "<article>third item text</article></section>"));
    }

    @Test
    void detectItemsNeedsThreeSiblings() {
        assertEquals(List.of(), detected("<ul><li>only</li><li>two</li></ul>"));
        assertEquals(List.of(), detected("<div><p>a</p><span>b</span><em>c</em></div>"), "three siblings of three tags");
    }

    @Test
    void smallPageIsOneChunk() {
        CleanPage p = page(3);
        assertEquals(List.of(p.html()), Chunker.chunks(p, null, 10_000, TokenCounter.approximate()));
    }

    @Test
    void detectedItemsSplitInOrderAndEveryChunkKeepsTheHeading() {
        CleanPage p = page(40);
        TokenCounter counter = TokenCounter.approximate();
        List<String> chunks = Chunker.chunks(p, null, 120, counter);
        assertTrue(chunks.size() > 3, "chunks: " + chunks.size());
        int next = 0;
        for (String c : chunks) {
            assertTrue(counter.count(c) <= 120, c);
            assertTrue(c.contains("<h1>Results</h1>"), c);
            for (var e : Jsoup.parse(c).select("li.item")) assertEquals("Product number " + next++, e.text());
        }
        assertEquals(40, next);
    }

    @Test
    void givenSelectorAndSizeFallbackKeepAllText() {
        CleanPage p = page(40);
        String all = String.join("", Chunker.chunks(p, "li.item", 150, TokenCounter.approximate()));
        for (int i = 0; i < 40; i++) assertTrue(all.contains("Product number " + i + "<"), "item " + i);
        // A page without repeated items falls back to size; a long text is cut, never lost.
        String words = "word ".repeat(3000);
        CleanPage flat = HtmlCleaner.clean(Jsoup.parse("<p>" + words + "</p>"));
        List<String> chunks = Chunker.chunks(flat, null, 200, TokenCounter.approximate());
        assertTrue(chunks.size() > 5);
        for (String c : chunks) assertTrue(TokenCounter.approximate().count(c) <= 200);
        assertEquals(words.trim().replace(" ", ""), String.join("", chunks).replaceAll("<[^>]+>|\\s", ""));
    }
}
