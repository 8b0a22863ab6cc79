package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.PageException;
import org.jsoup.nodes.Element;
import org.jsoup.select.Selector;

import java.util.Map;

/**
 * Runs a {@link ScrapeConfig} on a page with Jsoup alone, no model. Run it on the page
 * cleaned the same way as when the configuration was made ({@code HtmlCleaner}), since that
 * is the page its selectors were chosen on.
 */
public final class ConfigApplier {
    private ConfigApplier() {
    }

    /** An array of objects when the configuration has an item selector, else one object. */
    public static JsonNode apply(ScrapeConfig config, Element page) {
        if (config.item() == null) return record(config, page);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Element item : select(page, config.item(), "item")) out.add(record(config, item));
        return out;
    }

    private static ObjectNode record(ScrapeConfig config, Element scope) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, FieldRule> f : config.fields().entrySet()) {
            Element el = selectFirst(scope, f.getValue().selector(), f.getKey());
            String v = el == null ? null : value(el, f.getValue().attr());
            if (v == null) o.putNull(f.getKey());
            else o.put(f.getKey(), v);
        }
        return o;
    }

    /** The field's value: text (whitespace-normalised) or the attribute; null when absent. */
    static String value(Element el, String attr) {
        if (attr.equals("text")) return el.text();
        return el.hasAttr(attr) ? el.attr(attr).trim() : null;
    }

    private static org.jsoup.select.Elements select(Element scope, String css, String what) {
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
