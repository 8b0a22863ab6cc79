package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates a GBNF grammar of read-only SQLite SELECTs over one {@link Schema}.
 *
 * <p>Design: a context-free grammar cannot remember which aliases a FROM clause introduced,
 * so the grammar is built per <em>scope</em>: one family of rules for every table alone, for
 * every pair of tables joined along a foreign key, and for every chain of three. A scope's
 * select list, conditions, GROUP BY and ORDER BY may name only that scope's columns, and the
 * scope's FROM clause ends the query. Qualifiers are fixed: a single table's columns are bare
 * or qualified by the table's name; a join either uses the tables' names ({@code FROM a JOIN b
 * ON a.x = b.y}, distinct tables only) or Spider-style aliases bound by position ({@code FROM a
 * AS T1 JOIN b AS T2 ON T1.x = T2.y}, self-joins allowed). A bare column in a join is allowed
 * only where its name is unique in the scope, and never in an ON clause. So every sentence names existing columns of
 * tables that are in its FROM clause, and runs.
 *
 * <p>Other choices that keep generated queries runnable on SQLite: aggregates only in SELECT,
 * HAVING and ORDER BY (there only after GROUP BY), never nested, over columns and literals
 * only; BETWEEN bounds are columns or literals; no literal first in GROUP
 * BY or ORDER BY (SQLite would read an integer as a column position); HAVING only after GROUP BY; subqueries (IN, EXISTS,
 * scalar) return one column and range over single tables; EXISTS may be correlated along a
 * foreign key; compound queries (UNION [ALL], INTERSECT, EXCEPT) combine one-column arms and
 * order by position. Column aliases are lower-case names that are not SQLite keywords.
 *
 * <p>Nothing else is reachable: no DML/DDL, PRAGMA, ATTACH, second statement or comment (a
 * {@code --} or {@code /*} can only occur inside a string literal), and only the functions of
 * {@link #FUNCTIONS}. Every repetition is bounded by {@link SqlGrammarOptions}. Keywords are
 * all upper or all lower case; tokens are separated by single spaces.
 */
public final class SqlGrammar {
    /** Scalar functions the grammar offers; all in {@link SqlGuard#ALLOWED_FUNCTIONS}. */
    public static final List<String> FUNCTIONS = List.of(
            "abs", "length", "lower", "upper", "trim", "date", "round", "coalesce", "ifnull", "substr", "strftime", "cast");

    private final Schema schema;
    private final SqlGrammarOptions options;
    private final Map<String, String> rules = new LinkedHashMap<>();
    private final Map<String, String> tableRule = new HashMap<>();
    private final Map<String, String> colRule = new HashMap<>();
    private final List<Scope> scopes = new ArrayList<>();

    private SqlGrammar(Schema schema, SqlGrammarOptions options) {
        this.schema = schema;
        this.options = options;
    }

    /** The GBNF text for {@code schema}; the start rule is {@code root}. */
    public static String gbnf(Schema schema, SqlGrammarOptions options) {
        SqlGrammar g = new SqlGrammar(schema, options);
        g.build();
        StringBuilder sb = new StringBuilder();
        for (var e : g.rules.entrySet()) sb.append(e.getKey()).append(" ::= ").append(e.getValue()).append('\n');
        return sb.toString();
    }

    /** The grammar for {@code schema}, parsed by llama.cpp. */
    public static Grammar grammar(Schema schema, SqlGrammarOptions options) {
        return Grammar.gbnf(gbnf(schema, options));
    }

    public static Grammar grammar(Schema schema) {
        return grammar(schema, SqlGrammarOptions.defaults());
    }

    // ---------------------------------------------------------------- scopes

    /** One table of a scope and the GBNF of the qualifier that names it. */
    private record Entry(Schema.Table table, String qualifier) {
    }

    /** kind: single, plain (joined by table names) or aliased (T1, T2, T3). */
    private record Scope(String id, List<Entry> entries, String kind) {
        boolean single() {
            return entries.size() == 1;
        }
    }

    private void enumerateScopes() {
        List<Schema.Table> ts = schema.tables();
        for (int i = 0; i < ts.size(); i++) scopes.add(new Scope("s" + i, List.of(new Entry(ts.get(i), tableRule.get(ts.get(i).name()))), "single"));
        if (options.maxJoinTables() < 2) return;
        Set<List<Integer>> pairs = new LinkedHashSet<>();
        for (int i = 0; i < ts.size(); i++) {
            for (Schema.ForeignKey fk : ts.get(i).foreignKeys()) {
                int j = indexOf(fk.refTable());
                if (j < 0) continue;
                pairs.add(List.of(i, j));
                pairs.add(List.of(j, i));
            }
        }
        Set<List<Integer>> triples = new LinkedHashSet<>();
        if (options.maxJoinTables() >= 3) {
            for (List<Integer> p : pairs) {
                if (p.get(0).equals(p.get(1))) continue;
                for (List<Integer> q : pairs) {
                    int c = q.get(1);
                    if ((q.get(0).equals(p.get(0)) || q.get(0).equals(p.get(1))) && !p.contains(c)) {
                        triples.add(List.of(p.get(0), p.get(1), c));
                    }
                }
            }
        }
        int n = 0;
        for (Set<List<Integer>> group : List.of(pairs, triples)) {
            for (List<Integer> combo : group) {
                boolean distinct = new TreeSet<>(combo).size() == combo.size();
                if (scopes.size() + (distinct ? 2 : 1) > options.maxScopes()) return;
                if (distinct) scopes.add(scope("j" + n++, combo, "plain"));
                scopes.add(scope("j" + n++, combo, "aliased"));
            }
        }
    }

    private Scope scope(String id, List<Integer> combo, String kind) {
        List<Entry> es = new ArrayList<>();
        for (int k = 0; k < combo.size(); k++) {
            Schema.Table t = schema.tables().get(combo.get(k));
            String q = kind.equals("plain") ? tableRule.get(t.name()) : "(\"T" + (k + 1) + "\" | \"t" + (k + 1) + "\")";
            es.add(new Entry(t, q));
        }
        return new Scope(id, es, kind);
    }

    private int indexOf(String table) {
        for (int i = 0; i < schema.tables().size(); i++) {
            if (schema.tables().get(i).name().equalsIgnoreCase(table)) return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- building

    private void build() {
        rules.put("root", "query \";\"?");
        for (int i = 0; i < schema.tables().size(); i++) {
            Schema.Table t = schema.tables().get(i);
            String tr = "tn" + i;
            rules.put(tr, ident(t.name()));
            tableRule.put(t.name(), tr);
            for (int j = 0; j < t.columns().size(); j++) {
                String cr = "cn" + i + "-" + j;
                rules.put(cr, ident(t.columns().get(j).name()));
                colRule.put(t.name() + "\u0000" + t.columns().get(j).name(), cr);
            }
        }
        enumerateScopes();
        common();
        int depth = options.subqueryDepth();
        List<String> sel0 = new ArrayList<>();
        List<String> arms = new ArrayList<>();
        for (Scope s : scopes) {
            scopeRules(s, 0);
            sel0.add("select-" + s.id() + "-0");
            arms.add("arm-" + s.id());
            rules.put("arm-" + s.id(), kw("select") + " \" \" (" + kw("distinct") + " \" \")? aexpr-" + s.id() + "-0 \" \" from-" + s.id()
                    + " (\" \" " + kw("where") + " \" \" cond-" + s.id() + "-0)? (\" \" groupby-" + s.id() + "-0)?");
        }
        for (int d = 1; d <= depth; d++) {
            List<String> subs = new ArrayList<>();
            for (Scope s : scopes) {
                if (!s.single()) continue;
                scopeRules(s, d);
                subs.add("sub-" + s.id() + "-" + d);
            }
            rules.put("subq-" + d, String.join(" | ", subs));
        }
        rules.put("select0", String.join(" | ", sel0));
        rules.put("arm", String.join(" | ", arms));
        rules.put("setop", kw("union") + " (\" \" " + kw("all") + ")? | " + kw("intersect") + " | " + kw("except"));
        rules.put("compound", "arm (\" \" setop \" \" arm){1,2} (\" \" " + kw("order by") + " \" 1\" (\" \" dir)?)? (\" \" limit)?");
        rules.put("query", "select0 | compound");
    }

    /** Rules shared by every scope: literals, operators, keywords. */
    private void common() {
        int len = options.maxStringLength();
        rules.put("str", "\"'\" ([^'\\x00-\\x1f] | \"''\"){0," + len + "} \"'\"");
        rules.put("num", "\"-\"? [0-9]{1,9} (\".\" [0-9]{1,6})?");
        rules.put("int", "[0-9]{1,6}");
        rules.put("lit", "num | str | " + kw("null"));
        rules.put("litlist", "\"(\" lit (\", \" lit){0," + (options.maxListItems() - 1) + "} \")\"");
        rules.put("cmp", "\" = \" | \" != \" | \" <> \" | \" < \" | \" <= \" | \" > \" | \" >= \"");
        rules.put("arith", "\" + \" | \" - \" | \" * \" | \" / \" | \" || \"");
        rules.put("andor", "\" \" " + kw("and") + " \" \" | \" \" " + kw("or") + " \" \"");
        rules.put("dir", kw("asc") + " | " + kw("desc"));
        rules.put("limit", kw("limit") + " \" \" int (\" \" " + kw("offset") + " \" \" int)?");
        rules.put("join", "(" + kw("inner") + " \" \" | " + kw("left") + " \" \")? " + kw("join"));
        rules.put("agg", kw("sum") + " | " + kw("avg") + " | " + kw("min") + " | " + kw("max") + " | " + kw("count"));
        rules.put("fn1", kw("abs") + " | " + kw("length") + " | " + kw("lower") + " | " + kw("upper") + " | "
                + kw("trim") + " | " + kw("date"));
        rules.put("fn2", kw("coalesce") + " | " + kw("ifnull"));
        rules.put("ctype", kw("integer") + " | " + kw("real") + " | " + kw("text"));
        aliasRules();
    }

    /** The rules of one scope at one subquery depth. */
    private void scopeRules(Scope s, int d) {
        String x = s.id() + "-" + d;
        String ref = refRule(s, true);
        boolean nest = d < options.subqueryDepth();
        // Terms: columns, literals, allow-listed functions of them, scalar subqueries.
        rules.put("atom-" + x, ref + " | lit" + (nest ? " | \"(\" subq-" + (d + 1) + " \")\"" : ""));
        // Function arguments are a column or literal, or two of them with an operator: enough
        // for ROUND(price * 1.2, 2) while keeping nesting bounded.
        rules.put("arg-" + x, "atom-" + x + " (arith atom-" + x + ")?");
        String arg = "arg-" + x;
        rules.put("fn-" + x, "fn1 \"(\" " + arg + " \")\" | " + kw("round") + " \"(\" " + arg + " (\", \" int)? \")\" | "
                + "fn2 \"(\" " + arg + " \", \" " + arg + " \")\" | "
                + kw("substr") + " \"(\" " + arg + " \", \" int (\", \" int)? \")\" | "
                + kw("strftime") + " \"(\" str \", \" " + arg + " \")\" | "
                + kw("cast") + " \"(\" " + arg + " \" \" " + kw("as") + " \" \" ctype \")\"");
        rules.put("term-" + x, "atom-" + x + " | fn-" + x);
        // SQLite reads a constant integer in GROUP BY / ORDER BY as a column position (and fails
        // when it is out of range), so those clauses start with a term that is not a literal.
        rules.put("nlterm-" + x, ref + " | fn-" + x + (nest ? " | \"(\" subq-" + (d + 1) + " \")\"" : ""));
        rules.put("expr-" + x, "term-" + x + " (arith term-" + x + ")?");
        // Aggregate arguments hold no subquery: SQLite reports "misuse of aggregate" for some
        // aggregates over subqueries (found by sampling a random model under this grammar).
        rules.put("aatom-" + x, ref + " | lit | fn1 \"(\" " + ref + " \")\"");
        rules.put("aggx-" + x, kw("count") + " \"(*)\" | agg \"(\" (" + kw("distinct") + " \" \")? aatom-" + x + " (arith aatom-" + x + ")? \")\"");
        rules.put("aterm-" + x, "aggx-" + x + " | term-" + x);
        rules.put("aexpr-" + x, "aterm-" + x + " (arith aterm-" + x + ")?");
        StringBuilder star = new StringBuilder("\"*\"");
        for (Entry e : s.entries()) star.append(" | ").append(e.qualifier()).append(" \".*\"");
        rules.put("item-" + x, star + " | aexpr-" + x + " (\" \" " + kw("as") + " \" \" alias)?");
        rules.put("items-" + x, "item-" + x + " (\", \" item-" + x + "){0," + (options.maxSelectItems() - 1) + "}");
        condRules(s, x, "expr-" + x, "cond-" + x, "pred-" + x, nest, d);
        condRules(s, x, "aexpr-" + x, "hcond-" + x, "hpred-" + x, nest, d);
        int li = options.maxListItems() - 1;
        rules.put("gexpr-" + x, "nlterm-" + x + " (arith term-" + x + ")?");
        rules.put("groupby-" + x, kw("group by") + " \" \" gexpr-" + x + " (\", \" gexpr-" + x + "){0," + Math.min(li, 3) + "} (\" \" "
                + kw("having") + " \" \" hcond-" + x + ")?");
        rules.put("oitem-" + x, "(aggx-" + x + " | nlterm-" + x + ") (arith aterm-" + x + ")? (\" \" dir)?");
        rules.put("orderby-" + x, kw("order by") + " \" \" oitem-" + x + " (\", \" oitem-" + x + "){0," + Math.min(li, 3) + "}");
        // Without GROUP BY, SQLite calls an aggregate in ORDER BY a misuse (unless the select
        // list aggregates, which the grammar cannot see), so that ORDER BY has none.
        rules.put("poitem-" + x, "nlterm-" + x + " (arith term-" + x + ")? (\" \" dir)?");
        rules.put("porderby-" + x, kw("order by") + " \" \" poitem-" + x + " (\", \" poitem-" + x + "){0," + Math.min(li, 3) + "}");
        if (!rules.containsKey("from-" + s.id())) rules.put("from-" + s.id(), fromClause(s));
        String tail = " (\" \" " + kw("where") + " \" \" cond-" + x + ")? (\" \" groupby-" + x + " (\" \" orderby-" + x + ")? | (\" \" porderby-" + x + ")?) (\" \" limit)?";
        if (d == 0) {
            rules.put("select-" + x, kw("select") + " \" \" (" + kw("distinct") + " \" \")? items-" + x + " \" \" from-" + s.id() + tail);
        } else {
            rules.put("sub-" + x, kw("select") + " \" \" (" + kw("distinct") + " \" \")? aexpr-" + x + " \" \" from-" + s.id() + tail);
        }
    }

    private void condRules(Scope s, String x, String e, String cond, String pred, boolean nest, int d) {
        List<String> alts = new ArrayList<>();
        alts.add(e + " cmp " + e);
        alts.add(e + " (\" \" " + kw("not") + ")? \" \" " + kw("like") + " \" \" str");
        alts.add(e + " (\" \" " + kw("not") + ")? \" \" " + kw("in") + " \" \" " + (nest ? "(litlist | \"(\" subq-" + (d + 1) + " \")\")" : "litlist"));
        // BETWEEN bounds are a column or a literal: JSqlParser 5.3, which checks every answer,
        // fails on some longer bounds (e.g. "BETWEEN 1 AND lower('x') - coalesce('a', b)").
        String bound = "(" + refRule(s, true) + " | lit)";
        alts.add(e + " (\" \" " + kw("not") + ")? \" \" " + kw("between") + " \" \" " + bound + " \" \" " + kw("and") + " \" \" " + bound);
        alts.add(e + " \" \" " + kw("is") + " (\" \" " + kw("not") + ")? \" \" " + kw("null"));
        if (nest) {
            alts.add(kw("exists") + " \" (\" subq-" + (d + 1) + " \")\"");
            if (s.single()) alts.addAll(correlatedExists(s.entries().get(0).table(), d));
        }
        String base = pred + "b";
        rules.put(base, String.join(" | ", alts));
        rules.put(pred, "(" + kw("not") + " \" \")? " + base + " | \"(\" " + base + " (andor " + base + "){1," + Math.max(1, options.maxConditions() - 1) + "} \")\"");
        rules.put(cond, pred + " (andor " + pred + "){0," + (options.maxConditions() - 1) + "}");
    }

    /** {@code EXISTS (SELECT * FROM u WHERE u.fk = t.pk ...)} for every foreign key between t and another table u. */
    private List<String> correlatedExists(Schema.Table t, int d) {
        List<String> out = new ArrayList<>();
        for (Schema.Table u : schema.tables()) {
            if (u == t) continue;
            List<String[]> links = new ArrayList<>();
            for (Schema.ForeignKey fk : u.foreignKeys()) {
                if (fk.refTable().equalsIgnoreCase(t.name())) links.add(new String[]{fk.column(), fk.refColumn()});
            }
            for (Schema.ForeignKey fk : t.foreignKeys()) {
                if (fk.refTable().equalsIgnoreCase(u.name())) links.add(new String[]{fk.refColumn(), fk.column()});
            }
            for (String[] l : links) {
                String uc = col(u, l[0]);
                String tc = col(t, l[1]);
                if (uc == null || tc == null) continue;
                String inner = "s" + schema.tables().indexOf(u) + "-" + (d + 1);
                out.add(kw("exists") + " \" (\" " + kw("select") + " \" \" (\"*\" | \"1\") \" \" " + kw("from") + " \" \" "
                        + tableRule.get(u.name()) + " \" \" " + kw("where") + " \" \" " + tableRule.get(u.name()) + " \".\" " + uc
                        + " \" = \" " + tableRule.get(t.name()) + " \".\" " + tc + " (\" \" " + kw("and") + " \" \" cond-" + inner + ")? \")\"");
            }
        }
        return out;
    }

    private String col(Schema.Table t, String name) {
        return t.column(name).map(c -> colRule.get(t.name() + "\u0000" + c.name())).orElse(null);
    }

    private String fromClause(Scope s) {
        List<Entry> es = s.entries();
        StringBuilder sb = new StringBuilder(kw("from") + " \" \" " + tableRule.get(es.get(0).table().name()));
        if (s.kind().equals("aliased")) sb.append(" (\" \" ").append(kw("as")).append(")? \" \" ").append(es.get(0).qualifier());
        for (int k = 1; k < es.size(); k++) {
            Entry e = es.get(k);
            sb.append(" \" \" join \" \" ").append(tableRule.get(e.table().name()));
            if (s.kind().equals("aliased")) sb.append(" (\" \" ").append(kw("as")).append(")? \" \" ").append(e.qualifier());
            Scope prefix = new Scope(s.id() + "p" + k, es.subList(0, k + 1), s.kind());
            // Qualified only: SQLite resolves a bare name in an ON clause against every table of
            // the FROM clause, so a name unique in the prefix may still be ambiguous.
            String pr = refRule(prefix, false);
            sb.append(" \" \" ").append(kw("on")).append(" \" \" ").append(pr).append(" \" = \" ").append(pr)
                    .append(" (\" \" ").append(kw("and")).append(" \" \" ").append(pr).append(" cmp ").append(pr).append(")?");
        }
        return sb.toString();
    }

    /** Column references valid in a scope; memoised by the scope's tables and kind. */
    private String refRule(Scope s, boolean bare) {
        StringBuilder key = new StringBuilder("ref-" + s.kind().charAt(0) + (bare ? "" : "q"));
        for (Entry e : s.entries()) key.append('-').append(schema.tables().indexOf(e.table()));
        String name = key.toString();
        if (rules.containsKey(name)) return name;
        List<String> alts = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Entry e : s.entries()) {
            for (Schema.Column c : e.table().columns()) counts.merge(c.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        for (Entry e : s.entries()) {
            int ti = schema.tables().indexOf(e.table());
            alts.add(e.qualifier() + " \".\" cols" + ti);
            if (!rules.containsKey("cols" + ti)) {
                List<String> cs = new ArrayList<>();
                for (int j = 0; j < e.table().columns().size(); j++) cs.add("cn" + ti + "-" + j);
                rules.put("cols" + ti, String.join(" | ", cs));
            }
        }
        Set<String> seenBare = new LinkedHashSet<>();
        for (Entry e : s.entries()) {
            for (Schema.Column c : e.table().columns()) {
                String lower = c.name().toLowerCase(Locale.ROOT);
                if (bare && counts.get(lower) == 1 && seenBare.add(lower)) alts.add(colRule.get(e.table().name() + "\u0000" + c.name()));
            }
        }
        rules.put(name, String.join(" | ", alts));
        return name;
    }

    // ---------------------------------------------------------------- names

    /** GBNF for an identifier: bare (as written or lower case) when SQLite allows it, always quoted too. */
    private static String ident(String name) {
        Set<String> forms = new LinkedHashSet<>();
        if (SqlNames.isPlain(name)) {
            forms.add(name);
            forms.add(name.toLowerCase(Locale.ROOT));
        }
        forms.add(SqlNames.quote(name));
        List<String> lits = new ArrayList<>();
        for (String f : forms) lits.add(literal(f));
        return String.join(" | ", lits);
    }

    /** A keyword rule (all upper or all lower case), created on first use. */
    private String kw(String words) {
        String name = "k-" + words.toLowerCase(Locale.ROOT).replace(' ', '-');
        rules.computeIfAbsent(name, k -> literal(words.toUpperCase(Locale.ROOT)) + " | " + literal(words.toLowerCase(Locale.ROOT)));
        return name;
    }

    /**
     * Column aliases: {@code [a-z_][a-z0-9_]*}, at most about 32 characters, never a SQLite keyword.
     * Built as a trie of the keywords: each node may end the name only if its prefix is not a
     * keyword, and any character that leaves the trie leads to a free tail.
     */
    private void aliasRules() {
        Map<String, Set<Character>> children = new TreeMap<>();
        for (String k : SqlNames.KEYWORDS) {
            for (int i = 0; i <= k.length(); i++) {
                String p = k.substring(0, i);
                children.computeIfAbsent(p, z -> new TreeSet<>());
                if (i < k.length()) children.get(p).add(k.charAt(i));
            }
        }
        Map<String, String> names = new HashMap<>();
        int n = 0;
        for (String p : children.keySet()) names.put(p, p.isEmpty() ? "alias" : "al" + n++);
        rules.put("altail", "[a-z0-9_]{0,30}");
        for (var e : children.entrySet()) {
            String p = e.getKey();
            List<String> alts = new ArrayList<>();
            for (char c : e.getValue()) alts.add(literal(String.valueOf(c)) + " " + names.get(p + c));
            String allowed = p.isEmpty() ? "abcdefghijklmnopqrstuvwxyz_" : "abcdefghijklmnopqrstuvwxyz0123456789_";
            StringBuilder other = new StringBuilder();
            for (char c : allowed.toCharArray()) if (!e.getValue().contains(c)) other.append(c);
            if (!other.isEmpty()) alts.add("[" + other + "] altail");
            String body = String.join(" | ", alts);
            boolean mayEnd = !p.isEmpty() && !SqlNames.KEYWORDS.contains(p);
            rules.put(names.get(p), mayEnd ? "(" + body + ")?" : body);
        }
    }

    /** A GBNF string literal. */
    static String literal(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
