package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.PageException;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Runs a {@link ScrapeConfig} on a page with Jsoup alone, no model, exactly as any Jsoup user
 * would: on the page as parsed ({@code Jsoup.parse} or {@code HtmlPages}), never on a cleaned
 * copy, so a configuration may read anything the page holds (attributes, {@code noscript}
 * content, hidden elements).
 *
 * <p>Output (documented in {@code tasks/scrape-config/README.md}): with an item selector, a
 * JSON array with one object per matching element, in document order; without, one object.
 * Objects have the configuration's fields in its order. A single-valued field is a string
 * (or the {@code default} as given), or null when nothing is found; an {@code all} field is an
 * array of strings (empty when nothing matches); a field with nested {@code fields} is an
 * object (or, with {@code all}, an array of objects).
 */
public final class ConfigApplier {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ConfigApplier() {
    }

    /** An array of objects when the configuration has an item selector, else one object. */
    public static JsonNode apply(ScrapeConfig config, Element page) {
        if (config.item() == null) return record(config.fields(), page);
        ArrayNode out = F.arrayNode();
        for (Element item : select(page, config.item(), "item")) out.add(record(config.fields(), item));
        return out;
    }

    private static ObjectNode record(Map<String, FieldRule> fields, Element scope) {
        ObjectNode o = F.objectNode();
        for (Map.Entry<String, FieldRule> f : fields.entrySet()) o.set(f.getKey(), field(f.getKey(), f.getValue(), scope));
        return o;
    }

    private static JsonNode field(String name, FieldRule rule, Element scope) {
        if (rule.all()) {
            ArrayNode list = F.arrayNode();
            for (Element el : select(scope, rule.selector(), "field '" + name + "'")) {
                if (rule.fields() != null) list.add(record(rule.fields(), el));
                else {
                    String v = value(el, rule);
                    if (v != null) list.add(v);
                }
            }
            return list;
        }
        Element el = rule.selector() == null ? scope : selectFirst(scope, rule.selector(), name);
        if (el == null) return rule.fallback() != null ? rule.fallback() : NullNode.getInstance();
        if (rule.fields() != null) return record(rule.fields(), el);
        String v = value(el, rule);
        if (v != null) return F.textNode(v);
        return rule.fallback() != null ? rule.fallback() : NullNode.getInstance();
    }

    /** The rule's value of one element: attribute or text, then the regex capture; null when absent. */
    static String value(Element el, FieldRule rule) {
        String raw = switch (rule.attr()) {
            case FieldRule.TEXT -> el.text();
            case FieldRule.OWN_TEXT -> el.ownText().trim();
            case FieldRule.HTML -> el.html();
            default -> el.hasAttr(rule.attr()) ? el.attr(rule.attr()).trim() : null;
        };
        if (raw == null || rule.regex() == null) return raw;
        Matcher m = rule.regex().matcher(raw);
        if (!m.find()) return null;
        String v = m.groupCount() >= 1 ? m.group(1) : m.group();
        return v == null ? null : v.trim();
    }

    /** Every element {@code css} matches under {@code scope}, the scope itself included (as Jsoup's select does). */
    static List<Element> select(Element scope, String css, String what) {
        try {
            return scope.select(css);
        } catch (Selector.SelectorParseException e) {
            throw new PageException(what + " selector '" + css + "' is not valid CSS: " + e.getMessage());
        }
    }

    private static Element selectFirst(Element scope, String css, String field) {
        try {
            return scope.selectFirst(css);
        } catch (Selector.SelectorParseException e) {
            throw new PageException("selector '" + css + "' of field '" + field + "' is not valid CSS: " + e.getMessage());
        }
    }
}
