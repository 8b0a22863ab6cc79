package dev.coleta.grammar;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Page-grounded strings: the converter's free-text strings drawn from given segments, checked by llama.cpp's engine. */
class TextSpansTest {
    private static final String NULLABLE = "{\"type\":\"object\",\"properties\":{\"v\":{\"type\":[\"string\",\"null\"]}},\"required\":[\"v\"]}";

    private static Grammar grounded(String schema, TextSpans spans) {
        return Grammar.jsonSchema(schema, JsonSchemaOptions.defaults().withFreeText(spans));
    }

    /** {"v": value} with value written by a JSON writer. */
    private static String v(String value) {
        return "{\"v\":" + (value == null ? "null" : new com.fasterxml.jackson.databind.node.TextNode(value).toString()) + "}";
    }

    @Test
    void valuesOnThePageAreAcceptedOthersRejected() {
        Grammar g = grounded(NULLABLE, TextSpans.of(List.of("Lumos Quiet Blender", "R$ 214,75", "Home | Shop - Deals")));
        for (String ok : new String[] {"Lumos Quiet Blender", "Quiet Blender", "Lumos", "R$ 214,75", "214,75", "R$", "Home | Shop", "- Deals"}) {
            assertTrue(g.accepts(v(ok)), ok);
        }
        assertTrue(g.accepts(v(null)), "null stays allowed where the schema allows it");
        for (String bad : new String[] {"Acme Blender", "Lumos Quiet Blender R$", "umos", "Blende", "14,7", "214", "$ 214,75", "|", "-", "| Shop", "Home |", ",75", "", " Lumos", "Lumos ",
                "lumos quiet blender"}) {
            assertFalse(g.accepts(v(bad)), bad);
        }
    }

    @Test
    void quotesBackslashesUnicodeAndNewlinesAreSpelledAsJson() {
        Grammar g = grounded(NULLABLE, TextSpans.of(List.of("He said \"hi\" \\ ok", "Émilie Haddad 東京 🚀 launch", "line one\nline two\ttab")));
        assertTrue(g.accepts(v("He said \"hi\" \\ ok")));
        assertTrue(g.accepts("{\"v\":\"\\\"hi\\\"\"}"), "a quote is written \\\"");
        assertTrue(g.accepts(v("\\ ok")));
        assertTrue(g.accepts(v("Émilie Haddad")));
        assertTrue(g.accepts(v("東")), "an ideograph is a word of its own");
        assertTrue(g.accepts(v("東京 🚀 launch")));
        assertTrue(g.accepts(v("line one\nline two\ttab")));
        assertFalse(g.accepts("{\"v\":\"one\\ntwo\"}"), "no value joins text that is not together");
        assertTrue(g.accepts("{\"v\":\"one\\nline\"}"), "a newline inside a segment is written \\n");
        assertFalse(g.accepts("{\"v\":\"one\nline\"}"), "never a raw newline inside a JSON string");
        assertFalse(g.accepts(v("Emilie Haddad")));
        assertFalse(g.accepts(v("milie")));
        assertFalse(g.accepts(v("He said \\\"hi\\\"")), "an escape the page does not hold");
    }

    @Test
    void controlCharactersSplitSegmentsAndWhitespaceNeverEndsASpan() {
        Grammar g = grounded(NULLABLE, TextSpans.of(List.of("alpha\u0001beta  gamma ")));
        assertTrue(g.accepts(v("alpha")));
        assertTrue(g.accepts(v("beta  gamma")));
        assertFalse(g.accepts(v("alpha\u0001beta")));
        assertFalse(g.accepts(v("gamma ")));
    }

    @Test
    void lengthBoundsOfTheSchemaStillHold() {
        TextSpans spans = TextSpans.of(List.of("Lumos Quiet Blender"));
        Grammar max = grounded("{\"type\":\"string\",\"maxLength\":11}", spans);
        assertTrue(max.accepts("\"Lumos Quiet\""));
        assertTrue(max.accepts("\"Lumos\""));
        assertFalse(max.accepts("\"Lumos Quiet Blender\""));
        Grammar min = grounded("{\"type\":\"string\",\"minLength\":6}", spans);
        assertFalse(min.accepts("\"Lumos\""));
        assertTrue(min.accepts("\"Quiet Blender\""));
        // both ranges in one grammar, each with its own rules
        Grammar both = grounded("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"maxLength\":5},"
                + "\"b\":{\"type\":\"string\",\"minLength\":7}},\"required\":[\"a\",\"b\"]}", spans);
        assertTrue(both.accepts("{\"a\":\"Quiet\",\"b\":\"Blender\"}"));
        assertFalse(both.accepts("{\"a\":\"Blender\",\"b\":\"Quiet\"}"));
    }

