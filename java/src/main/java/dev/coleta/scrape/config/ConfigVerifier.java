package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Element;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a configuration against the page it was made for: every selector parses, the item
 * selector matches, each field matches somewhere, and something non-empty is extracted.
 */
public final class ConfigVerifier {
    private ConfigVerifier() {
    }

    /**
     * The outcome: {@code accepted} when all selectors parse, the item selector (if any)
     * matches and at least one value is extracted; {@code problems} lists every failed check,
     * including fields that extract nothing (which alone do not reject the configuration).
     */
    public record Verification(boolean accepted, List<String> problems, JsonNode extracted) {
        public Verification {
            problems = List.copyOf(problems);
        }
    }

    /** Whether Jsoup accepts {@code css} as a selector. */
    public static boolean parses(String css) {
        try {
            QueryParser.parse(css);
            return true;
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            return false;
        }
    }

    public static Verification verify(ScrapeConfig config, Element page) {
        List<String> problems = new ArrayList<>();
        boolean fatal = false;
        if (config.item() != null && !parses(config.item())) {
            problems.add("item selector '" + config.item() + "' is not valid CSS");
            fatal = true;
        }
        for (Map.Entry<String, FieldRule> f : config.fields().entrySet()) {
            if (!parses(f.getValue().selector())) {
                problems.add("selector '" + f.getValue().selector() + "' of field '" + f.getKey() + "' is not valid CSS");
                fatal = true;
            }
        }
        if (fatal) return new Verification(false, problems, null);
        if (config.item() != null && page.select(config.item()).isEmpty()) {
            problems.add("item selector '" + config.item() + "' matches nothing");
            return new Verification(false, problems, null);
        }
        JsonNode out = ConfigApplier.apply(config, page);
        List<JsonNode> records = new ArrayList<>();
        if (out.isArray()) out.forEach(records::add);
        else records.add(out);
        boolean any = false;
        for (String name : config.fields().keySet()) {
            boolean found = false;
            for (JsonNode r : records) {
                JsonNode v = r.get(name);
                if (v != null && !v.isNull() && !v.asText().isEmpty()) found = true;
            }
            if (!found) problems.add("field '" + name + "' extracts nothing");
            any |= found;
        }
        if (!any) problems.add("the configuration extracts nothing from the page");
        return new Verification(any, problems, out);
    }
}
