package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one field is read (the language is specified in {@code tasks/scrape-config/config.schema.json}).
 *
 * @param selector CSS selector, relative to the item (or the page, or the enclosing field's
 *                 match); null reads the scope element itself
 * @param attr     {@link #TEXT} (visible text, whitespace normalised), {@link #OWN_TEXT} (the
 *                 element's own text, without its children's), {@link #HTML} (inner HTML), or
 *                 the name of an attribute ({@code href}, {@code data-rating}, ...)
 * @param all      false: the first match gives one value; true: every match gives a list
 * @param regex    optional: the value becomes the first match of this pattern in it (its
 *                 first group when it has one); no match gives no value
 * @param fallback optional: the value when nothing is found (the {@code default} key); never
 *                 for lists
 * @param fields   optional nested fields: each match becomes an object read with them (then
 *                 {@code attr} and {@code regex} do not apply)
 */
public record FieldRule(String selector, String attr, boolean all, Pattern regex, JsonNode fallback,
                        Map<String, FieldRule> fields) {
    /** Reserved {@code attr} values; any other value names an attribute. */
    public static final String TEXT = "text";
    public static final String OWN_TEXT = "own_text";
    public static final String HTML = "html";

    public FieldRule {
        Objects.requireNonNull(attr, "attr");
        if (selector != null && selector.isBlank()) throw new IllegalArgumentException("selector is blank (omit it to read the element itself)");
        if (attr.isBlank()) throw new IllegalArgumentException("attr is blank (use \"text\" for the element's text)");
        if (fields != null) {
            if (fields.isEmpty()) throw new IllegalArgumentException("nested fields are empty");
            if (regex != null) throw new IllegalArgumentException("regex does not apply to a field with nested fields");
            if (!attr.equals(TEXT)) throw new IllegalArgumentException("attr does not apply to a field with nested fields");
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
        if (all && fallback != null) throw new IllegalArgumentException("default does not apply to a list (all: true gives [] when nothing matches)");
        if (selector == null && all) throw new IllegalArgumentException("all: true needs a selector");
    }

    /** The first match's attribute (or {@code text}). */
    public FieldRule(String selector, String attr) {
        this(Objects.requireNonNull(selector, "selector"), attr, false, null, null, null);
    }

    public static FieldRule text(String selector) {
        return new FieldRule(selector, TEXT);
    }

    public FieldRule withAll(boolean v) {
        return new FieldRule(selector, attr, v, regex, fallback, fields);
    }

    public FieldRule withRegex(Pattern v) {
        return new FieldRule(selector, attr, all, v, fallback, fields);
    }

    public FieldRule withFallback(JsonNode v) {
        return new FieldRule(selector, attr, all, regex, v, fields);
    }

    public FieldRule withFields(Map<String, FieldRule> v) {
        return new FieldRule(selector, attr, all, regex, fallback, v);
    }

    /** True when the rule is the plain {selector, attr} form the generation grammar writes. */
    public boolean isSimple() {
        return selector != null && !all && regex == null && fallback == null && fields == null;
    }

    // Pattern has identity equality; compare rules by the pattern's text.
    @Override
    public boolean equals(Object o) {
        return o instanceof FieldRule r && Objects.equals(selector, r.selector) && attr.equals(r.attr) && all == r.all
                && Objects.equals(regex == null ? null : regex.pattern(), r.regex == null ? null : r.regex.pattern())
                && Objects.equals(fallback, r.fallback) && Objects.equals(fields, r.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(selector, attr, all, regex == null ? null : regex.pattern(), fallback, fields);
    }
}
