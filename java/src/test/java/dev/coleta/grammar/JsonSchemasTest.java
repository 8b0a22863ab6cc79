package dev.coleta.grammar;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.GrammarException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemasTest {
    @Test
    void boundsStringsAndArrays() {
        JsonNode s = JsonSchemas.parse(JsonSchemas.prepare("""
                {"type":"object","properties":{"a":{"type":"string"},"b":{"type":"array","items":{"type":"string","maxLength":5}},
                 "c":{"type":"string","enum":["x","y"]},"d":{"anyOf":[{"type":"string"},{"type":"null"}]}},
                 "$defs":{"e":{"type":"array"}}}""", 100, 7));
        assertEquals(100, s.at("/properties/a/maxLength").asInt());
        assertEquals(7, s.at("/properties/b/maxItems").asInt());
        assertEquals(5, s.at("/properties/b/items/maxLength").asInt());
        assertFalse(s.at("/properties/c").has("maxLength"));
        assertEquals(100, s.at("/properties/d/anyOf/0/maxLength").asInt());
        assertEquals(7, s.at("/$defs/e/maxItems").asInt());
    }

    @Test
    void prepareRefusesWhatTheConverterRefuses() {
        for (String kw : new String[] {"\"not\":{\"minimum\":2}", "\"multipleOf\":2", "\"if\":{},\"then\":{}"}) {
            GrammarException e = assertThrows(GrammarException.class,
                    () -> JsonSchemas.prepare("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"," + kw + "}}}"));
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
            assertTrue(e.getMessage().contains("#/properties/a"), e.getMessage());
        }
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"string\",\"format\":\"ipv6\"}"));
    }

    @Test
    void whatTheOldConverterDroppedIsNowEnforced() {
        // number bounds, keywords beside anyOf and $ref: llama.cpp's converter ignored them
        Grammar n = Grammar.jsonSchema("{\"type\":\"number\",\"minimum\":0}");
        assertTrue(n.accepts("0.5"));
        assertFalse(n.accepts("-0.5"));
        Grammar any = Grammar.jsonSchema("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}],\"maximum\":3}");
        assertTrue(any.accepts("3"));
        assertTrue(any.accepts("null"));
        assertFalse(any.accepts("4"));
        Grammar ref = Grammar.jsonSchema("{\"$defs\":{\"a\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/a\",\"minimum\":1}");
        assertFalse(ref.accepts("0"));
        assertTrue(ref.accepts("1"));
    }

    @Test
    void invalidJsonNamesThePosition() {
        GrammarException e = assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\": \"object\",,}"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("  "));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("[1,2]"));
    }
}
