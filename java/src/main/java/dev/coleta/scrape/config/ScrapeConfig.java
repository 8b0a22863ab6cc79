package dev.coleta.scrape.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.PageException;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reusable scraping configuration:
 * {@code {"item": css-or-null, "fields": {name: {"selector": css, "attr": "text|href|src|<attribute>"}}}}.
 * With an item selector it yields one object per matching element; without, one object for
 * the page. Field order is kept.
 */
public record ScrapeConfig(String item, Map<String, FieldRule> fields) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ScrapeConfig {
        if (item != null && item.isBlank()) throw new IllegalArgumentException("item selector is blank (use null for none)");
        if (fields == null || fields.isEmpty()) throw new IllegalArgumentException("a configuration needs at least one field");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses the JSON form; throws {@link PageException} naming what is wrong. */
    public static ScrapeConfig parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PageException("configuration is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new PageException("configuration must be a JSON object");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("item") && !k.equals("fields")) throw new PageException("configuration has unknown key '" + k + "'");
        }
        JsonNode item = root.get("item");
        if (item != null && !item.isNull() && !item.isTextual()) throw new PageException("'item' must be a string or null");
        JsonNode fields = root.get("fields");
        if (fields == null || !fields.isObject() || fields.isEmpty()) {
            throw new PageException("configuration needs a non-empty 'fields' object");
        }
        Map<String, FieldRule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            JsonNode f = e.getValue();
            if (!f.isObject() || !f.path("selector").isTextual()) {
                throw new PageException("field '" + e.getKey() + "' needs a string 'selector'");
            }
            String attr = f.path("attr").isTextual() ? f.get("attr").asText() : "text";
            try {
                rules.put(e.getKey(), new FieldRule(f.get("selector").asText(), attr));
            } catch (IllegalArgumentException ex) {
                throw new PageException("field '" + e.getKey() + "': " + ex.getMessage());
            }
        }
        String itemSel = item == null || item.isNull() ? null : item.asText();
        if (itemSel != null && itemSel.isBlank()) throw new PageException("'item' is blank; use null for none");
        return new ScrapeConfig(itemSel, rules);
    }

    /** The JSON form, compact, in field order. */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        if (item == null) root.putNull("item");
        else root.put("item", item);
        ObjectNode fs = root.putObject("fields");
        fields.forEach((name, rule) -> fs.putObject(name).put("selector", rule.selector()).put("attr", rule.attr()));
        return root;
    }

    public String toJson() {
        return toJsonNode().toString();
    }
}
