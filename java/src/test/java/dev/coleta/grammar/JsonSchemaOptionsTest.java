package dev.coleta.grammar;

import dev.coleta.GrammarException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded policy against the schema's own language, checked by llama.cpp's grammar engine. */
class JsonSchemaOptionsTest {
    static final String FREE_STRING = "{\"type\":\"string\"}";
    static final String FREE_ARRAY = "{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}";

    static String quoted(int n) {
        return "\"" + "x".repeat(n) + "\"";
    }

    static String ints(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(i % 10);
        return sb.append(']').toString();
    }

    @Test
    void boundedGivesFreeStringsAndArraysTheirMaxima() {
        JsonSchemaOptions bounded = JsonSchemaOptions.exact().withBounded(true).withMaxLength(5).withMaxItems(3);
        assertTrue(bounded.bounded());
        Grammar s = Grammar.jsonSchema(FREE_STRING, bounded);
        assertTrue(s.accepts(quoted(5)));
        assertFalse(s.accepts(quoted(6)), "maxLength 5 applies to a string without one");
        Grammar a = Grammar.jsonSchema(FREE_ARRAY, bounded);
        assertTrue(a.accepts(ints(3)));
        assertFalse(a.accepts(ints(4)), "maxItems 3 applies to an array without one");
    }

    @Test
    void unboundedIsTheSchemasOwnLanguage() {
        JsonSchemaOptions exact = JsonSchemaOptions.defaults().withMaxLength(5).withMaxItems(3).withBounded(false);
        assertFalse(exact.bounded());
        assertEquals(5, exact.maxLength(), "the other settings are kept");
        assertTrue(Grammar.jsonSchema(FREE_STRING, exact).accepts(quoted(300)));
        assertTrue(Grammar.jsonSchema(FREE_ARRAY, exact).accepts(ints(40)));
        // the schema's own bounds hold either way
        Grammar own = Grammar.jsonSchema("{\"type\":\"string\",\"maxLength\":2}", exact);
        assertTrue(own.accepts(quoted(2)));
        assertFalse(own.accepts(quoted(3)));
    }

    @Test
    void toGbnfWritesAGrammarOfTheSchema() {
        String gbnf = JsonSchemas.toGbnf("{\"enum\":[\"red\",\"green\"]}", JsonSchemaOptions.exact());
        assertTrue(gbnf.lines().anyMatch(l -> l.startsWith("root ::=")), gbnf);
        Grammar g = Grammar.gbnf(gbnf);
        assertTrue(g.accepts("\"red\""));
        assertTrue(g.accepts("\"green\""));
        assertFalse(g.accepts("\"blue\""));
        assertFalse(g.accepts("red"), "a JSON string, quoted");
        // the options reach the converter: the same schema, bounded and not
        String bounded = JsonSchemas.toGbnf(FREE_STRING, JsonSchemaOptions.defaults().withMaxLength(4));
        assertFalse(Grammar.gbnf(bounded).accepts(quoted(5)));
        assertTrue(Grammar.gbnf(JsonSchemas.toGbnf(FREE_STRING, JsonSchemaOptions.exact())).accepts(quoted(5)));
        assertThrows(GrammarException.class, () -> JsonSchemas.toGbnf("{\"type\":\"strin\"}", JsonSchemaOptions.exact()));
    }

    /** Rule names come from property names: in a Turkish default locale "ID" must not become "ıd", which GBNF rejects. */
    @Test
    void grammarsDoNotDependOnTheDefaultLocale() {
        String schema = "{\"type\":\"object\",\"properties\":{\"ID\":{\"type\":\"integer\"},\"Title\":{\"type\":\"string\",\"maxLength\":4}},"
                + "\"required\":[\"ID\",\"Title\"]}";
        java.util.Locale old = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.ROOT);
            String root = JsonSchemas.toGbnf(schema, JsonSchemaOptions.defaults());
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr-TR"));
            assertEquals(root, JsonSchemas.toGbnf(schema, JsonSchemaOptions.defaults()));
            assertTrue(Grammar.jsonSchema(schema).accepts("{\"ID\": 7, \"Title\": \"Iris\"}"));
        } finally {
            java.util.Locale.setDefault(old);
        }
    }
}
