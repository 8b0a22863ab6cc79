package dev.coleta.scrape.eval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.scrape.html.PageText;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Field-level counts between a gold and a predicted JSON value. A field is a leaf (string,
 * number, boolean) at a JSON path; array elements are matched by position; nulls count as
 * absent; values compare after {@link PageText#normalize} (case, Unicode form, whitespace).
 *
 * @param gold      non-null gold fields
 * @param predicted non-null predicted fields
 * @param correct   predicted fields equal to the gold field at the same path
 * @param exact     1 when the two flattened values are identical, else 0 (sums over examples)
 */
public record FieldScores(int gold, int predicted, int correct, int exact) {
    public static final FieldScores ZERO = new FieldScores(0, 0, 0, 0);

    public static FieldScores compare(JsonNode gold, JsonNode predicted) {
        Map<String, String> g = flatten(gold);
        Map<String, String> p = flatten(predicted);
        int correct = 0;
        for (Map.Entry<String, String> e : p.entrySet()) if (e.getValue().equals(g.get(e.getKey()))) correct++;
        return new FieldScores(g.size(), p.size(), correct, g.equals(p) ? 1 : 0);
    }

    public FieldScores plus(FieldScores o) {
        return new FieldScores(gold + o.gold, predicted + o.predicted, correct + o.correct, exact + o.exact);
    }

    public double precision() {
        return predicted == 0 ? (gold == 0 ? 1 : 0) : (double) correct / predicted;
    }

    public double recall() {
        return gold == 0 ? 1 : (double) correct / gold;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Leaves by path, iteratively; null and missing values are left out. */
    static Map<String, String> flatten(JsonNode root) {
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) return out;
        Deque<Map.Entry<String, JsonNode>> stack = new ArrayDeque<>();
        stack.push(Map.entry("$", root));
        while (!stack.isEmpty()) {
            Map.Entry<String, JsonNode> e = stack.pop();
            JsonNode n = e.getValue();
            if (n.isObject()) n.properties().forEach(f -> stack.push(Map.entry(e.getKey() + "." + f.getKey(), f.getValue())));
            else if (n.isArray()) for (int i = 0; i < n.size(); i++) stack.push(Map.entry(e.getKey() + "[" + i + "]", n.get(i)));
            else if (!n.isNull() && !n.isMissingNode()) out.put(e.getKey(), PageText.normalize(n.asText()));
        }
        return out;
    }
}