    @Test
    void stringsWithAConstraintOfTheirOwnAreLeftAlone() {
        Grammar g = grounded("{\"type\":\"object\",\"properties\":{\"e\":{\"enum\":[\"new\",\"used\"]},\"p\":{\"type\":\"string\",\"pattern\":\"^[0-9]{3}$\"},"
                + "\"d\":{\"type\":\"string\",\"format\":\"date\"},\"t\":{\"type\":\"string\"}},\"required\":[\"e\",\"p\",\"d\",\"t\"]}",
                TextSpans.of(List.of("Lumos Quiet Blender")));
        assertTrue(g.accepts("{\"e\":\"used\",\"p\":\"123\",\"d\":\"2024-02-28\",\"t\":\"Quiet\"}"));
        assertFalse(g.accepts("{\"e\":\"used\",\"p\":\"123\",\"d\":\"2024-02-28\",\"t\":\"Loud\"}"));
        assertFalse(g.accepts("{\"e\":\"old\",\"p\":\"123\",\"d\":\"2024-02-28\",\"t\":\"Quiet\"}"));
    }

    @Test
    void overBudgetSpansFallBackToWholeSegments() {
        TextSpans spans = TextSpans.of(List.of("Lumos Quiet Blender", "R$ 214,75"), TextSpans.Mode.SPANS, 10);
        Grammar g = grounded(NULLABLE, spans);
        assertEquals(TextSpans.Mode.SEGMENTS, spans.mode());
        assertTrue(g.accepts(v("Lumos Quiet Blender")));
        assertTrue(g.accepts(v("R$ 214,75")));
        assertFalse(g.accepts(v("Quiet")));
    }

    @Test
    void noTextThatFitsKeepsTheConvertersOwnStrings() {
        TextSpans spans = TextSpans.of(List.of("Lumos"));
        assertNull(spans.strings(6, 10));
        assertTrue(spans.anyFree());
        assertNull(TextSpans.of(List.of()).strings(0, 10));
    }

    @Test
    void spansAreRunsOfWholeWords() {
        String text = "Price: R$ 214,75. (Porto) SKU:123 news.example";
        int[] s = text.codePoints().toArray();
        assertTrue(TextSpans.start(s, text.indexOf("R$")), "after whitespace");
        assertTrue(TextSpans.start(s, text.indexOf("214")));
        assertFalse(TextSpans.start(s, text.indexOf("14,")), "inside a word");
        assertTrue(TextSpans.start(s, text.indexOf("Porto")), "after an opening bracket");
        assertTrue(TextSpans.start(s, text.indexOf("123")), "after a colon");
        assertFalse(TextSpans.start(s, text.indexOf(".example")));
        assertFalse(TextSpans.start(s, text.indexOf("example")), "after a dot inside a word");
        assertTrue(TextSpans.end(s, text.indexOf("214,75") + 6), "before a full stop that ends the word");
        assertFalse(TextSpans.end(s, text.indexOf("214") + 3), "before a comma inside a number");
        assertTrue(TextSpans.end(s, text.indexOf("Porto") + 5), "before a closing bracket");
        assertFalse(TextSpans.end(s, text.indexOf("news") + 4), "before a dot inside a word");
        assertTrue(TextSpans.end(s, text.length()));
        assertFalse(TextSpans.end(s, text.indexOf(" (")  + 1), "never after whitespace");
    }

    /** The cost on a large page stays bounded (printed; no wall-clock assertion). */
    @Test
    void aLargePageStaysWithinTheBudget() {
        java.util.Random r = new java.util.Random(1);
        String[] words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon".split(" ");
        List<String> segments = new java.util.ArrayList<>();
        int chars = 0;
        while (chars < 16_000) {
            StringBuilder sb = new StringBuilder();
            int n = 2 + r.nextInt(12);
            for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(words[r.nextInt(words.length)]).append(r.nextInt(100));
            segments.add(sb.toString());
            chars += sb.length();
        }
        long t0 = System.nanoTime();
        TextSpans spans = TextSpans.of(segments);
        FreeText.Gbnf gbnf = spans.strings(0, 96);
        long t1 = System.nanoTime();
        Grammar g = grounded(NULLABLE, spans);
        long t2 = System.nanoTime();
        String value = segments.get(segments.size() / 2);
        assertTrue(g.accepts(v(value)));
        long t3 = System.nanoTime();
        assertFalse(g.accepts(v(value + "x")));
        int size = gbnf.rules().values().stream().mapToInt(String::length).sum();
        System.out.printf("TextSpans on %d chars (%d segments): %s, %d rules, %d grammar chars; build %.0f ms, convert+check %.0f ms, accept %.0f ms%n",
                chars, spans.segmentCount(), spans.mode(), gbnf.rules().size(), size, (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);
    }
}
