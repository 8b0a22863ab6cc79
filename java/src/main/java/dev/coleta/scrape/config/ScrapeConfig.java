package dev.coleta.scrape.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.PageException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A reusable scraping configuration, run on the raw page by {@link ConfigApplier}:
 * {@code {"item": css-or-null, "fields": {name: rule}}}, where a rule is
 * {@code {"selector": css, "attr": "text|own_text|html|<attribute>", "all": bool, "regex": re,
 * "default": value, "fields": {name: rule}}} (all keys but {@code selector} optional, and
 * {@code selector} too inside a nested rule). The language is specified by the JSON Schema in
 * {@code tasks/scrape-config/config.schema.json}; {@link #parse} enforces the same rules and
 * names the offending key or value. With an item selector a configuration yields one object
 * per matching element; without, one object for the page. Field order is kept.
 */
public record ScrapeConfig(String item, Map<String, FieldRule> fields) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> ROOT_KEYS = Set.of("item", "fields");
    private static final Set<String> RULE_KEYS = Set.of("selector", "attr", "all", "regex", "default", "fields");
    /** Field names: what a JSON key can hold without surprises in paths and grammars. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    /** HTML attribute names as Jsoup keeps them (lower case after parsing, but accept any case). */
    private static final Pattern ATTR_NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:.-]{0,63}");

    public ScrapeConfig {
        if (item != null && item.isBlank()) throw new IllegalArgumentException("item selector is blank (use null for none)");
        if (fields == null || fields.isEmpty()) throw new IllegalArgumentException("a configuration needs at least one field");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Parses the JSON form strictly; throws {@link PageException} naming what is wrong and where. */
    public static ScrapeConfig parse(String json) {
        if (json == null || json.isBlank()) throw new PageException("configuration is empty");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PageException("configuration is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) throw new PageException("configuration must be a JSON object");
        unknownKeys(root, ROOT_KEYS, "configuration");
        JsonNode item = root.get("item");
        if (item != null && !item.isNull() && !item.isTextual()) throw new PageException("'item' must be a CSS selector string or null");
        String itemSel = item == null || item.isNull() ? null : item.asText();
        if (itemSel != null) {
            if (itemSel.isBlank()) throw new PageException("'item' is blank; use null for none");
            checkSelector(itemSel, "item");
        }
        JsonNode fields = root.get("fields");
        if (fields == null) throw new PageException("configuration needs a non-empty 'fields' object");
        return new ScrapeConfig(itemSel, parseFields(fields, "fields", true));
    }

    private static Map<String, FieldRule> parseFields(JsonNode fields, String path, boolean top) {
        if (!fields.isObject() || fields.isEmpty()) throw new PageException("'" + path + "' must be a non-empty object of fields");
        Map<String, FieldRule> rules = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : fields.properties()) {
            String name = e.getKey();
            String at = path + "." + name;
            if (!FIELD_NAME.matcher(name).matches()) {
                throw new PageException("field name '" + at + "' must be letters, digits, _ or - (starting with a letter or _), at most 64");
            }
            rules.put(name, parseRule(e.getValue(), at, top));
        }
        return rules;
    }

    private static FieldRule parseRule(JsonNode f, String at, boolean top) {
        if (!f.isObject()) throw new PageException("field '" + at + "' must be an object such as {\"selector\": \"h1\"}");
        unknownKeys(f, RULE_KEYS, "field '" + at + "'");
        JsonNode sel = f.get("selector");
        String selector = null;
        if (sel != null) {
            if (!sel.isTextual() || sel.asText().isBlank()) throw new PageException("field '" + at + "': 'selector' must be a non-empty CSS string");
            selector = sel.asText();
            checkSelector(selector, "field '" + at + "'");
        }
        String attr = FieldRule.TEXT;
        JsonNode a = f.get("attr");
        if (a != null) {
            if (!a.isTextual() || !ATTR_NAME.matcher(a.asText()).matches()) {
                throw new PageException("field '" + at + "': 'attr' " + a + " must be text, own_text, html or an attribute name");
            }
            attr = a.asText();
        }
        boolean all = false;
        JsonNode al = f.get("all");
        if (al != null) {
            if (!al.isBoolean()) throw new PageException("field '" + at + "': 'all' must be true or false, got " + al);
            all = al.booleanValue();
        }
        Pattern regex = null;
        JsonNode re = f.get("regex");
        if (re != null) {
            if (!re.isTextual() || re.asText().isEmpty()) throw new PageException("field '" + at + "': 'regex' must be a non-empty string");
            try {
                regex = Pattern.compile(re.asText());
            } catch (PatternSyntaxException ex) {
                throw new PageException("field '" + at + "': 'regex' " + re + " is not a valid regular expression: "
                        + ex.getDescription() + " near index " + ex.getIndex());
            }
        }
        JsonNode fallback = f.get("default");
        if (fallback != null && !fallback.isValueNode()) {
            throw new PageException("field '" + at + "': 'default' must be a string, number, boolean or null, got " + fallback);
        }
        Map<String, FieldRule> nested = f.has("fields") ? parseFields(f.get("fields"), at + ".fields", false) : null;
        if (selector == null && top && nested == null && !f.has("attr")) {
            throw new PageException("field '" + at + "' needs a 'selector' (or an 'attr' to read the item itself)");
        }
        try {
            return new FieldRule(selector, attr, all, regex, fallback, nested);
        } catch (IllegalArgumentException ex) {
            throw new PageException("field '" + at + "': " + ex.getMessage());
        }
    }

    private static void unknownKeys(JsonNode o, Set<String> known, String where) {
        for (String k : (Iterable<String>) o::fieldNames) {
            if (!known.contains(k)) {
                throw new PageException(where + " has unknown key '" + k + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static void checkSelector(String css, String where) {
        if (!ConfigVerifier.parses(css)) throw new PageException(where + ": selector '" + css + "' is not valid CSS");
    }

    /** The JSON form, compact, in field order; keys at their defaults are left out (selector and attr always written). */
    public ObjectNode toJsonNode() {
        ObjectNode root = JSON.createObjectNode();
        if (item == null) root.putNull("item");
        else root.put("item", item);
        writeFields(root.putObject("fields"), fields);
        return root;
    }

    private static void writeFields(ObjectNode out, Map<String, FieldRule> fields) {
        fields.forEach((name, rule) -> {
            ObjectNode r = out.putObject(name);
            if (rule.selector() != null) r.put("selector", rule.selector());
            if (rule.fields() == null) r.put("attr", rule.attr());
            if (rule.all()) r.put("all", true);
            if (rule.regex() != null) r.put("regex", rule.regex().pattern());
            if (rule.fallback() != null) r.set("default", rule.fallback());
            if (rule.fields() != null) writeFields(r.putObject("fields"), rule.fields());
        });
    }

    public String toJson() {
        return toJsonNode().toString();
    }
}
