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
                 "c":{"type":"string","enum":["x","y"]}}}""", 100, 7));
        assertEquals(100, s.at("/properties/a/maxLength").asInt());
        assertEquals(7, s.at("/properties/b/maxItems").asInt());
        assertEquals(5, s.at("/properties/b/items/maxLength").asInt());
        assertFalse(s.at("/properties/c").has("maxLength"));
    }

    @Test
    void keywordsTheConverterIgnoresAreErrors() {
        for (String kw : new String[] {"\"not\":{\"type\":\"string\"}", "\"uniqueItems\":true", "\"multipleOf\":2", "\"if\":{}"}) {
            GrammarException e = assertThrows(GrammarException.class,
                    () -> JsonSchemas.prepare("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"," + kw + "}}}"));
            assertTrue(e.getMessage().contains("not supported"), e.getMessage());
            assertTrue(e.getMessage().contains("#/properties/a"), e.getMessage());
        }
    }

    @Test
    void keywordsTheConverterDropsInPlaceAreErrors() {
        assertTrue(assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"number\",\"minimum\":0}"))
                .getMessage().contains("only integers"));
        JsonSchemas.prepare("{\"type\":\"integer\",\"minimum\":0}");
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare(
                "{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}],\"maximum\":3}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare(
                "{\"$defs\":{\"a\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/a\",\"minimum\":1}"));
        JsonSchemas.prepare("{\"$defs\":{\"a\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/a\",\"description\":\"fine\"}");
    }

    @Test
    void unboundableSchemasAreErrors() {
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"object\"}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"additionalProperties\":true}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"string\",\"format\":\"email\"}"));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}"));
    }

    @Test
    void invalidJsonNamesThePosition() {
        GrammarException e = assertThrows(GrammarException.class, () -> JsonSchemas.prepare("{\"type\": \"object\",,}"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("  "));
        assertThrows(GrammarException.class, () -> JsonSchemas.prepare("[1,2]"));
    }
}
