package dev.coleta.scrape.config;

import dev.coleta.grammar.Grammar;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The GBNF grammar of scrape-config output for one page: the configuration's JSON shape, with
 * selectors built only from the tags, classes, ids, attribute names and short attribute
 * values ({@code itemprop}, {@code data-*}, {@code role}) that occur in that page, so a
 * generated selector can never name something absent. Selectors are up to four compound
 * selectors joined by a space or {@code >}; a compound is a tag and up to two qualifiers, or
 * one to three qualifiers ({@code .class}, {@code #id}, {@code [attr]}, {@code [attr=value]},
 * {@code :nth-child(n)}, {@code :nth-of-type(n)} with n from 1 to 9).
 */
public final class ConfigGrammar {
    /** Most names of one kind offered (the most frequent in the page), to bound the grammar. */
    public static final int MAX_NAMES = 300;
    /** Most fields when the caller names none. */
    public static final int MAX_FIELDS = 12;

    private static final Pattern CSS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final Pattern TAG_NAME = Pattern.compile("[a-z][a-z0-9]{0,15}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Set<String> SKIP_TAGS = Set.of("html", "head", "body", "title");

    private ConfigGrammar() {
    }

    /** The grammar text for {@code page} (a cleaned page); {@code fieldNames} may be empty. */
    public static String gbnf(Element page, List<String> fieldNames) {
        Map<String, Integer> tags = new LinkedHashMap<>();
        Map<String, Integer> classes = new LinkedHashMap<>();
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Integer> attrs = new LinkedHashMap<>();
        Map<String, Integer> pairs = new LinkedHashMap<>();
        for (Element e : page.getAllElements()) {
            if (!SKIP_TAGS.contains(e.normalName()) && TAG_NAME.matcher(e.normalName()).matches()) tags.merge(e.normalName(), 1, Integer::sum);
            for (String c : e.classNames()) if (isCssName(c)) classes.merge(c, 1, Integer::sum);
            if (isCssName(e.id())) ids.merge(e.id(), 1, Integer::sum);
            for (Attribute a : e.attributes()) {
                String k = a.getKey();
                if (k.equals("class") || k.equals("id") || !isCssName(k)) continue;
                attrs.merge(k, 1, Integer::sum);
                if ((k.equals("itemprop") || k.equals("role") || k.startsWith("data-")) && isCssName(a.getValue())) {
                    pairs.merge(k + "=" + a.getValue(), 1, Integer::sum);
                }
            }
        }
        StringBuilder g = new StringBuilder();
        g.append("root ::= \"{\" ws \"\\\"item\\\":\" ws item \",\" ws \"\\\"fields\\\":\" ws \"{\" ws fields ws \"}\" ws \"}\"\n");
        g.append("item ::= \"null\" | \"\\\"\" sel \"\\\"\"\n");
        if (fieldNames.isEmpty()) {
            g.append("fields ::= field (\",\" ws field){0,").append(MAX_FIELDS - 1).append("}\n");
            g.append("field ::= \"\\\"\" [a-z] [a-z0-9_]{0,23} \"\\\":\" ws rule\n");
        } else {
            List<String> parts = new ArrayList<>();
            for (String name : fieldNames) {
                if (!FIELD_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("field name '" + name + "' must be letters, digits and _ (starting with a letter or _)");
                }
                parts.add("\"\\\"" + name + "\\\":\" ws rule");
            }
            g.append("fields ::= ").append(String.join(" \",\" ws ", parts)).append('\n');
        }
        g.append("rule ::= \"{\" ws \"\\\"selector\\\":\" ws \"\\\"\" sel \"\\\"\" \",\" ws \"\\\"attr\\\":\" ws \"\\\"\" attr \"\\\"\" all? ws \"}\"\n");
        // "all": true makes a field list every match (all tags, all ingredients).
        g.append("all ::= \",\" ws \"\\\"all\\\":\" ws \"true\"\n");
        Set<String> attrChoices = new TreeSet<>(List.of(FieldRule.TEXT, FieldRule.OWN_TEXT));
        attrChoices.addAll(top(attrs).stream().filter(a -> !a.equals("itemscope")).toList());
        g.append("attr ::= ").append(alternatives(attrChoices)).append('\n');
        g.append("sel ::= compound (comb compound){0,3}\n");
        g.append("comb ::= \" \" | \" > \"\n");
        g.append("compound ::= tag qual{0,2} | qual{1,3}\n");
        g.append("tag ::= ").append(alternatives(tags.isEmpty() ? List.of("div") : top(tags))).append('\n');
        List<String> quals = new ArrayList<>();
        if (!classes.isEmpty()) {
            quals.add("\".\" cls");
            g.append("cls ::= ").append(alternatives(top(classes))).append('\n');
        }
        if (!ids.isEmpty()) {
            quals.add("\"#\" id");
            g.append("id ::= ").append(alternatives(top(ids))).append('\n');
        }
        if (!attrs.isEmpty()) {
            quals.add("\"[\" aname \"]\"");
            g.append("aname ::= ").append(alternatives(top(attrs))).append('\n');
        }
        if (!pairs.isEmpty()) {
            quals.add("\"[\" apair \"]\"");
            g.append("apair ::= ").append(alternatives(top(pairs))).append('\n');
        }
        quals.add("\":nth-child(\" [1-9] \")\"");
        quals.add("\":nth-of-type(\" [1-9] \")\"");
        g.append("qual ::= ").append(String.join(" | ", quals)).append('\n');
        g.append("ws ::= \" \"?\n");
        return g.toString();
    }

    /** Parses {@link #gbnf} with llama.cpp. */
    public static Grammar grammar(Element page, List<String> fieldNames) {
        return Grammar.gbnf(gbnf(page, fieldNames));
    }

    static boolean isCssName(String s) {
        // A leading "-" followed by a digit or another "-" would need escaping in CSS.
        return s != null && CSS_NAME.matcher(s).matches();
    }

    private static List<String> top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_NAMES).map(Map.Entry::getKey).collect(Collectors.toList());
    }

    private static String alternatives(Iterable<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String n : names) quoted.add("\"" + n + "\"");
        return String.join(" | ", quoted);
    }
}
