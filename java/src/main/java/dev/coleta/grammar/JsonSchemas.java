package dev.coleta.grammar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import dev.coleta.GrammarException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The front door to Coleta's JSON Schema converter ({@link JsonSchemaConverter}): parsing,
 * conversion to GBNF, the explicit bounding that {@code Schemas.fitOutput} tightens, and
 * schemas from Java types ({@link #fromClass}, the one implementation that
 * {@code coleta scrape --schema-class} and the LangChain4j module use).
 *
 * <p>Bounds are a generation policy ({@link JsonSchemaOptions}): strings without
 * {@code maxLength} (and without enum, const, pattern or format) get {@link #DEFAULT_MAX_LENGTH},
 * arrays without {@code maxItems} get {@link #DEFAULT_MAX_ITEMS}.
 */
public final class JsonSchemas {
    /** maxLength given to strings that have none. */
    public static final int DEFAULT_MAX_LENGTH = 256;
    /** maxItems given to arrays that have none. */
    public static final int DEFAULT_MAX_ITEMS = 32;

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonSchemas() {
    }

    /**
     * The JSON Schema of a Java record or class (victools, draft 2020-12 without a
     * {@code $schema} line): its fields, every one required, no additional properties, and
     * integer fields bounded by their Java range ({@code short}, {@code int}, {@code long} and
     * their boxes), so that every value the schema admits fits the type.
     * Nothing is nullable; {@code Schemas.nullable} makes a copy that is.
     */
    public static ObjectNode fromClass(Class<?> type) {
        Objects.requireNonNull(type, "type");
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        b.forTypesInGeneral().withTypeAttributeOverride((attrs, scope, ctx) -> {
            long[] range = javaRange(scope.getType().getErasedType());
            // victools writes byte as a string: bound only what it made an integer.
            if (range != null && "integer".equals(attrs.path("type").asText())) attrs.put("minimum", range[0]).put("maximum", range[1]);
        });
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(type);
        requireAll(schema);
        return schema;
    }

    /** The range of a Java integral type, or null for other types. */
    private static long[] javaRange(Class<?> c) {
        if (c == int.class || c == Integer.class) return new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
        if (c == long.class || c == Long.class) return new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
        if (c == short.class || c == Short.class) return new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
        return null;
    }

    private static void requireAll(JsonNode node) {
        List<JsonNode> stack = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty()) {
            JsonNode n = stack.remove(stack.size() - 1);
            if (n.isObject()) {
                JsonNode props = n.get("properties");
                if (props != null && props.isObject()) {
                    ArrayNode req = ((ObjectNode) n).putArray("required");
                    props.fieldNames().forEachRemaining(req::add);
                }
            }
            n.forEach(stack::add);
        }
    }

    /** GBNF text (start rule {@code root}) for {@code schemaJson}; not yet checked by llama.cpp. */
    public static String toGbnf(String schemaJson, JsonSchemaOptions options) {
        return JsonSchemaConverter.convert(parse(schemaJson), options);
    }

    /** Checks and bounds a schema with the default bounds; returns the JSON text. */
    public static String prepare(String schemaJson) {
        return prepare(schemaJson, DEFAULT_MAX_LENGTH, DEFAULT_MAX_ITEMS);
    }

    /**
     * Checks that a schema converts (throwing what {@link Grammar#jsonSchema} would throw) and
     * returns a copy in which strings and arrays carry explicit bounds, so that a caller can
     * tighten them. The bounded copy accepts a subset of what the schema accepts.
     */
    public static String prepare(String schemaJson, int maxLength, int maxItems) {
        JsonSchemaOptions options = JsonSchemaOptions.defaults().withMaxLength(maxLength).withMaxItems(maxItems);
        JsonNode root = parse(schemaJson);
        if (!root.isObject()) throw new GrammarException("JSON schema must be an object, got " + root.getNodeType());
        JsonSchemaConverter.convert(root, options);
        ObjectNode copy = root.deepCopy();
        bound(copy, maxLength, maxItems);
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

    // Keywords whose values are schemas, or objects/arrays of schemas.
    private static final List<String> ONE = List.of("items", "additionalProperties", "additionalItems", "not", "if", "then", "else");
    private static final List<String> MANY = List.of("properties", "patternProperties", "$defs", "definitions", "allOf", "anyOf",
            "oneOf", "prefixItems", "items");

    private static void bound(ObjectNode s, int maxLength, int maxItems) {
        JsonNode type = s.get("type");
        if (hasType(type, "string") && !s.has("maxLength") && !s.has("enum") && !s.has("const") && !s.has("pattern") && !s.has("format")) {
            s.put("maxLength", Math.max(maxLength, s.path("minLength").asInt(0)));
        }
        if (hasType(type, "array") && !s.has("maxItems")) {
            s.put("maxItems", Math.max(maxItems, Math.max(s.path("minItems").asInt(0), s.path("prefixItems").size())));
        }
        List<JsonNode> children = new ArrayList<>();
        for (String k : ONE) if (s.get(k) != null && s.get(k).isObject()) children.add(s.get(k));
        for (String k : MANY) {
            JsonNode n = s.get(k);
            if (n == null || !n.isContainerNode() || (k.equals("items") && n.isObject())) continue;
            if (n.isArray()) n.forEach(children::add);
            else for (Map.Entry<String, JsonNode> e : n.properties()) children.add(e.getValue());
        }
        for (JsonNode c : children) if (c.isObject()) bound((ObjectNode) c, maxLength, maxItems);
    }

    private static boolean hasType(JsonNode type, String name) {
        if (type == null) return false;
        if (type.isTextual()) return type.textValue().equals(name);
        for (JsonNode t : type) if (name.equals(t.asText())) return true;
        return false;
    }
}
