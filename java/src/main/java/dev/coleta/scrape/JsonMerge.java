package dev.coleta.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Merges the results of a page's chunks: arrays are concatenated in chunk order, objects
 * merged property by property, and any other value is taken from the first chunk that has
 * it (not null), preferring a genuine value (one the page contains) over one that is not:
 * under a schema that forbids null, a chunk without the data must still write something.
 */
public final class JsonMerge {
    private JsonMerge() {
    }

    public static JsonNode merge(List<JsonNode> parts) {
        return merge(parts, v -> true);
    }

    /** Merges, taking a later chunk's scalar over an earlier one when only the later is {@code genuine}. */
    public static JsonNode merge(List<JsonNode> parts, Predicate<JsonNode> genuine) {
        JsonNode out = NullNode.getInstance();
        for (JsonNode p : parts) out = merge(out, p, genuine);
        return out;
    }

    static JsonNode merge(JsonNode a, JsonNode b) {
        return merge(a, b, v -> true);
    }

    private static JsonNode merge(JsonNode a, JsonNode b, Predicate<JsonNode> genuine) {
        if (a == null || a.isNull() || a.isMissingNode()) return b == null ? NullNode.getInstance() : b.deepCopy();
        if (b == null || b.isNull() || b.isMissingNode()) return a;
        if (a.isArray() && b.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            out.addAll((ArrayNode) a.deepCopy());
            out.addAll((ArrayNode) b.deepCopy());
            return out;
        }
        if (a.isObject() && b.isObject()) {
            ObjectNode out = (ObjectNode) a.deepCopy();
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue(), genuine));
            }
            return out;
        }
        if (a.isValueNode() && b.isValueNode() && !genuine.test(a) && genuine.test(b)) return b.deepCopy();
        return a;
    }
}
