package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;
import dev.coleta.GrammarException;
import dev.coleta.grammar.JsonSchemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema helpers for scrape: making values nullable (data a page lacks must be
 * expressible), bounding the output size, and validation of results (networknt). Schemas
 * from Java classes come from {@link JsonSchemas#fromClass}.
 */
public final class Schemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Schemas() {
    }

    /**
     * A copy of {@code schema} in which every value below the root may also be null, so that
     * data absent from a page (or removed by the hallucination check) stays valid.
     */
    public static ObjectNode nullable(JsonNode schema) {
        if (!schema.isObject()) throw new GrammarException("JSON schema must be an object");
        ObjectNode copy = schema.deepCopy();
        makeChildrenNullable(copy);
        return copy;
    }

    private static void makeChildrenNullable(ObjectNode s) {
        JsonNode props = s.get("properties");
        if (props != null && props.isObject()) {
            for (Map.Entry<String, JsonNode> e : props.properties()) {
                if (e.getValue().isObject()) ((ObjectNode) props).set(e.getKey(), nullableNode((ObjectNode) e.getValue()));
            }
        }
        JsonNode items = s.get("items");
        if (items != null && items.isObject()) s.set("items", nullableNode((ObjectNode) items));
        for (String k : new String[] {"$defs", "definitions"}) {
            JsonNode defs = s.get(k);
            if (defs != null && defs.isObject()) defs.forEach(d -> {
                if (d.isObject()) makeChildrenNullable((ObjectNode) d);
            });
        }
    }

    private static ObjectNode nullableNode(ObjectNode s) {
        makeChildrenNullable(s);
        JsonNode type = s.get("type");
        if (type != null && type.isTextual()) {
            if (type.asText().equals("null")) return s;
            ArrayNode types = F.arrayNode().add(type.asText()).add("null");
            s.set("type", types);
            return s;
        }
        if (type != null && type.isArray()) {
            for (JsonNode t : type) if (t.asText().equals("null")) return s;
            ((ArrayNode) type).add("null");
            return s;
        }
        // enum, const, $ref, anyOf...: wrap.
        ObjectNode wrapped = F.objectNode();
        wrapped.putArray("anyOf").add(s).add(F.objectNode().put("type", "null"));
        return wrapped;
    }

    /**
     * Tightens maxLength (never below minLength) until the largest output with one item per
     * array is at most {@code maxChars} characters, so that any single record fits; arrays keep
     * their own bound (at most {@link JsonSchemas#DEFAULT_MAX_ITEMS}). Tightening keeps every
     * output valid against the original schema. Returns a bounded copy.
     *
     * <p>Why not bound the worst case with every array full: that forced strings down to a few
     * dozen characters on list pages (every item slot was paid for), which cut real values
     * (URLs, titles) that fit the answer easily; an answer with many long items is still
     * caught, since generation under a grammar ends complete or fails.
     */
    public static ObjectNode fitOutput(String schemaJson, int maxChars) {
        int maxLength = JsonSchemas.DEFAULT_MAX_LENGTH;
        int maxItems = JsonSchemas.DEFAULT_MAX_ITEMS;
        ObjectNode bounded = (ObjectNode) JsonSchemas.parse(JsonSchemas.prepare(schemaJson, maxLength, maxItems));
        ObjectNode oneItem = bounded.deepCopy();
        cap(oneItem, maxLength, 1);
        while (worstCaseChars(oneItem) > maxChars && maxLength > 8) {
            maxLength = Math.max(8, maxLength * 3 / 4);
            cap(oneItem, maxLength, 1);
            cap(bounded, maxLength, maxItems);
        }
        return bounded;
    }

    private static void cap(JsonNode node, int maxLength, int maxItems) {
        List<JsonNode> stack = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty()) {
            JsonNode n = stack.remove(stack.size() - 1);
            if (n.isObject()) {
                ObjectNode o = (ObjectNode) n;
                if (o.has("maxLength")) o.put("maxLength", Math.max(o.path("minLength").asInt(0), Math.min(o.get("maxLength").asInt(), maxLength)));
                if (o.has("maxItems")) o.put("maxItems", Math.max(o.path("minItems").asInt(0), Math.min(o.get("maxItems").asInt(), maxItems)));
            }
            n.forEach(stack::add);
        }
    }

    /** A rough upper bound of the characters of any instance (references count 256). */
    public static long worstCaseChars(JsonNode s) {
        if (s == null || !s.isObject()) return 256;
        long best = 0;
        if (s.has("enum")) {
            for (JsonNode v : s.get("enum")) best = Math.max(best, v.toString().length());
            return best;
        }
        if (s.has("const")) return s.get("const").toString().length();
        for (String k : new String[] {"anyOf", "oneOf"}) {
            if (s.has(k)) {
                for (JsonNode alt : s.get(k)) best = Math.max(best, worstCaseChars(alt));
                return best;
            }
        }
        if (s.has("$ref")) return 256;
        JsonNode type = s.get("type");
        List<String> types = new ArrayList<>();
        if (type == null && s.has("properties")) types.add("object");
        else if (type != null && type.isTextual()) types.add(type.asText());
        else if (type != null) type.forEach(t -> types.add(t.asText()));
        for (String t : types) {
            long c = switch (t) {
                case "string" -> s.path("maxLength").asLong(256) * 2 + 2; // escapes may double characters
                case "integer" -> 18;
                case "number" -> 40;
                case "boolean", "null" -> 5;
                case "array" -> 2 + s.path("maxItems").asLong(32) * (worstCaseChars(s.get("items")) + 4);
                case "object" -> {
                    long sum = 2;
                    JsonNode props = s.get("properties");
                    if (props != null) for (Map.Entry<String, JsonNode> e : props.properties()) {
                        sum += e.getKey().length() + 6 + worstCaseChars(e.getValue());
                    }
                    yield sum;
                }
                default -> 256;
            };
            best = Math.max(best, c);
        }
        return best;
    }

    /** Validation errors of {@code value} against {@code schema} (empty when valid). */
    public static List<String> validate(JsonNode schema, JsonNode value) {
        SpecVersion.VersionFlag version = SpecVersionDetector.detectOptionalVersion(schema, false)
                .orElse(SpecVersion.VersionFlag.V202012);
        List<String> errors = new ArrayList<>();
        for (ValidationMessage m : JsonSchemaFactory.getInstance(version).getSchema(schema).validate(value)) {
            errors.add(m.getMessage());
        }
        return errors;
    }

    /**
     * Cuts arrays in {@code value} down to the schema's maxItems (merging chunks can exceed
     * it). Follows properties and items only; returns how many elements were dropped.
     */
    public static int capArrays(JsonNode value, JsonNode schema) {
        if (value == null || schema == null || !schema.isObject()) return 0;
        int dropped = 0;
        JsonNode effective = schema;
        if (schema.has("anyOf")) {
            for (JsonNode alt : schema.get("anyOf")) {
                if ((value.isArray() && hasType(alt, "array")) || (value.isObject() && (hasType(alt, "object") || alt.has("properties")))) {
                    effective = alt;
                }
            }
        }
        if (value.isArray()) {
            ArrayNode arr = (ArrayNode) value;
            int max = effective.path("maxItems").asInt(Integer.MAX_VALUE);
            while (arr.size() > max) {
                arr.remove(arr.size() - 1);
                dropped++;
            }
            for (JsonNode v : arr) dropped += capArrays(v, effective.get("items"));
        } else if (value.isObject()) {
            JsonNode props = effective.get("properties");
            if (props != null) for (Map.Entry<String, JsonNode> e : value.properties()) {
                dropped += capArrays(e.getValue(), props.get(e.getKey()));
            }
        }
        return dropped;
    }

    private static boolean hasType(JsonNode s, String t) {
        JsonNode type = s.get("type");
        if (type == null) return false;
        if (type.isTextual()) return type.asText().equals(t);
        for (JsonNode x : type) if (x.asText().equals(t)) return true;
        return false;
    }
}
