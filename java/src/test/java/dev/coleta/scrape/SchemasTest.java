package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemasTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void worstCaseCharsByHand() throws Exception {
        // a string of n characters each escaped to two, plus its quotes
        assertEquals(10 * 2 + 2, Schemas.worstCaseChars(json("{\"type\":\"string\",\"maxLength\":10}")));
        assertEquals(256 * 2 + 2, Schemas.worstCaseChars(json("{\"type\":\"string\"}")), "no maxLength: 256");
        assertEquals(18, Schemas.worstCaseChars(json("{\"type\":\"integer\"}")));
        assertEquals(40, Schemas.worstCaseChars(json("{\"type\":[\"integer\",\"number\",\"null\"]}")), "the largest type");
        assertEquals("\"abcd\"".length(), Schemas.worstCaseChars(json("{\"enum\":[\"ab\",\"abcd\",1]}")));
        assertEquals("{\"k\":true}".length(), Schemas.worstCaseChars(json("{\"const\":{\"k\":true}}")));
        // [ + 3 x (false + separator allowance 4) + ]
        assertEquals(2 + 3 * (5 + 4), Schemas.worstCaseChars(json("{\"type\":\"array\",\"maxItems\":3,\"items\":{\"type\":\"boolean\"}}")));
        // { } + per property: key, 6 for quotes, colon and separators, its value
        assertEquals(2 + (4 + 6 + 22) + (1 + 6 + 18), Schemas.worstCaseChars(json("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":10},"n":{"type":"integer"}}}""")));
        assertEquals(Math.max(22, 5), Schemas.worstCaseChars(json("{\"anyOf\":[{\"type\":\"string\",\"maxLength\":10},{\"type\":\"null\"}]}")));
        assertEquals(256, Schemas.worstCaseChars(json("{\"$ref\":\"#/$defs/x\"}")));
    }

    /** The bound holds for the longest instance one can write: a string of quotes, each escaped. */
    @Test
    void worstCaseCharsBoundsTheLongestInstance() throws Exception {
        JsonNode schema = json("""
                {"type":"object","properties":{"name":{"type":"string","maxLength":10},"tags":{"type":"array","maxItems":2,
                 "items":{"type":"string","maxLength":3}},"ok":{"type":"boolean"}}}""");
        var longest = M.createObjectNode().put("name", "\"".repeat(10));
        longest.putArray("tags").add("\"\"\"").add("\"\"\"");
        longest.put("ok", false);
        assertEquals(List.of(), Schemas.validate(schema, longest));
        assertTrue(longest.toString().length() <= Schemas.worstCaseChars(schema), longest + " > " + Schemas.worstCaseChars(schema));
    }

    @Test
    void capArraysCutsToMaxItemsAndCountsWhatItDropped() throws Exception {
        JsonNode schema = json("""
                {"type":"object","properties":{
                  "tags":{"type":"array","maxItems":2,"items":{"type":"string"}},
                  "shelves":{"type":"array","maxItems":3,"items":{"type":"object","properties":{"books":{"type":"array","maxItems":1}}}},
                  "maybe":{"anyOf":[{"type":"array","maxItems":1},{"type":"null"}]},
                  "free":{"type":"array"}}}""");
        JsonNode value = json("""
                {"tags":["a","b","c","d"],"shelves":[{"books":[1,2,3]},{"books":[4]}],"maybe":["x","y"],"free":[1,2,3,4,5]}""");
        // tags: 2 dropped; books of the first shelf: 2; maybe: 1 (through anyOf); free has no maxItems
        assertEquals(5, Schemas.capArrays(value, schema));
        assertEquals(json("""
                {"tags":["a","b"],"shelves":[{"books":[1]},{"books":[4]}],"maybe":["x"],"free":[1,2,3,4,5]}"""), value);
        assertEquals(0, Schemas.capArrays(value, schema), "a second pass finds nothing to cut");
        assertEquals(List.of(), Schemas.validate(schema, value));
    }
}
