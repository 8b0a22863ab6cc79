package dev.coleta.scrape.config;

import com.fasterxml.jackson.databind.JsonNode;
import org.jsoup.nodes.Element;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a configuration against the raw page it was made for, the page {@link ConfigApplier}
 * will run it on: every selector parses, the item selector matches, every field's selector
 * matches somewhere on the raw page (a selector chosen on a cleaned copy may not: wrappers
 * and siblings the cleaner removed change child and position selectors; a field with a
 * {@code default} may match nothing), and something non-empty is extracted.
 */
public final class ConfigVerifier {
    private ConfigVerifier() {
    }

    /**
     * The outcome: {@code accepted} when all selectors parse and match on the page and at least
     * one value is extracted; {@code problems} lists every failed check, including fields whose
     * selector matches but which yield no value (which alone do not reject the configuration).
     * {@code extracted} is what {@link ConfigApplier#apply} gives on the page (null when a
     * selector does not parse).
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

    /** Verifies {@code config} on {@code page}: the raw page as parsed. */
    public static Verification verify(ScrapeConfig config, Element page) {
        List<String> problems = new ArrayList<>();
        boolean fatal = false;
        if (config.item() != null && !parses(config.item())) {
            problems.add("item selector '" + config.item() + "' is not valid CSS");
            fatal = true;
        }
        fatal |= checkParses(config.fields(), "", problems);
        if (fatal) return new Verification(false, problems, null);
        List<Element> scopes = config.item() == null ? List.of(page) : page.select(config.item());
        if (scopes.isEmpty()) {
            problems.add("item selector '" + config.item() + "' matches nothing on the page");
            return new Verification(false, problems, null);
        }
        boolean[] anyValue = {false};
        boolean unmatched = checkMatches(config.fields(), scopes, "", problems, anyValue);
        JsonNode out = ConfigApplier.apply(config, page);
        if (!anyValue[0]) problems.add("the configuration extracts nothing from the page");
        return new Verification(anyValue[0] && !unmatched, problems, out);
    }

    private static boolean checkParses(Map<String, FieldRule> fields, String prefix, List<String> problems) {
        boolean bad = false;
        for (Map.Entry<String, FieldRule> f : fields.entrySet()) {
            String sel = f.getValue().selector();
            if (sel != null && !parses(sel)) {
                problems.add("selector '" + sel + "' of field '" + prefix + f.getKey() + "' is not valid CSS");
                bad = true;
            }
            if (f.getValue().fields() != null) bad |= checkParses(f.getValue().fields(), prefix + f.getKey() + ".", problems);
        }
        return bad;
    }

    /** True when some field's selector matches nothing in any of {@code scopes}. */
    private static boolean checkMatches(Map<String, FieldRule> fields, List<Element> scopes, String prefix,
                                        List<String> problems, boolean[] anyValue) {
        boolean unmatched = false;
        for (Map.Entry<String, FieldRule> f : fields.entrySet()) {
            FieldRule rule = f.getValue();
            String name = prefix + f.getKey();
            List<Element> matches = new ArrayList<>();
            for (Element scope : scopes) {
                if (rule.selector() == null) matches.add(scope);
                else if (rule.all()) matches.addAll(scope.select(rule.selector()));
                else {
                    Element first = scope.selectFirst(rule.selector());
                    if (first != null) matches.add(first);
                }
            }
            if (matches.isEmpty() && rule.fallback() != null) {
                // A default says "this may be absent": not finding it is the case it covers.
                problems.add("selector '" + rule.selector() + "' of field '" + name + "' matches nothing; its default is used");
                continue;
            }
            if (matches.isEmpty()) {
                problems.add("selector '" + rule.selector() + "' of field '" + name + "' matches nothing on the page");
                unmatched = true;
                continue;
            }
            if (rule.fields() != null) {
                unmatched |= checkMatches(rule.fields(), matches, name + ".", problems, anyValue);
                continue;
            }
            boolean found = false;
            for (Element m : matches) {
                String v = ConfigApplier.value(m, rule);
                if (v != null && !v.isEmpty()) {
                    found = true;
                    break;
                }
            }
            if (found) anyValue[0] = true;
            else problems.add("field '" + name + "' matches but extracts nothing");
        }
        return unmatched;
    }
}
