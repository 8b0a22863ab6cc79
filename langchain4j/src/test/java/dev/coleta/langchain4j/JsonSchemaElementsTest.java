package dev.coleta.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.GrammarException;
import dev.coleta.grammar.Grammar;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonSchemaElementsTest {
    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(JsonSchemaElement e) throws Exception {
        return M.readTree(JsonSchemaElements.toJson(e));
    }

    @Test
    void nestedObjectsWithRequiredAndOptionalProperties() throws Exception {
        JsonObjectSchema address = JsonObjectSchema.builder()
                .addStringProperty("city")
                .addStringProperty("zip", "postal code")
                .required("city")
                .build();
        JsonObjectSchema person = JsonObjectSchema.builder()
                .addStringProperty("name")
                .addProperty("address", address)
                .required("name", "address")
                .additionalProperties(false)
                .build();
        JsonNode s = json(person);
        assertEquals(M.readTree("""
                {"type":"object","properties":{
                   "name":{"type":"string"},
                   "address":{"type":"object","properties":{"city":{"type":"string"},
                                                            "zip":{"type":"string","description":"postal code"}},
                              "required":["city"]}},
                 "required":["name","address"],"additionalProperties":false}"""), s);
        Grammar g = Grammar.jsonSchema(s.toString());
        assertTrue(g.accepts("{\"name\":\"Ana\",\"address\":{\"city\":\"Lisboa\"}}"), "optional zip may be left out");
        assertTrue(g.accepts("{\"name\":\"Ana\",\"address\":{\"city\":\"Lisboa\",\"zip\":\"1000\"}}"));
        assertFalse(g.accepts("{\"name\":\"Ana\",\"address\":{\"zip\":\"1000\"}}"), "city is required");
        assertFalse(g.accepts("{\"name\":\"Ana\"}"), "address is required");
    }

    @Test
    void strictRequiresEveryPropertyAtEveryDepth() throws Exception {
        // The shape AiServices writes for a record: nothing required.
        JsonObjectSchema inner = JsonObjectSchema.builder().addStringProperty("city").build();
        JsonObjectSchema outer = JsonObjectSchema.builder().addStringProperty("name").addProperty("address", inner).build();
        assertTrue(Grammar.jsonSchema(JsonSchemaElements.toJson(outer)).accepts("{}"), "as written, {} is valid");
        JsonNode strict = M.readTree(JsonSchemaElements.toJson(outer, null, true));
        assertEquals(M.readTree("[\"name\",\"address\"]"), strict.get("required"));
        assertEquals(M.readTree("[\"city\"]"), strict.at("/properties/address/required"));
        assertFalse(strict.get("additionalProperties").asBoolean(true));
        Grammar g = Grammar.jsonSchema(strict.toString());
        assertFalse(g.accepts("{}"));
        assertFalse(g.accepts("{\"name\":\"a\",\"address\":{}}"));
        assertTrue(g.accepts("{\"name\":\"a\",\"address\":{\"city\":\"b\"}}"));
    }

    @Test
    void arraysAndEnums() throws Exception {
        JsonObjectSchema order = JsonObjectSchema.builder()
                .addProperty("tags", JsonArraySchema.builder().items(new JsonStringSchema()).build())
                .addProperty("status", JsonEnumSchema.builder().enumValues("open", "closed").build())
                .required("tags", "status")
                .build();
        JsonNode s = json(order);
        assertEquals(M.readTree("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"), s.at("/properties/tags"));
        assertEquals(M.readTree("{\"type\":\"string\",\"enum\":[\"open\",\"closed\"]}"), s.at("/properties/status"));
        Grammar g = Grammar.jsonSchema(s.toString());
        assertTrue(g.accepts("{\"tags\":[\"a\",\"b\"],\"status\":\"open\"}"));
        assertTrue(g.accepts("{\"tags\":[],\"status\":\"closed\"}"));
        assertFalse(g.accepts("{\"tags\":[\"a\"],\"status\":\"pending\"}"), "not in the enum");
        assertFalse(g.accepts("{\"tags\":[1],\"status\":\"open\"}"), "items are strings");
    }

    @Test
    void nullableIsAnyOfWithNull() throws Exception {
        JsonObjectSchema s = JsonObjectSchema.builder()
                .addProperty("nickname", JsonAnyOfSchema.builder().anyOf(new JsonStringSchema(), new JsonNullSchema()).build())
                .required("nickname")
                .build();
        JsonNode j = json(s);
        assertEquals(M.readTree("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}"), j.at("/properties/nickname"));
        Grammar g = Grammar.jsonSchema(j.toString());
        assertTrue(g.accepts("{\"nickname\":null}"));
        assertTrue(g.accepts("{\"nickname\":\"x\"}"));
        assertFalse(g.accepts("{\"nickname\":3}"));
    }

    @Test
    void integersTakeTheGivenRangeUnlessUnbounded() throws Exception {
        JsonObjectSchema s = JsonObjectSchema.builder().addIntegerProperty("age").required("age").build();
        assertEquals(M.readTree("{\"type\":\"integer\"}"), json(s).at("/properties/age"));
        String bounded = JsonSchemaElements.toJson(s, JsonSchemaElements.IntegerRange.ofInt(), false);
        assertEquals(Integer.MAX_VALUE, M.readTree(bounded).at("/properties/age/maximum").asLong());
        Grammar g = Grammar.jsonSchema(bounded);
        assertTrue(g.accepts("{\"age\":2147483647}"));
        assertTrue(g.accepts("{\"age\":-2147483648}"));
        assertFalse(g.accepts("{\"age\":2147483648}"), "wider than an int");
        assertThrows(IllegalArgumentException.class, () -> new JsonSchemaElements.IntegerRange(2, 1));
    }

    @Test
    void referencesPointIntoDefs() throws Exception {
        // A recursive type: a node and its children, as AiServices writes it.
        JsonObjectSchema node = JsonObjectSchema.builder()
                .addStringProperty("label")
                .addProperty("children", JsonArraySchema.builder().items(JsonReferenceSchema.builder().reference("Node").build()).build())
                .required("label", "children")
                .build();
        JsonObjectSchema root = JsonObjectSchema.builder()
                .addProperty("tree", JsonReferenceSchema.builder().reference("Node").build())
                .required("tree")
                .definitions(java.util.Map.of("Node", node))
                .build();
        JsonNode j = json(root);
        assertEquals("#/$defs/Node", j.at("/properties/tree/$ref").asText());
        assertEquals("#/$defs/Node", j.at("/$defs/Node/properties/children/items/$ref").asText());
        Grammar g = Grammar.jsonSchema(j.toString());
        assertTrue(g.accepts("{\"tree\":{\"label\":\"a\",\"children\":[{\"label\":\"b\",\"children\":[]}]}}"));
        assertFalse(g.accepts("{\"tree\":{\"label\":\"a\",\"children\":[{\"label\":\"b\"}]}}"));
    }

    @Test
    void rawSchemasAreEmbeddedAsWritten() throws Exception {
        String raw = "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9}},\"required\":[\"n\"]}";
        assertEquals(M.readTree(raw), M.readTree(JsonSchemaElements.toJson(JsonRawSchema.from(raw), JsonSchemaElements.IntegerRange.ofLong(), true)));
        assertThrows(GrammarException.class, () -> JsonSchemaElements.toJson(JsonRawSchema.from("{not json")));
    }

    @Test
    void responseFormatForAJavaTypeUsesTheLibrarySchema() throws Exception {
        record Person(String name, int age, List<String> tags) {
        }
        var format = ResponseFormats.forType(Person.class);
        assertEquals(ResponseFormatType.JSON, format.type());
        assertEquals("Person", format.jsonSchema().name());
        JsonNode s = M.readTree(JsonSchemaElements.toJson(format.jsonSchema()));
        assertEquals(dev.coleta.grammar.JsonSchemas.fromClass(Person.class).toString(), s.toString());
        assertEquals(Integer.MAX_VALUE, s.at("/properties/age/maximum").asLong());
        assertEquals(3, s.get("required").size());
    }

    @Test
    void argumentsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> JsonSchemaElements.toJson((JsonSchemaElement) null));
        assertEquals("element", e.getMessage());
        IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> ColetaChatModel.builder().build());
        assertTrue(b.getMessage().contains("modelPath or model"), b.getMessage());
    }
}
