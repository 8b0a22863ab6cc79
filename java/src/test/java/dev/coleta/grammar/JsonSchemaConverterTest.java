package dev.coleta.grammar;

import dev.coleta.GrammarException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per keyword, on hand-written schemas: the grammar (judged by llama.cpp's engine)
 * accepts what the schema accepts and rejects what it rejects; what cannot be enforced is
 * refused with the keyword and its path.
 */
class JsonSchemaConverterTest {
    private static Grammar exact(String schema) {
        return Grammar.jsonSchema(schema, JsonSchemaOptions.exact());
    }

    private static void accepts(Grammar g, String... values) {
        for (String v : values) assertTrue(g.accepts(v), "should accept " + v + "\n" + g.text());
    }

    private static void rejects(Grammar g, String... values) {
        for (String v : values) assertFalse(g.accepts(v), "should reject " + v + "\n" + g.text());
    }

    private static GrammarException refused(String schema, String... fragments) {
        GrammarException e = assertThrows(GrammarException.class, () -> exact(schema));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        return e;
    }

    @Test
    void annotationsAndUnknownKeywordsConstrainNothing() {
        Grammar g = exact("""
                {"$schema":"http://json-schema.org/draft-07/schema#","$id":"http://x/y.json","id":"y","title":"T",
                 "description":"d","examples":[1],"default":{},"$comment":"c","javaType":"com.x.Y","x-vendor":{"a":1},
                 "type":"object","readOnly":true,"self":{"href":"x"},"_format":"weird",
                 "properties":{"a":{"type":"integer","deprecated":true,"readonly":true,"name":"A"}},"required":["a"],
                 "additionalProperties":false}""");
        accepts(g, "{\"a\": 1}", "{\"a\":1}");
        rejects(g, "{}", "{\"a\": \"1\"}");
    }

    @Test
    void keywordsThatCannotBeEnforcedAreRefusedWithTheirPath() {
        for (String kw : new String[] {"\"not\":{\"minimum\":3}", "\"multipleOf\":2", "\"if\":{\"minimum\":1},\"then\":{\"maximum\":3}",
                "\"propertyNames\":{\"maxLength\":3}"}) {
            String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"integer\",\"object\"]," + kw + "}}}";
            GrammarException e = refused(schema, "not supported", "#/properties/a");
            String name = kw.substring(1, kw.indexOf('"', 1));
            assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
        }
        refused("{\"type\":\"array\",\"uniqueItems\":true,\"items\":{\"type\":\"integer\"}}", "'uniqueItems'", "#");
        refused("{\"type\":\"array\",\"contains\":{\"type\":\"integer\"}}", "'contains'");
        // an 'if' without then/else, or uniqueItems on at most one item, constrain nothing
        accepts(exact("{\"type\":\"integer\",\"if\":{\"minimum\":3}}"), "1");
        accepts(exact("{\"type\":\"array\",\"uniqueItems\":true,\"maxItems\":1}"), "[]", "[1]");
    }

    @Test
    void typosAndBadValuesAreErrorsThatNameThem() {
        refused("{\"type\":\"string\",\"maxLenght\":3}", "'maxLenght'", "'maxLength'");
        refused("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"minimun\":1}}}", "'minimun'", "#/properties/a");
        refused("{\"type\":\"string\",\"format\":\"date-tme\"}", "'date-tme'", "'date-time'");
        refused("{\"type\":\"strin\"}", "'strin'");
        refused("{\"type\":\"object\",\"required\":\"a\"}", "'required'");
        refused("{\"type\":\"string\",\"minLength\":-1}", "'minLength'");
        refused("{\"enum\":\"a\"}", "'enum'");
        refused("{\"type\":\"array\",\"items\":\"string\"}", "'items'");
        // other spellings of annotations and vendor keys are not slips
        accepts(exact("{\"type\":\"string\",\"readonly\":true,\"x-maxLenght\":1,\"_format\":\"y\"}"), "\"abc\"");
    }

    @Test
    void notOfTypesRequiredAndStringEnums() {
        Grammar type = exact("{\"not\":{\"type\":[\"string\",\"number\"]}}");
        accepts(type, "null", "true", "[1]", "{}");
        rejects(type, "\"x\"", "1", "1.5");
        Grammar req = exact("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},"
                + "\"not\":{\"required\":[\"a\",\"b\"]}}");
        accepts(req, "{}", "{\"a\": 1}", "{\"b\": 1}");
        rejects(req, "{\"a\": 1, \"b\": 2}");
        Grammar en = exact("{\"type\":\"string\",\"not\":{\"enum\":[\"admin\",\"root\"]}}");
        accepts(en, "\"adm\"", "\"admins\"", "\"\"", "\"bob\"");
        rejects(en, "\"admin\"", "\"root\"");
        Grammar ports = exact("{\"type\":\"integer\",\"minimum\":6378,\"maximum\":6382,\"not\":{\"enum\":[6379,6380,true]}}");
        accepts(ports, "6378", "6381", "6382");
        rejects(ports, "6379", "6380", "6383", "6377");
        Grammar chars = exact("{\"type\":\"string\",\"not\":{\"pattern\":\"[^a-z ]\"}}");
        accepts(chars, "\"abc def\"", "\"\"");
        rejects(chars, "\"abC\"", "\"a-b\"");
        Grammar both = exact("{\"not\":{\"type\":\"string\",\"pattern\":\"A\"}}");
        accepts(both, "\"bcd\"", "1", "null");
        rejects(both, "\"xAy\"");
    }

    @Test
    void dependenciesAndExactlyOneOfRequired() {
        Grammar dep = exact("{\"type\":\"object\",\"properties\":{\"card\":{\"type\":\"string\"},\"cvv\":{\"type\":\"string\"}},"
                + "\"dependencies\":{\"card\":[\"cvv\"]},\"additionalProperties\":false}");
        accepts(dep, "{}", "{\"cvv\": \"1\"}", "{\"card\": \"4\", \"cvv\": \"1\"}");
        rejects(dep, "{\"card\": \"4\"}");
        Grammar one = exact("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},\"b\":{\"type\":\"integer\"}},"
                + "\"oneOf\":[{\"required\":[\"a\"]},{\"required\":[\"b\"]}]}");
        accepts(one, "{\"a\": 1}", "{\"b\": 1}");
        rejects(one, "{\"a\": 1, \"b\": 2}", "{}");
    }

    @Test
    void patternsSearchUnlessAnchored() {
        Grammar g = exact("{\"type\":\"string\",\"pattern\":\"ab+\"}");
        accepts(g, "\"ab\"", "\"xxabbby\"", "\"abab\"");
        rejects(g, "\"a\"", "\"ba\"", "\"\"");
        Grammar anchored = exact("{\"type\":\"string\",\"pattern\":\"^[a-f\\\\d]{2,3}$\"}");
        accepts(anchored, "\"a1\"", "\"ff0\"");
        rejects(anchored, "\"a\"", "\"abcd\"", "\"xa1\"", "\"a1x\"", "\"g1\"");
        Grammar start = exact("{\"type\":\"string\",\"pattern\":\"^https?://\"}");
        accepts(start, "\"http://x\"", "\"https://\"");
        rejects(start, "\"ftp://x\"", "\" http://x\"");
        Grammar alt = exact("{\"type\":\"string\",\"pattern\":\"^(red|green)$|^#[0-9a-f]{6}$\"}");
        accepts(alt, "\"red\"", "\"#00ff00\"");
        rejects(alt, "\"reds\"", "\"#00ff0\"", "\"blue\"");
        // a negated class meets JSON escapes: the quote is written \" inside the string
        Grammar neg = exact("{\"type\":\"string\",\"pattern\":\"^[^a]$\"}");
        accepts(neg, "\"\\\"\"", "\"b\"", "\"\\n\"");
        rejects(neg, "\"a\"", "\"bb\"");
        // when generating, an unanchored pattern is filled exactly
        Grammar gen = Grammar.jsonSchema("{\"type\":\"string\",\"pattern\":\"ab\"}");
        accepts(gen, "\"ab\"");
        rejects(gen, "\"xab\"");
        refused("{\"type\":\"string\",\"pattern\":\"^(?!x).*$\"}", "pattern", "lookaround");
        refused("{\"type\":\"string\",\"pattern\":\"(a)\\\\1\"}", "backreference");
        // (x*)* would be left recursion to llama.cpp
        accepts(exact("{\"type\":\"string\",\"pattern\":\"^([a-z]*)*$\"}"), "\"abc\"", "\"\"");
        // lengths cut a pattern that varies through one repeated character
        Grammar cut = exact("{\"type\":\"string\",\"pattern\":\"^[a-z][a-z0-9-]*$\",\"minLength\":3,\"maxLength\":5}");
        accepts(cut, "\"abc\"", "\"a-1-b\"");
        rejects(cut, "\"ab\"", "\"abcdef\"", "\"1bc\"");
    }

    @Test
    void formatsAreEnforcedOrRefused() {
        Grammar date = exact("{\"type\":\"string\",\"format\":\"date\"}");
        accepts(date, "\"2024-02-28\"", "\"1999-12-31\"", "\"2024-04-30\"");
        rejects(date, "\"2024-02-30\"", "\"2024-04-31\"", "\"2024-13-01\"", "\"24-01-01\"", "\"2024-01-01x\"");
        Grammar dt = exact("{\"type\":\"string\",\"format\":\"date-time\"}");
        accepts(dt, "\"2022-01-01T12:00:00Z\"", "\"2022-01-01T12:00:00.123+02:00\"");
        rejects(dt, "\"2022-01-01T12:00:00\"", "\"2022-01-01 12:00:00Z\"", "\"2022-01-01T24:00:00Z\"");
        Grammar uuid = exact("{\"type\":\"string\",\"format\":\"uuid\"}");
        accepts(uuid, "\"123e4567-e89b-12d3-a456-426614174000\"");
        rejects(uuid, "\"123e4567-e89b-12d3-a456-42661417400\"", "\"123e4567e89b12d3a456426614174000\"");
        Grammar email = exact("{\"type\":\"string\",\"format\":\"email\"}");
        accepts(email, "\"ana.silva@example.com.br\"");
        rejects(email, "\"ana\"", "\"ana@\"", "\"@x.com\"", "\"a b@x.com\"", "\"ana@x\"");
        Grammar uri = exact("{\"type\":\"string\",\"format\":\"uri\"}");
        accepts(uri, "\"https://example.com/a/b?q=1#top\"", "\"mailto:ana@example.com\"", "\"urn:isbn:0451450523\"");
        rejects(uri, "\"/relative/path\"", "\"example.com\"", "\"http://a b\"");
        accepts(exact("{\"type\":\"string\",\"format\":\"uri-reference\"}"), "\"/relative/path\"", "\"https://x.org\"");
        Grammar ip = exact("{\"type\":\"string\",\"format\":\"ipv4\"}");
        accepts(ip, "\"192.168.0.255\"");
        rejects(ip, "\"256.1.1.1\"", "\"1.2.3\"");
        // formats outside the specification are annotations
        accepts(exact("{\"type\":\"integer\",\"format\":\"int32\"}"), "7");
        accepts(exact("{\"type\":\"string\",\"format\":\"my-color\"}"), "\"anything\"");
        refused("{\"type\":\"string\",\"format\":\"ipv6\"}", "format 'ipv6'", "#");
    }

    @Test
    void numberBounds() {
        Grammar g = exact("{\"type\":\"number\",\"minimum\":0,\"maximum\":10}");
        accepts(g, "0", "10", "9.5", "0.25", "10.0", "3");
        rejects(g, "-1", "10.5", "11", "-0.5", "100");
        Grammar ex = exact("{\"type\":\"number\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":1}");
        accepts(ex, "0.5", "0.001");
        rejects(ex, "0", "0.0", "1", "1.0", "-0.5");
        Grammar draft4 = exact("{\"type\":\"integer\",\"minimum\":1,\"exclusiveMinimum\":true,\"maximum\":3}");
        accepts(draft4, "2", "3");
        rejects(draft4, "1", "4", "2.5");
        Grammar free = exact("{\"type\":\"number\"}");
        accepts(free, "-1.5e-3", "0", "12E+4", "-0.0");
        rejects(free, "01", "1.", ".5", "+1", "1e");
        Grammar nonneg = exact("{\"type\":\"number\",\"minimum\":0}");
        accepts(nonneg, "0", "1e5", "3.25");
        rejects(nonneg, "-1", "-0.5");
    }

    @Test
    void integerRangesHoldExactlyTheirIntegers() {
        Random r = new Random(42);
        long[][] ranges = {{5, 123}, {-40, 17}, {0, 0}, {-1000, -999}, {1, 1}, {99, 1001}, {-7, 7}};
        for (long[] lh : ranges) {
            Grammar g = exact("{\"type\":\"integer\",\"minimum\":" + lh[0] + ",\"maximum\":" + lh[1] + "}");
            for (int i = 0; i < 25; i++) {
                long v = lh[0] - 20 + r.nextInt((int) (lh[1] - lh[0] + 41));
                assertEquals(v >= lh[0] && v <= lh[1], g.accepts(Long.toString(v)), "range " + lh[0] + ".." + lh[1] + " value " + v);
            }
            assertEquals(lh[0] <= lh[1], g.accepts(Long.toString(lh[0])));
            assertFalse(g.accepts(lh[0] + ".5"), "integers have no fraction");
        }
        assertEquals(List.of(true, false), List.of(exact("{\"type\":\"integer\",\"minimum\":100}").accepts("123456"),
                exact("{\"type\":\"integer\",\"minimum\":100}").accepts("99")));
        // fractional bounds are rounded inward: never wider than the schema
        // fractional bounds compare digit by digit
        String[][] cases = {{"0.1", "1"}, {"0.5", "2.5"}, {"-1.25", "-0.5"}, {"-0.05", "0.05"}, {"2.5", "2.5"}};
        String[] values = {"0", "0.1", "0.09", "0.5", "0.55", "1", "1.0", "2", "2.5", "2.51", "-0.5", "-0.05", "-0.051", "-1.25", "-1.26", "-1", "0.049", "-0.7"};
        for (String[] c : cases) {
            for (boolean exclusive : new boolean[] {false, true}) {
                String schema = exclusive
                        ? "{\"type\":\"number\",\"exclusiveMinimum\":" + c[0] + ",\"exclusiveMaximum\":" + c[1] + "}"
                        : "{\"type\":\"number\",\"minimum\":" + c[0] + ",\"maximum\":" + c[1] + "}";
                BigDecimal lo = new BigDecimal(c[0]), hi = new BigDecimal(c[1]);
                boolean empty = lo.compareTo(hi) == 0 && exclusive;
                if (empty) {
                    refused(schema, "admits no value");
                    continue;
                }
                Grammar g = exact(schema);
                for (String v : values) {
                    BigDecimal x = new BigDecimal(v);
                    boolean in = exclusive ? x.compareTo(lo) > 0 && x.compareTo(hi) < 0 : x.compareTo(lo) >= 0 && x.compareTo(hi) <= 0;
                    assertEquals(in, g.accepts(v), schema + " on " + v);
                }
            }
        }
    }

    @Test
    void stringLengthsCountCharactersNotBytes() {
        Grammar g = exact("{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}");
        accepts(g, "\"ab\"", "\"abc\"", "\"\\n\\t\"", "\"ção\"");
        rejects(g, "\"a\"", "\"abcd\"", "\"\\\"\"");
        refused("{\"type\":\"string\",\"minLength\":5,\"maxLength\":2}", "admits no value");
    }

    @Test
    void requiredAndOptionalPropertiesInDeclaredOrder() {
        Grammar g = exact("""
                {"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"integer"},"c":{"type":"integer"}},
                 "required":["b"],"additionalProperties":false}""");
        accepts(g, "{\"b\": 1}", "{\"a\": 1, \"b\": 2}", "{\"a\": 1, \"b\": 2, \"c\": 3}", "{\"b\": 2, \"c\": 3}");
        rejects(g, "{}", "{\"a\": 1}", "{\"a\": 1, \"c\": 3}", "{\"b\": 1,}", "{\"b\": 1, \"d\": 4}");
        Grammar opt = exact("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}},\"additionalProperties\":false,\"minProperties\":1}");
        accepts(opt, "{\"a\": 1}");
        rejects(opt, "{}");
    }

    @Test
    void additionalProperties() {
        String props = "\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}";
        Grammar closed = exact("{" + props + ",\"additionalProperties\":false}");
        rejects(closed, "{\"a\": 1, \"b\": 2}");
        Grammar open = exact("{" + props + ",\"additionalProperties\":true}");
        accepts(open, "{\"a\": 1, \"b\": [1, {\"c\": null}]}", "{\"zz\": \"x\"}");
        // a key spelled like a declared property must meet that property's schema
        rejects(open, "{\"a\": \"x\"}");
        Grammar typed = exact("{" + props + ",\"additionalProperties\":{\"type\":\"string\"}}");
        accepts(typed, "{\"a\": 1, \"b\": \"x\"}", "{\"ab\": \"x\"}", "{\"\": \"x\"}");
        rejects(typed, "{\"a\": 1, \"b\": 2}", "{\"a\": \"x\"}");
        // absent: the exact language admits more properties, generation writes only the declared ones
        accepts(exact("{" + props + "}"), "{\"a\": 1, \"b\": 2}");
        rejects(Grammar.jsonSchema("{" + props + "}"), "{\"a\": 1, \"b\": 2}");
        Grammar any = exact("{\"type\":\"object\"}");
        accepts(any, "{}", "{\"x\": {\"y\": [true]}}");
        rejects(any, "[]", "1");
    }

    @Test
    void patternProperties() {
        Grammar g = exact("""
                {"type":"object","properties":{"id":{"type":"integer"}},
                 "patternProperties":{"^x-":{"type":"string"}},"additionalProperties":false}""");
        accepts(g, "{\"id\": 1}", "{\"id\": 1, \"x-a\": \"v\"}", "{\"x-\": \"v\", \"x-b\": \"w\"}");
        rejects(g, "{\"id\": 1, \"y\": \"v\"}", "{\"x-a\": 1}");
        refused("{\"type\":\"object\",\"patternProperties\":{\"^a\":{\"type\":\"string\"}},\"additionalProperties\":{\"type\":\"integer\"}}",
                "patternProperties");
    }

    @Test
    void allOfMergesKeywordByKeyword() {
        Grammar g = exact("""
                {"allOf":[{"type":"object","properties":{"a":{"type":"integer","minimum":0}}},
                          {"properties":{"a":{"maximum":5},"b":{"type":"string"}},"required":["a"]}]}""");
        accepts(g, "{\"a\": 3}", "{\"a\": 5, \"b\": \"x\"}");
        rejects(g, "{\"a\": 6}", "{\"a\": -1}", "{\"b\": \"x\"}", "{\"a\": 3, \"b\": 1}");
        // additionalProperties:false on one side forbids what only the other side declares
        Grammar strict = exact("""
                {"allOf":[{"properties":{"a":{"type":"integer"}}},{"type":"object","properties":{"b":{"type":"integer"}},"additionalProperties":false}]}""");
        accepts(strict, "{\"b\": 1}", "{}");
        rejects(strict, "{\"a\": 1}", "{\"a\": 1, \"b\": 1}");
        // types intersect, an empty intersection admits nothing
        refused("{\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "admits no value");
        Grammar num = exact("{\"allOf\":[{\"type\":\"number\"},{\"type\":[\"integer\",\"string\"]}]}");
        accepts(num, "3");
        rejects(num, "3.5", "\"x\"");
    }

    @Test
    void anyOfAndOneOf() {
        Grammar any = exact("{\"anyOf\":[{\"type\":\"string\",\"maxLength\":2},{\"type\":\"integer\"}],\"description\":\"x\"}");
        accepts(any, "\"ab\"", "12");
        rejects(any, "\"abc\"", "1.5", "null");
        Grammar sib = exact("{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"string\"}},\"required\":[\"k\"],\"additionalProperties\":false,"
                + "\"oneOf\":[{\"properties\":{\"k\":{\"const\":\"a\"}}},{\"properties\":{\"k\":{\"const\":\"b\"}}}]}");
        accepts(sib, "{\"k\": \"a\"}", "{\"k\": \"b\"}");
        rejects(sib, "{\"k\": \"c\"}", "{}");
        Grammar one = exact("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"null\"},{\"type\":\"integer\",\"maximum\":3},{\"type\":\"integer\",\"minimum\":4}]}");
        accepts(one, "\"x\"", "null", "3", "4");
        rejects(one, "true", "3.5");
        refused("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "'oneOf'", "#");
        refused("{\"oneOf\":[{\"type\":\"string\",\"maxLength\":5},{\"type\":\"string\",\"minLength\":3}]}", "'oneOf'");
    }

    @Test
    void refsDefsAndRecursion() {
        Grammar tree = exact("""
                {"$ref":"#/definitions/node","definitions":{"node":{"type":"object","properties":{
                  "v":{"type":"integer"},"kids":{"type":"array","items":{"$ref":"#/definitions/node"}}},
                  "required":["v"],"additionalProperties":false}}}""");
        accepts(tree, "{\"v\": 1}", "{\"v\": 1, \"kids\": [{\"v\": 2, \"kids\": [{\"v\": 3}]}]}");
        rejects(tree, "{\"v\": 1, \"kids\": [{\"w\": 2}]}");
        Grammar sibling = exact("{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"$ref\":\"#/$defs/n\",\"minimum\":1}");
        accepts(sibling, "1", "99");
        rejects(sibling, "0", "\"1\"");
        Grammar anchor = exact("{\"$defs\":{\"s\":{\"$anchor\":\"short\",\"type\":\"string\",\"maxLength\":1}},\"$ref\":\"#short\"}");
        accepts(anchor, "\"a\"");
        rejects(anchor, "\"ab\"");
        refused("{\"$ref\":\"http://example.com/other.json\"}", "remote");
        refused("{\"$ref\":\"#/definitions/missing\"}", "points to nothing");
    }

    @Test
    void constAndEnum() {
        Grammar c = exact("{\"const\":{\"a\":[1,\"x\"]}}");
        accepts(c, "{\"a\": [1, \"x\"]}", "{\"a\":[1,\"x\"]}");
        rejects(c, "{\"a\": [1]}", "{\"a\": [\"x\", 1]}");
        Grammar e = exact("{\"type\":\"string\",\"enum\":[\"a\",\"b\\\"c\",1,null]}");
        accepts(e, "\"a\"", "\"b\\\"c\"");
        rejects(e, "1", "null", "\"c\"");
        Grammar filtered = exact("{\"enum\":[\"a\",\"bbb\"],\"maxLength\":2}");
        accepts(filtered, "\"a\"");
        rejects(filtered, "\"bbb\"");
        Grammar num = exact("{\"enum\":[1,2.5]}");
        accepts(num, "1", "1.0", "2.5");
        rejects(num, "2", "25");
    }

    @Test
    void arrays() {
        Grammar g = exact("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":3}");
        accepts(g, "[1]", "[1, 2, 3]", "[ 1 ]");
        rejects(g, "[]", "[1, 2, 3, 4]", "[1, \"x\"]", "[1,]");
        Grammar tuple = exact("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"items\":false}");
        accepts(tuple, "[]", "[\"a\"]", "[\"a\", 1]");
        rejects(tuple, "[1]", "[\"a\", 1, 2]");
        Grammar draft7 = exact("{\"type\":\"array\",\"items\":[{\"type\":\"string\"}],\"additionalItems\":{\"type\":\"integer\"},\"minItems\":2}");
        accepts(draft7, "[\"a\", 1]", "[\"a\", 1, 2]");
        rejects(draft7, "[\"a\"]", "[\"a\", \"b\"]");
        Grammar free = exact("{\"type\":\"array\"}");
        accepts(free, "[]", "[1, \"a\", [null], {}]");
    }

    @Test
    void boundedModeKeepsGenerationFinite() {
        String s = "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"},\"a\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}}}";
        String longString = "{\"s\": \"" + "x".repeat(JsonSchemas.DEFAULT_MAX_LENGTH + 1) + "\"}";
        String manyItems = "{\"a\": [" + "1, ".repeat(JsonSchemas.DEFAULT_MAX_ITEMS) + "1]}";
        Grammar bounded = Grammar.jsonSchema(s);
        rejects(bounded, longString, manyItems);
        accepts(bounded, "{\"s\": \"" + "x".repeat(JsonSchemas.DEFAULT_MAX_LENGTH) + "\"}");
        accepts(exact(s), longString, manyItems);
        Grammar tight = Grammar.jsonSchema(s, JsonSchemaOptions.defaults().withMaxLength(3).withMaxItems(2));
        accepts(tight, "{\"s\": \"abc\", \"a\": [1, 2]}");
        rejects(tight, "{\"s\": \"abcd\"}", "{\"a\": [1, 2, 3]}");
        // a free value nests at most ANY_DEPTH containers when generating
        Grammar free = Grammar.jsonSchema("{}");
        accepts(free, "[[1]]", "{\"a\": [true]}");
        rejects(free, "[[[[1]]]]");
    }
}
