package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Schemas#fitOutput}: one record always fits; strings stay as long as that allows. */
class FitOutputTest {
    private static final String LIST = """
            {"type":"object","properties":{"products":{"type":"array","maxItems":24,"items":{"type":"object",
             "properties":{"name":{"type":"string","maxLength":200},"url":{"type":"string","maxLength":200}},
             "required":["name","url"]}}},"required":["products"]}""";

    private static JsonNode item(ObjectNode s) {
        return s.get("properties").get("products").get("items").get("properties");
    }

    @Test
    void aListKeepsItsItemsAndFullStringsWhenOneRecordFits() {
        ObjectNode b = Schemas.fitOutput(LIST, 1200);
        assertEquals(24, b.get("properties").get("products").get("maxItems").asInt());
        assertEquals(200, item(b).get("name").get("maxLength").asInt());
        assertEquals(200, item(b).get("url").get("maxLength").asInt());
    }

    @Test
    void stringsShrinkUntilOneRecordFitsAndNeverBelowMinLength() {
        ObjectNode b = Schemas.fitOutput(LIST, 200);
        int name = item(b).get("name").get("maxLength").asInt();
        assertTrue(name < 200 && name >= 8, "name maxLength " + name);
        // one record (two strings of that length, keys, quotes, brackets) fits in 200 characters
        assertTrue(2 * name + 40 <= 200, "one record of " + (2 * name + 40) + " characters");
        ObjectNode withMin = Schemas.fitOutput(LIST.replace("\"maxLength\":200}", "\"minLength\":150,\"maxLength\":200}"), 100);
        assertEquals(150, item(withMin).get("url").get("maxLength").asInt());
    }
}
