package dev.coleta.grammar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.GrammarException;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON Schema before llama.cpp's converter sees it, and bounds it so that
 * generation under it always ends.
 *
 * <p>llama.cpp's converter silently ignores keywords it does not implement (e.g. {@code not},
 * {@code uniqueItems}, {@code multipleOf}), which would let output violate the schema; here
 * they are an error. Strings without {@code maxLength} (and without enum/const/pattern/format)
 * get {@link #DEFAULT_MAX_LENGTH}, arrays without {@code maxItems} get
 * {@link #DEFAULT_MAX_ITEMS}; schemas that accept any value or any object (no type, or
 * {@code additionalProperties: true}) are rejected because no bound can be put on them.
 */
public final class JsonSchemas {
    /** maxLength given to strings that have none. */
    public static final int DEFAULT_MAX_LENGTH = 256;
    /** maxItems given to arrays that have none. */
    public static final int DEFAULT_MAX_ITEMS = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    // Keywords llama.cpp's converter implements (common/json-schema.cpp), plus annotations
    // that constrain nothing.
    private static final Set<String> SUPPORTED = Set.of(
            "type", "properties", "required", "additionalProperties", "items", "prefixItems",
            "minItems", "maxItems", "enum", "const", "anyOf", "oneOf", "allOf", "$ref", "$defs",
            "definitions", "pattern", "format", "minLength", "maxLength", "minimum", "maximum",
            "exclusiveMinimum", "exclusiveMaximum",
            "$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated",
            "readOnly", "writeOnly");
    private static final Set<String> FORMATS = Set.of("date", "time", "date-time", "uuid", "uuid1", "uuid2",
            "uuid3", "uuid4", "uuid5");

    private JsonSchemas() {
    }

    /** Parses, checks and bounds a schema with the default bounds; returns the JSON text to convert. */
    public static String prepare(String schemaJson) {
        return prepare(schemaJson, DEFAULT_MAX_LENGTH, DEFAULT_MAX_ITEMS);
    }

    /** Parses, checks and bounds a schema; returns the JSON text to convert. */
    public static String prepare(String schemaJson, int maxLength, int maxItems) {
        if (maxLength < 1 || maxItems < 1) throw new IllegalArgumentException("maxLength and maxItems must be >= 1");
        JsonNode root = parse(schemaJson);
        if (!root.isObject()) throw new GrammarException("JSON schema must be an object, got " + root.getNodeType());
        ObjectNode copy = root.deepCopy();
        walk(copy, "#", maxLength, maxItems);
        return copy.toString();
    }

    /** Parses schema text, turning syntax errors into {@link GrammarException}. */
    public static JsonNode parse(String schemaJson) {
        if (schemaJson == null || schemaJson.isBlank()) throw new GrammarException("JSON schema is empty");
        try {
            return JSON.readTree(schemaJson);
        } catch (JsonProcessingException e) {
            throw new GrammarException("JSON schema is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    private static void walk(ObjectNode s, String path, int maxLength, int maxItems) {
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!SUPPORTED.contains(k)) {
                throw new GrammarException("JSON schema keyword '" + k + "' at " + path
                        + " is not supported by the grammar converter (it would be ignored); remove it");
            }
        }
        if (s.has("format")) {
            String f = s.get("format").asText();
            if (!FORMATS.contains(f)) {
                throw new GrammarException("JSON schema format '" + f + "' at " + path + " is not supported; use one of " + FORMATS);
            }
        }
        JsonNode add = s.get("additionalProperties");
        if (add != null && add.isBoolean() && add.booleanValue()) {
            throw new GrammarException("additionalProperties: true at " + path + " allows unbounded objects; list the properties instead");
        }
        checkConverterHonours(s, path);
        boolean constrained = s.has("$ref") || s.has("anyOf") || s.has("oneOf") || s.has("allOf") || s.has("enum") || s.has("const");
        JsonNode type = s.get("type");
        if (type == null && !constrained && !s.has("properties")) {
            throw new GrammarException("schema at " + path + " has no type and so accepts any value; give it a type");
        }
        if (type != null && !type.isTextual() && !type.isArray()) {
            throw new GrammarException("'type' at " + path + " must be a string or an array of strings");
        }
        if (hasType(type, "object") && !s.has("properties") && (add == null || !add.isObject())) {
            throw new GrammarException("object at " + path + " has no properties and so accepts any object; list its properties");
        }
        if (hasType(type, "string") && !s.has("maxLength") && !s.has("enum") && !s.has("const")
                && !s.has("pattern") && !s.has("format")) {
            s.put("maxLength", maxLength);
        }
        if (hasType(type, "array") && !s.has("maxItems") && !s.has("prefixItems")) {
            s.put("maxItems", maxItems);
        }
        if (s.has("minLength") && s.has("maxLength") && s.get("minLength").asInt() > s.get("maxLength").asInt()) {
            throw new GrammarException("minLength > maxLength at " + path);
        }
        if (s.has("minItems") && s.has("maxItems") && s.get("minItems").asInt() > s.get("maxItems").asInt()) {
            throw new GrammarException("minItems > maxItems at " + path);
        }
        JsonNode props = s.get("properties");
        if (props != null) {
            if (!props.isObject()) throw new GrammarException("'properties' at " + path + " must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                child(e.getValue(), path + "/properties/" + e.getKey(), maxLength, maxItems);
            }
        }
        if (add != null && add.isObject()) child(add, path + "/additionalProperties", maxLength, maxItems);
        JsonNode items = s.get("items");
        if (items != null) {
            if (items.isArray()) eachChild((ArrayNode) items, path + "/items", maxLength, maxItems);
            else child(items, path + "/items", maxLength, maxItems);
        }
        for (String k : new String[] {"prefixItems", "anyOf", "oneOf", "allOf"}) {
            JsonNode n = s.get(k);
            if (n == null) continue;
            if (!n.isArray()) throw new GrammarException("'" + k + "' at " + path + " must be an array");
            eachChild((ArrayNode) n, path + "/" + k, maxLength, maxItems);
        }
        for (String k : new String[] {"$defs", "definitions"}) {
            JsonNode n = s.get(k);
            if (n == null) continue;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                child(e.getValue(), path + "/" + k + "/" + e.getKey(), maxLength, maxItems);
            }
        }
    }

    // Annotations constrain nothing; they may stand beside any keyword.
    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$comment", "title", "description", "default",
            "examples", "deprecated", "readOnly", "writeOnly", "$defs", "definitions");

    /**
     * Rejects supported keywords in places where the converter drops them (common/json-schema.cpp):
     * siblings of $ref, anyOf and oneOf; bounds on "number" (only "integer" gets them); allOf
     * beside properties.
     */
    private static void checkConverterHonours(ObjectNode s, String path) {
        for (String alt : new String[] {"$ref", "anyOf", "oneOf"}) {
            if (!s.has(alt)) continue;
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!k.equals(alt) && !ANNOTATIONS.contains(k)) {
                    throw new GrammarException("'" + k + "' beside '" + alt + "' at " + path
                            + " would be ignored by the grammar converter; move it into the referenced or alternative schemas");
                }
            }
        }
        JsonNode type = s.get("type");
        if (hasType(type, "number")) {
            for (String k : new String[] {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}) {
                if (s.has(k)) {
                    throw new GrammarException("'" + k + "' on a number at " + path
                            + " is not enforced by the grammar converter (only integers get bounds); use an integer or drop the bound");
                }
            }
        }
        if (s.has("allOf") && s.has("properties")) {
            throw new GrammarException("'allOf' beside 'properties' at " + path + " would be ignored by the grammar converter; merge them");
        }
    }

    private static void eachChild(ArrayNode arr, String path, int maxLength, int maxItems) {
        for (int i = 0; i < arr.size(); i++) child(arr.get(i), path + "/" + i, maxLength, maxItems);
    }

    private static void child(JsonNode n, String path, int maxLength, int maxItems) {
        if (!n.isObject()) throw new GrammarException("schema at " + path + " must be an object");
        walk((ObjectNode) n, path, maxLength, maxItems);
    }

    private static boolean hasType(JsonNode type, String name) {
        if (type == null) return false;
        if (type.isTextual()) return type.textValue().equals(name);
        for (JsonNode t : type) if (name.equals(t.asText())) return true;
        return false;
    }
}
