package dev.coleta.nl2sql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Schema linking: the tables a question is about, so that the prompt shows, and the grammar
 * admits, only those (lexical linking, as text-to-SQL systems do before generation). A weak
 * model then cannot answer from a table the question never mentions, and a large schema fits a
 * small context.
 *
 * <p>Rules, on words compared without letter case or a plural ending ({@code matches} is
 * {@code match}, {@code categories} is {@code category}): a table is named when every word of
 * its name is in the question; a column of two or more words ({@code release_year},
 * {@code studio_id}) names its table the same way; where no table and no such column is named,
 * a one-word column names its table. The tables on the shortest foreign-key paths between the
 * named ones are kept too (a join needs them), with every column of each kept table, and the
 * foreign keys between kept tables. A question that names nothing keeps the whole schema.
 */
public final class SchemaLinker {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private SchemaLinker() {
    }

    /** The part of {@code schema} that {@code question} is about (the whole schema where it names nothing). */
    public static Schema link(Schema schema, String question) {
        return link(schema, List.of(question));
    }

    /** The part of {@code schema} that any of {@code questions} is about: the union of their links. */
    public static Schema link(Schema schema, Collection<String> questions) {
        Set<String> keep = new LinkedHashSet<>();
        for (String q : questions) {
            Set<String> named = named(schema, words(q));
            if (named.isEmpty()) return schema;
            keep.addAll(connect(schema, named));
        }
        if (keep.size() == schema.tables().size()) return schema;
        List<Schema.Table> tables = new ArrayList<>();
        for (Schema.Table t : schema.tables()) {
            if (!keep.contains(key(t.name()))) continue;
            List<Schema.ForeignKey> fks = t.foreignKeys().stream().filter(fk -> keep.contains(key(fk.refTable()))).toList();
            tables.add(new Schema.Table(t.name(), t.columns(), fks));
        }
        return new Schema(tables);
    }

    /** The tables (lower-case names) the question names directly or through a column. */
    private static Set<String> named(Schema schema, Set<String> words) {
        Set<String> byTable = new LinkedHashSet<>();
        Set<String> byLongColumn = new LinkedHashSet<>();
        Set<String> byShortColumn = new LinkedHashSet<>();
        for (Schema.Table t : schema.tables()) {
            if (mentions(words, nameWords(t.name()))) byTable.add(key(t.name()));
            for (Schema.Column c : t.columns()) {
                List<String> cw = nameWords(c.name());
                if (!mentions(words, cw)) continue;
                (cw.size() >= 2 ? byLongColumn : byShortColumn).add(key(t.name()));
            }
        }
        Set<String> named = new LinkedHashSet<>(byTable);
        named.addAll(byLongColumn);
        if (named.isEmpty()) named.addAll(byShortColumn);
        return named;
    }

    /** {@code named} plus the tables on the shortest foreign-key path between each pair of them. */
    private static Set<String> connect(Schema schema, Set<String> named) {
        Map<String, Set<String>> graph = new HashMap<>();
        for (Schema.Table t : schema.tables()) graph.computeIfAbsent(key(t.name()), k -> new LinkedHashSet<>());
        for (Schema.Table t : schema.tables()) {
            for (Schema.ForeignKey fk : t.foreignKeys()) {
                String a = key(t.name()), b = key(fk.refTable());
                if (!graph.containsKey(b)) continue;
                graph.get(a).add(b);
                graph.get(b).add(a);
            }
        }
        Set<String> out = new LinkedHashSet<>(named);
        List<String> list = new ArrayList<>(named);
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) out.addAll(path(graph, list.get(i), list.get(j)));
        }
        return out;
    }

    private static List<String> path(Map<String, Set<String>> graph, String from, String to) {
        Map<String, String> parent = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(from));
        parent.put(from, from);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (n.equals(to)) break;
            for (String m : graph.getOrDefault(n, Set.of())) {
                if (parent.putIfAbsent(m, n) == null) queue.add(m);
            }
        }
        if (!parent.containsKey(to)) return List.of();
        List<String> p = new ArrayList<>();
        for (String n = to; !n.equals(from); n = parent.get(n)) p.add(n);
        return p;
    }

    /** The words of a question in lower case, each with its possible singular forms. */
    static Set<String> words(String text) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = WORD.matcher(Domains.phrase(text));
        while (m.find()) out.addAll(forms(m.group()));
        return out;
    }

    /** The words of a table or column name ({@code ReleaseYear}, {@code release_year}: release, year). */
    static List<String> nameWords(String name) {
        return Arrays.stream(Domains.phrase(name).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }

    /** Whether every word of a name is in the question, in any of its forms. */
    private static boolean mentions(Set<String> questionWords, List<String> name) {
        for (String w : name) {
            if (forms(w).stream().noneMatch(questionWords::contains)) return false;
        }
        return true;
    }

    /**
     * A word and what it is without an English plural ending, as candidates (English has no
     * rule that tells {@code movies} from {@code categories}): movies gives movies, movie, movy;
     * categories gives category among its forms; a name word matches a question word when
     * their forms meet.
     */
    static Set<String> forms(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        Set<String> out = new LinkedHashSet<>(List.of(w));
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) out.add(w.substring(0, w.length() - 1));
        if (w.length() > 4 && w.endsWith("es")) out.add(w.substring(0, w.length() - 2));
        if (w.length() > 4 && w.endsWith("ies")) out.add(w.substring(0, w.length() - 3) + "y");
        return out;
    }

    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
