package dev.coleta.langchain4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.grammar.JsonSchemas;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonReferenceSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

import java.util.Map;
import java.util.Objects;

/**
 * LangChain4j's JSON Schema tree ({@link JsonSchemaElement}) as JSON Schema text, which
 * {@link dev.coleta.grammar.Grammar#jsonSchema} turns into a grammar.
 *
 * <p>Why not LangChain4j's own {@code JsonSchemaElementUtils.toMap}: it lives in
 * {@code dev.langchain4j.internal}, which the project does not promise to keep. The mapping
 * follows it: definitions become {@code $defs} and references {@code #/$defs/<name>}, an enum
 * is a string enum, descriptions stay (annotations, which the grammar ignores), and a
 * {@link JsonRawSchema} is embedded as written.
 *
 * <p>Integer bounds: the tree says "integer" for Java's {@code int} and {@code long} alike
 * (AiServices builds it from a record), so the Java width is lost; generation needs a bound,
 * or an untrained or confused model may write digits until it runs out of tokens, and a
 * value wider than the field fails to parse. {@link #toJson(JsonSchemaElement, IntegerRange)}
 * gives every integer without bounds of its own the given range.
 *
 * <p>Strict trees: AiServices writes {@code required: []} for a record's components, so a
 * grammar of the tree as written accepts {@code {}} and a small model takes that short way.
 * With {@code strict}, as LangChain4j's OpenAI models do in strict mode, every property of
 * every object in the tree is required and objects take no other properties.
 */
public final class JsonSchemaElements {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonSchemaElements() {
    }

    /**
     * Bounds given to integers of the tree.
     *
     * @param minimum the least value
     * @param maximum the greatest value
     */
    public record IntegerRange(long minimum, long maximum) {
        /** Checks {@code minimum <= maximum}. */
        public IntegerRange {
            if (minimum > maximum) throw new IllegalArgumentException("minimum " + minimum + " must be <= maximum " + maximum);
        }

        /** Java's {@code int}: [-2^31, 2^31 - 1]. */
        public static IntegerRange ofInt() {
            return new IntegerRange(Integer.MIN_VALUE, Integer.MAX_VALUE);
        }

        /** Java's {@code long}: [-2^63, 2^63 - 1]. */
        public static IntegerRange ofLong() {
            return new IntegerRange(Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** The schema of {@code schema}'s root element as written: integers unbounded, not strict. */
    public static String toJson(JsonSchema schema) {
        Objects.requireNonNull(schema, "schema");
        return toJson(schema.rootElement(), null, false);
    }

    /** JSON Schema text of {@code element} as written: integers unbounded, not strict. */
    public static String toJson(JsonSchemaElement element) {
        return toJson(element, null, false);
    }

    /**
     * JSON Schema text of {@code element}; {@code integers}, when not null, bounds every integer
     * schema of the tree; {@code strict} requires every property and forbids others (a
     * {@link JsonRawSchema} is left as written either way).
     */
    public static String toJson(JsonSchemaElement element, IntegerRange integers, boolean strict) {
        Objects.requireNonNull(element, "element");
        return new Writer(integers, strict).node(element).toString();
    }

    private record Writer(IntegerRange ints, boolean strict) {
        JsonNode node(JsonSchemaElement e) {
            if (e instanceof JsonRawSchema raw) return JsonSchemas.parse(raw.schema());
            ObjectNode n = F.objectNode();
            if (e instanceof JsonObjectSchema o) {
                n.put("type", "object");
                ObjectNode props = n.putObject("properties");
                if (o.properties() != null) {
                    for (Map.Entry<String, JsonSchemaElement> p : o.properties().entrySet()) props.set(p.getKey(), node(p.getValue()));
                }
                if (strict && o.properties() != null && !o.properties().isEmpty()) {
                    o.properties().keySet().forEach(n.putArray("required")::add);
                    n.put("additionalProperties", false);
                } else {
                    if (o.required() != null && !o.required().isEmpty()) o.required().forEach(n.putArray("required")::add);
                    if (o.additionalProperties() != null) n.put("additionalProperties", o.additionalProperties());
                }
                if (o.definitions() != null && !o.definitions().isEmpty()) {
                    ObjectNode defs = n.putObject("$defs");
                    for (Map.Entry<String, JsonSchemaElement> d : o.definitions().entrySet()) defs.set(d.getKey(), node(d.getValue()));
                }
            } else if (e instanceof JsonArraySchema a) {
                n.put("type", "array");
                if (a.items() != null) n.set("items", node(a.items()));
            } else if (e instanceof JsonStringSchema) {
                n.put("type", "string");
            } else if (e instanceof JsonIntegerSchema) {
                n.put("type", "integer");
                if (ints != null) n.put("minimum", ints.minimum()).put("maximum", ints.maximum());
            } else if (e instanceof JsonNumberSchema) {
                n.put("type", "number");
            } else if (e instanceof JsonBooleanSchema) {
                n.put("type", "boolean");
            } else if (e instanceof JsonNullSchema) {
                n.put("type", "null");
            } else if (e instanceof JsonEnumSchema en) {
                n.put("type", "string");
                en.enumValues().forEach(n.putArray("enum")::add);
            } else if (e instanceof JsonAnyOfSchema any) {
                var alts = n.putArray("anyOf");
                for (JsonSchemaElement alt : any.anyOf()) alts.add(node(alt));
            } else if (e instanceof JsonReferenceSchema ref) {
                n.put("$ref", "#/$defs/" + ref.reference());
            } else {
                throw new IllegalArgumentException("element: unsupported JSON schema element " + e.getClass().getName());
            }
            if (e.description() != null) n.put("description", e.description());
            return n;
        }
    }
}
