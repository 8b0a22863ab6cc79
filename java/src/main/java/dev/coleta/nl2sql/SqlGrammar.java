package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generates a GBNF grammar of read-only SQLite SELECTs over one {@link Schema}.
 *
 * <p>Design: a context-free grammar cannot remember which tables and aliases a FROM clause
 * introduced (and in SQL the FROM clause comes after the select list), so the grammar is built
 * per <em>scope</em>, a family of rules whose column references depend on what the FROM clause
 * will hold:
 * <ul>
 * <li>one scope per table alone: bare columns, or columns qualified by the table's name or
 *     {@code T1}, all of that table only (its functions and HAVING conditions are scope j1's);
 * <li>scope j1: one table with a free alias ({@code FROM books AS b});
 * <li>one scope per number of joined tables (2 to {@link SqlGrammarOptions#maxJoinTables}): any
 *     tables of the schema, joined on any pair of columns of compatible types (number, text,
 *     time; untyped columns join with anything), {@code ON} conditions with AND/OR;
 * <li>one scope per subquery depth, with one to {@code maxJoinTables} tables.
 * </ul>
 * In scope j1, the join and the subquery scopes a column qualified by a table's name must be a
 * column of that table; a bare column or one qualified by an alias may be any column of the
 * schema. Table aliases are free names besides Spider's {@code T1}..{@code T4}; {@code Tk} may
 * only be used where the FROM clause has at least k tables; a free name is never a table's name
 * nor a keyword that SQLite reserves. Column aliases may be named in ORDER BY. What a
 * context-free grammar cannot check (that an alias is declared and names the right table, that
 * a bare column of a join is in one of its tables and only one, that an ORDER BY name is an
 * alias) SQLite checks, and refuses: such a query fails, harmlessly. The arms of a compound
 * query have as many columns as each other (one or two, or a lone star).
 *
 * <p>Other choices that keep generated queries runnable on SQLite: aggregates only in SELECT,
 * HAVING and ORDER BY (there only after GROUP BY), never nested; no literal first in GROUP BY or
 * ORDER BY (SQLite would read an integer as a column position); HAVING only after GROUP BY.
 *
 * <p>Nothing else is reachable: no DML/DDL, PRAGMA, ATTACH, second statement or comment (a
 * {@code --} or {@code /*} can only occur inside a string literal), no table outside the schema,
 * no column name outside the schema, and only the functions of {@link #FUNCTIONS}. Double-quoted
 * strings ({@code WHERE name = "Ann"}, as Spider writes them) stand only where a value is
 * compared: SQLite reads one as a column of the FROM clause's tables if one is called so, else
 * as a string. Every repetition is bounded by {@link SqlGrammarOptions}. Keywords are all upper
 * or all lower case; names of tables and columns are case-insensitive, as in SQL. Tokens are
 * separated by one to three spaces, the layout of Spider's gold queries ({@code a  =  "x"},
 * {@code a ,  b}) included.
 *
 * <p>{@link SqlGrammarOptions#strict()} narrows all of this to one spelling per query (upper-case
 * keywords, names as the schema writes them, single spaces, {@code T1}..{@code T4} as the only
 * table aliases, column aliases only as {@link QuestionGenerator} writes them (an aggregate's
 * word and a column's name, or {@code spread}) and never qualifying a column): a weak model then
 * cannot spend its tokens on layout and invented aliases.
 *
 * <p>Cost: llama.cpp parses the grammar on every check and follows every alternative that is
 * still open in parallel, so the grammar is kept small and its alternatives part early.
 */
public final class SqlGrammar {
    /** Scalar functions the grammar offers; all in {@link SqlGuard#ALLOWED_FUNCTIONS}. */
    public static final List<String> FUNCTIONS = List.of(
            "abs", "length", "lower", "upper", "trim", "date", "round", "coalesce", "ifnull", "substr", "strftime", "cast");

    /**
     * Keywords that SQLite also takes as names (its parser's {@code %fallback ID} list), so free
     * alias names may spell them; the words the grammar itself puts next to a name (ASC, DESC,
     * BY, CAST, LIKE, OFFSET, WITH, ...) are not in this list and stay excluded. Fewer excluded
     * words make a smaller grammar, which llama.cpp parses on every check.
     */
    private static final Set<String> IDENTIFIER_KEYWORDS = Set.of(
            "abort", "action", "after", "analyze", "attach", "before", "begin", "cascade", "column", "conflict",
            "database", "deferred", "detach", "do", "each", "end", "exclusive", "explain", "fail", "for", "ignore",
            "immediate", "initially", "instead", "key", "no", "of", "plan", "pragma", "query", "raise", "recursive",
            "release", "replace", "restrict", "row", "rows", "rollback", "savepoint", "temp", "temporary", "trigger",
            "vacuum", "view", "virtual", "without", "nulls", "first", "last", "current", "following", "partition",
            "preceding", "range", "unbounded", "exclude", "groups", "others", "ties", "generated", "always",
            "materialized", "reindex", "rename", "if");

    /** Columns of a compound query's arms: one or two (Spider's gold needs two). */
    private static final int COMPOUND_COLUMNS = 2;

    /** Type classes of columns, for join conditions. */
    private enum TypeClass { NUMBER, TEXT, TIME, ANY }

    private final Schema schema;
    private final SqlGrammarOptions options;
    private final Map<String, String> rules = new LinkedHashMap<>();

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

    // ---------------------------------------------------------------- building

    /** A scope: its id and the rules naming its columns, its qualifiers for "q.*" and its FROM clause. */
    private record Scope(String id, String ref, String qual, String from) {
    }

    private void build() {
        rules.put("root", options.strict() ? "query" : "query (osp \";\")?");
        names();
        common();
        int maxJoin = options.maxJoinTables();
        List<Scope> top = new ArrayList<>();
        List<Schema.Table> ts = schema.tables();
        for (int i = 0; i < ts.size(); i++) {
            // A table alone may be called T1; a free alias makes it scope j1.
            rules.put("ref-s" + i, "cols" + i + " | (tn" + i + " | " + tee() + " \"1\") \".\" cols" + i);
            rules.put("from-s" + i, kw("from") + " sp tn" + i + " (sp (" + kw("as") + " sp)" + (options.strict() ? "" : "?") + " " + tee() + " \"1\")?");
            top.add(new Scope("s" + i, "ref-s" + i, "tn" + i + " | " + tee() + " \"1\"", "from-s" + i));
        }
        // Strict: column aliases are the only free names, and they never qualify a column.
        String j1alias = options.strict() ? tee() + " \"1\"" : "free";
        String orFree = options.strict() ? "" : " | free";
        rules.put("ref-j1", "anycol | tref | " + j1alias + " \".\" anycol");
        rules.put("from-j1", kw("from") + " sp tnany sp (" + kw("as") + " sp)? free");
        // Strict: no free table alias, so scope j1 builds only the rules the one-table scopes borrow.
        Scope j1 = new Scope("j1", "ref-j1", "tnany | " + j1alias, "from-j1");
        if (!options.strict()) top.add(j1);
        for (int k = 2; k <= maxJoin; k++) {
            String pos = tee() + " [1-" + k + "]";
            rules.put("ref-j" + k, "anycol | tref | (" + pos + orFree + ") \".\" anycol");
            rules.put("from-j" + k, kw("from") + " sp tdecl (sp join sp tdecl sp " + kw("on") + " sp jcond){" + (k - 1) + "}");
            top.add(new Scope("j" + k, "ref-j" + k, "tnany | " + pos + orFree, "from-j" + k));
        }
        int depth = options.subqueryDepth();
        // The open scope of subqueries and of a compound's later arms: one to maxJoin tables.
        String upos = tee() + " [1-" + maxJoin + "]";
        rules.put("ref-u", "anycol | tref | (" + upos + orFree + ") \".\" anycol");
        rules.put("from-u", kw("from") + " sp tdecl (sp join sp tdecl sp " + kw("on") + " sp jcond){0," + (maxJoin - 1) + "}");
        Scope u = new Scope("u", "ref-u", "tnany | " + upos + orFree, "from-u");
        List<String> stmts = new ArrayList<>();
        if (options.strict()) scopeRules(j1, "j1", 0, null);
        for (Scope s : top) {
            String x = s.id();
            // A table alone borrows scope j1's functions and HAVING conditions (any column of the
            // schema there): it keeps the grammar small, which llama.cpp parses on every check.
            scopeRules(s, x, 0, s.id().startsWith("s") ? "j1" : null);
            statementRules(s, x);
            stmts.add("stmt-" + x);
        }
        if (depth == 0) scopeRules(u, "u0", 0, null);
        for (int d = 1; d <= depth; d++) {
            String x = "u" + d;
            scopeRules(u, x, d, null);
            String rest = "sp from-u (sp " + kw("where") + " sp cond-" + x + ")?";
            // One column; compound arms of one column too. EXISTS may select "*".
            rules.put("subarm-" + d, kw("select") + " sp (" + kw("distinct") + " sp)? aexpr-" + x + " " + rest + " (sp groupby-" + x + ")?");
            String single = "(sp groupby-" + x + " (sp orderby-" + x + ")? | (sp porderby-" + x + ")?) (sp limit)?";
            rules.put("subq-" + d, kw("select") + " sp (" + kw("distinct") + " sp)? aexpr-" + x + " " + rest + " (" + single
                    + " | (sp groupby-" + x + ")? (sp setop sp subarm-" + d + "){1,2})");
            rules.put("exsubq-" + d, kw("select") + " sp \"*\" " + rest + " " + single + " | subq-" + d);
        }
        rules.put("query", String.join(" | ", stmts));
        // The arms after the first are read in the open scope of the first subquery level (any
        // tables, any columns): one family of rules instead of one per scope. arm<k>: k plain
        // columns; arm0: a lone star.
        String a = depth == 0 ? "u0" : "u1";
        String where = " sp from-u (sp " + kw("where") + " sp cond-" + a + ")? (sp groupby-" + a + ")?";
        String select = kw("select") + " sp (" + kw("distinct") + " sp)? ";
        String citem = "aexpr-" + a + " (sp " + kw("as") + " sp talias)?";
        rules.put("arm0", select + "(\"*\" | (" + u.qual() + ") \".*\")" + where);
        for (int k = 0; k <= COMPOUND_COLUMNS; k++) {
            if (k > 0) rules.put("arm" + k, select + citem + " (comma " + citem + "){" + (k - 1) + "}" + where);
            rules.put("compound" + k, "(sp setop sp arm" + k + "){1,2} (sp corder)? (sp limit)?");
        }
        rules.put("setop", kw("union") + " (sp " + kw("all") + ")? | " + kw("intersect") + " | " + kw("except"));
        // A compound query is ordered by result columns: a position, a column or an alias.
        rules.put("corder", kw("order by") + " sp cterm (comma cterm){0,3}");
        rules.put("cterm", "([1-9] | anycol | tref | talias) (sp dir)?");
    }

    /**
     * The statements of a top-level scope. The arms of a compound query must have as many columns
     * as each other, so the select list is counted: one to {@link #COMPOUND_COLUMNS} plain items
     * may start a compound; a longer list, or one with a star, may not.
     */
    private void statementRules(Scope s, String x) {
        rules.put("fw-" + x, "sp " + s.from() + " (sp " + kw("where") + " sp cond-" + x + ")?");
        rules.put("one-" + x, "(sp groupby-" + x + " (sp orderby-" + x + ")? | (sp porderby-" + x + ")?) (sp limit)?");
        rules.put("citem-" + x, "aexpr-" + x + " (sp " + kw("as") + " sp talias)?");
        rules.put("sitem-" + x, "\"*\" | (" + s.qual() + ") \".*\"");
        rules.put("item-" + x, "sitem-" + x + " | citem-" + x);
        rules.put("restn-" + x, "fw-" + x + " one-" + x);
        // A chain, so that llama.cpp follows one reading of the list, not one per possible length:
        // list k is a star item and the rest of the list, or a plain item that ends a k-item
        // list or goes on to list k+1.
        int max = options.maxSelectItems();
        rules.put("rest0-" + x, "fw-" + x + " (one-" + x + " | (sp groupby-" + x + ")? compound0)");
        String starTail = " (comma item-" + x + "){0," + (max - 1) + "} restn-" + x;
        for (int k = 1; k <= COMPOUND_COLUMNS; k++) {
            rules.put("rest" + k + "-" + x, "fw-" + x + " (one-" + x + " | (sp groupby-" + x + ")? compound" + k + ")");
            String next = k < COMPOUND_COLUMNS ? "list" + (k + 1) + "-" + x
                    : "item-" + x + " (comma item-" + x + "){0," + Math.max(0, max - COMPOUND_COLUMNS - 1) + "} restn-" + x;
            String more = k < max ? " | comma " + next : "";
            // A lone star may start a compound of lone stars (SQLite checks that the counts match).
            String star = k > 1 ? "sitem-" + x + starTail
                    : max == 1 ? "sitem-" + x + " rest0-" + x
                    : "sitem-" + x + " (rest0-" + x + " | comma item-" + x + " (comma item-" + x + "){0," + (max - 2) + "} restn-" + x + ")";
            rules.put("list" + k + "-" + x, star + " | citem-" + x + " (rest" + k + "-" + x + more + ")");
        }
        rules.put("stmt-" + x, kw("select") + " sp (" + kw("distinct") + " sp)? list1-" + x);
    }

    /** Names: tables, columns per table, any column, typed qualified columns for joins, aliases. */
    private void names() {
        List<Schema.Table> ts = schema.tables();
        List<String> tns = new ArrayList<>();
        Map<String, String> trefs = new TreeMap<>();
        List<String> all = new ArrayList<>();
        Map<TypeClass, List<String>> anyByType = new TreeMap<>();
        Map<TypeClass, Map<String, String>> qualByType = new TreeMap<>();
        Set<String> excluded = new TreeSet<>(SqlNames.KEYWORDS);
        excluded.removeAll(IDENTIFIER_KEYWORDS);
        for (int i = 0; i < ts.size(); i++) {
            Schema.Table t = ts.get(i);
            nameRule("tn" + i, List.of(t.name()));
            tns.add(t.name());
            excluded.add(t.name().toLowerCase(Locale.ROOT));
            List<String> cs = new ArrayList<>();
            Map<TypeClass, List<String>> byType = new TreeMap<>();
            for (Schema.Column c : t.columns()) {
                cs.add(c.name());
                all.add(c.name());
                for (TypeClass tc : joinClasses(c.type())) {
                    byType.computeIfAbsent(tc, z -> new ArrayList<>()).add(c.name());
                    anyByType.computeIfAbsent(tc, z -> new ArrayList<>()).add(c.name());
                }
            }
            nameRule("cols" + i, cs);
            trefs.put(t.name(), "\".\" cols" + i);
            for (var e : byType.entrySet()) {
                String r = "cols" + i + "-" + e.getKey().name().toLowerCase(Locale.ROOT);
                nameRule(r, e.getValue());
                qualByType.computeIfAbsent(e.getKey(), z -> new TreeMap<>()).put(t.name(), "\".\" " + r);
            }
        }
        nameRule("tnany", tns);
        nameRule("anycol", all);
        // A column qualified by a table's name: that table's columns only.
        qualifiedRule("tref", trefs);
        for (int k = 1; k <= 4; k++) excluded.add("t" + k);
        rules.put("talias", tee() + " [1-4] | free");
        // What may qualify a column: an alias of a table (strict: T1..T4 only, never a column alias).
        rules.put("qalias", options.strict() ? tee() + " [1-4]" : "talias");
        // A table in a FROM clause with more than one table: any table, any alias.
        rules.put("tdecl", options.strict() ? "tnany (sp " + kw("as") + " sp " + tee() + " [1-4])?" : "tnany (sp (" + kw("as") + " sp)? talias)?");
        // Join conditions compare columns of one type class; qualified by a table name (that table's
        // columns) or an alias (any column of the class).
        List<String> eqs = new ArrayList<>();
        for (var e : qualByType.entrySet()) {
            String c = e.getKey().name().toLowerCase(Locale.ROOT);
            nameRule("anycol-" + c, anyByType.get(e.getKey()));
            qualifiedRule("jqt-" + c, e.getValue());
            rules.put("jq-" + c, "jqt-" + c + " | qalias \".\" anycol-" + c);
            eqs.add("jq-" + c + " cmp jq-" + c);
        }
        rules.put("jeq", String.join(" | ", eqs));
        rules.put("jq", "tref | qalias \".\" anycol");
        // Two columns are compared only within a type class; a column with a literal, always.
        rules.put("jpart", "jeq | jq cmp lit");
        rules.put("jcond", "jpart (andor jpart){0,2}");
        aliasRules(excluded, all);
    }

    /** The join classes of a declared type: a typed column joins its class; an untyped one joins every class. */
    private static List<TypeClass> joinClasses(String type) {
        TypeClass tc = typeClass(type);
        return tc == TypeClass.ANY ? List.of(TypeClass.NUMBER, TypeClass.TEXT, TypeClass.TIME) : List.of(tc);
    }

    /** The class of a SQL or Spider column type, after SQLite's affinity rules where they apply. */
    private static TypeClass typeClass(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        if (t.contains("date") || t.contains("time")) return TypeClass.TIME;
        if (t.contains("int") || t.contains("num") || t.contains("real") || t.contains("floa") || t.contains("doub")
                || t.contains("dec") || t.contains("bool") || t.contains("bit")) return TypeClass.NUMBER;
        if (t.contains("char") || t.contains("text") || t.contains("clob") || t.contains("str")) return TypeClass.TEXT;
        return TypeClass.ANY;
    }

    /** Rules shared by every scope: layout, literals, operators, keywords. */
    private void common() {
        // Spider's gold queries separate tokens by up to three spaces.
        rules.put("sp", options.strict() ? "\" \"" : "\" \" (\" \" \" \"?)?");
        rules.put("osp", options.strict() ? "\" \"?" : "(\" \" (\" \" \" \"?)?)?");
        rules.put("comma", options.strict() ? "\", \"" : "osp \",\" osp");
        int len = options.maxStringLength();
        rules.put("str", "\"'\" ([^'\\x00-\\x1f] | \"''\"){0," + len + "} \"'\"");
        // SQLite reads a double-quoted word that names no column as a string; Spider writes strings so.
        rules.put("dqstr", "\"\\\"\" ([^\"\\x00-\\x1f] | \"\\\"\\\"\"){0," + len + "} \"\\\"\"");
        rules.put("num", "\"-\"? [0-9]{1,9} (\".\" [0-9]{1,6})?");
        rules.put("int", "[0-9]{1,6}");
        rules.put("lit", "num | str | " + kw("null"));
        // Double-quoted strings only where a value is compared: elsewhere SQLite's reading of
        // "x" (a column if one is called so, else a string) would look like a column outside
        // the schema.
        rules.put("dlit", "lit | dqstr");
        String ip = options.strict() ? " " : " osp ";
        rules.put("litlist", "\"(\"" + ip + "dlit (comma dlit){0," + (options.maxListItems() - 1) + "}" + ip + "\")\"");
        rules.put("cmp", options.strict() ? "\" \" (\"=\" | \"!=\" | \"<\" | \"<=\" | \">\" | \">=\") \" \""
                : "osp (\"=\" | \"!=\" | \"<>\" | \"<\" | \"<=\" | \">\" | \">=\") osp");
        // A minus is followed by a blank: "a -" before "-1" would otherwise make "--", a comment.
        rules.put("arith", options.strict() ? "\" \" (\"+\" | \"*\" | \"/\" | \"||\" | \"-\") \" \""
                : "osp (\"+\" | \"*\" | \"/\" | \"||\") osp | osp \"-\" sp");
        rules.put("andor", "sp (" + kw("and") + " | " + kw("or") + ") sp");
        rules.put("dir", kw("asc") + " | " + kw("desc"));
        rules.put("limit", kw("limit") + " sp int (sp " + kw("offset") + " sp int)?");
        rules.put("join", "(" + kw("inner") + " sp | " + kw("left") + " sp (" + kw("outer") + " sp)?)? " + kw("join"));
        rules.put("agg", kw("sum") + " | " + kw("avg") + " | " + kw("min") + " | " + kw("max") + " | " + kw("count"));
        rules.put("fn1", kw("abs") + " | " + kw("length") + " | " + kw("lower") + " | " + kw("upper") + " | "
                + kw("trim") + " | " + kw("date"));
        rules.put("fn2", kw("coalesce") + " | " + kw("ifnull"));
        rules.put("ctype", kw("integer") + " | " + kw("real") + " | " + kw("text"));
        rules.put("po", options.strict() ? "\"(\"" : "\"(\" osp");
        // SQLite, and Spider's gold, allow blanks between a function's name and its "(".
        rules.put("fo", options.strict() ? "\"(\"" : "osp \"(\" osp");
        rules.put("pc", options.strict() ? "\")\"" : "osp \")\"");
    }

    /** The rules of one scope at one subquery depth; {@code x} names them. */
    private void scopeRules(Scope s, String x, int d, String open) {
        String ref = s.ref();
        boolean nest = d < options.subqueryDepth();
        String sub = nest ? " | po subq-" + (d + 1) + " pc" : "";
        // Terms: columns, literals, allow-listed functions of them, scalar subqueries.
        rules.put("atom-" + x, ref + " | lit" + sub);
        // Function arguments are a column or literal, or two of them with an operator: enough
        // for ROUND(price * 1.2, 2) while keeping nesting bounded.
        String fn = "fn-" + (open == null ? x : open);
        if (open == null) defineFunctions(x);
        rules.put("term-" + x, "atom-" + x + " | " + fn);
        // SQLite reads a constant integer in GROUP BY / ORDER BY as a column position (and fails
        // when it is out of range), so those clauses start with a term that is not a literal.
        rules.put("nlterm-" + x, ref + " | " + fn + sub);
        rules.put("expr-" + x, "term-" + x + " (arith term-" + x + ")?");
        // Aggregate arguments hold no subquery: SQLite reports "misuse of aggregate" for some
        // aggregates over subqueries (found by sampling a random model under this grammar).
        rules.put("aatom-" + x, ref + " | lit | fn1 fo " + ref + " pc");
        rules.put("aggx-" + x, kw("count") + " fo \"*\" pc | agg fo (" + kw("distinct") + " sp)? aatom-" + x + " (arith aatom-" + x + ")? pc");
        rules.put("aterm-" + x, "aggx-" + x + " | term-" + x);
        rules.put("aexpr-" + x, "aterm-" + x + " (arith aterm-" + x + ")?");
        condRules(x, "expr-" + x, "cond-" + x, "pred-" + x, ref, nest, d);
        if (open == null) condRules(x, "aexpr-" + x, "hcond-" + x, "hpred-" + x, ref, nest, d);
        String hcond = "hcond-" + (open == null ? x : open);
        int li = Math.min(options.maxListItems() - 1, 3);
        rules.put("gexpr-" + x, "nlterm-" + x + " (arith term-" + x + ")?");
        rules.put("groupby-" + x, kw("group by") + " sp gexpr-" + x + " (comma gexpr-" + x + "){0," + li + "} (sp "
                + kw("having") + " sp " + hcond + ")?");
        // A column alias of the select list may be named in ORDER BY (talias: free names).
        rules.put("oitem-" + x, "(aggx-" + x + " | nlterm-" + x + " | free) (arith aterm-" + x + ")? (sp dir)?");
        rules.put("orderby-" + x, kw("order by") + " sp oitem-" + x + " (comma oitem-" + x + "){0," + li + "}");
        // Without GROUP BY, SQLite calls an aggregate in ORDER BY a misuse (unless the select
        // list aggregates, which the grammar cannot see), so that ORDER BY has none.
        rules.put("poitem-" + x, "(nlterm-" + x + " | free) (arith term-" + x + ")? (sp dir)?");
        rules.put("porderby-" + x, kw("order by") + " sp poitem-" + x + " (comma poitem-" + x + "){0," + li + "}");
    }

    /** The allow-listed scalar functions over the terms of scope {@code x}. */
    private void defineFunctions(String x) {
        // Function arguments are a column or literal, or two of them with an operator: enough
        // for ROUND(price * 1.2, 2) while keeping nesting bounded.
        rules.put("arg-" + x, "atom-" + x + " (arith atom-" + x + ")?");
        String arg = "arg-" + x;
        rules.put("fn-" + x, "fn1 fo " + arg + " pc | " + kw("round") + " fo " + arg + " (comma int)? pc | "
                + "fn2 fo " + arg + " comma " + arg + " pc | "
                + kw("substr") + " fo " + arg + " comma int (comma int)? pc | "
                + kw("strftime") + " fo str comma " + arg + " pc | "
                + kw("cast") + " fo " + arg + " sp " + kw("as") + " sp ctype pc");
    }

    private void condRules(String x, String e, String cond, String pred, String ref, boolean nest, int d) {
        // The expression is written once, before the operators, so that llama.cpp expands it once.
        List<String> ops = new ArrayList<>();
        ops.add("cmp (" + e + " | dqstr)");
        String in = kw("in") + " sp? " + (nest ? "(litlist | po subq-" + (d + 1) + " pc)" : "litlist");
        // BETWEEN bounds are a column or a literal: JSqlParser 5.3, which checks every answer,
        // fails on some longer bounds (e.g. "BETWEEN 1 AND lower('x') - coalesce('a', b)").
        String bound = "(" + ref + " | dlit)";
        String between = kw("between") + " sp " + bound + " sp " + kw("and") + " sp " + bound;
        ops.add("sp (" + kw("not") + " sp)? (" + kw("like") + " sp (str | dqstr) | " + in + " | " + between + ")");
        ops.add("sp " + kw("is") + " (sp " + kw("not") + ")? sp " + kw("null"));
        String base = pred + "b";
        rules.put(base, e + " (" + String.join(" | ", ops) + ")" + (nest ? " | " + kw("exists") + " osp po exsubq-" + (d + 1) + " pc" : ""));
        rules.put(pred, "(" + kw("not") + " sp)? " + base + " | po " + base + " (andor " + base + "){1," + Math.max(1, options.maxConditions() - 1) + "} pc");
        rules.put(cond, pred + " (andor " + pred + "){0," + (options.maxConditions() - 1) + "}");
    }

    // ---------------------------------------------------------------- names

    /**
     * Defines {@code rule}: one of the identifiers {@code names}, in any letter case, bare when
     * SQLite allows it, always in double quotes too. The alternatives are factored by their
     * leading characters (a trie), so that llama.cpp, which follows every open alternative,
     * follows one per prefix.
     */
    private void nameRule(String rule, List<String> names) {
        Set<String> bare = new TreeSet<>();
        Set<String> other = new TreeSet<>();
        for (String n : names) {
            if (SqlNames.isPlain(n)) bare.add(nameKey(n));
            else other.add(nameKey(n.replace("\"", "\"\"")));
        }
        String q = "\"\\\"\" ";
        if (bare.isEmpty()) {
            rules.put(rule, q + trie(new ArrayList<>(other), 0) + " " + q.strip());
            return;
        }
        // Quoted, a plain name is the same trie between quotes: one rule for both.
        rules.put(rule + "-b", trie(new ArrayList<>(bare), 0));
        if (options.strict()) {
            // one spelling: plain names bare, the others quoted
            rules.put(rule, other.isEmpty() ? rule + "-b" : rule + "-b | " + q + trie(new ArrayList<>(other), 0) + " " + q.strip());
            return;
        }
        String inner = other.isEmpty() ? rule + "-b" : "(" + rule + "-b | " + trie(new ArrayList<>(other), 0) + ")";
        rules.put(rule, rule + "-b | " + q + inner + " " + q.strip());
    }

    /**
     * Defines {@code rule}: one of the tables of {@code tails} (by name, in any letter case, bare or
     * quoted) followed by that table's tail, as one trie.
     */
    private void qualifiedRule(String rule, Map<String, String> tails) {
        Map<String, String> bare = new TreeMap<>();
        Map<String, String> quoted = new TreeMap<>();
        for (var e : tails.entrySet()) {
            if (SqlNames.isPlain(e.getKey())) bare.put(nameKey(e.getKey()), e.getValue());
            // strict: a name that needs no quotes has one spelling, bare
            if (!options.strict() || !SqlNames.isPlain(e.getKey())) {
                quoted.put(nameKey(e.getKey().replace("\"", "\"\"")), "\"\\\"\" " + e.getValue());
            }
        }
        String q = quoted.isEmpty() ? null : "\"\\\"\" " + trie(new ArrayList<>(quoted.keySet()), 0, quoted);
        String b = bare.isEmpty() ? null : trie(new ArrayList<>(bare.keySet()), 0, bare);
        rules.put(rule, b == null ? q : q == null ? b : b + " | " + q);
    }

    private String trie(List<String> words, int pos) {
        return trie(words, pos, null);
    }

    /**
     * Caseless alternation of {@code words} (lower case, sorted, distinct) from character {@code pos}
     * on; where {@code tails} is given, each word is followed by its tail.
     */
    private String trie(List<String> words, int pos, Map<String, String> tails) {
        String endTail = null;
        boolean end = false;
        Map<Integer, List<String>> groups = new TreeMap<>();
        for (String w : words) {
            if (w.length() == pos) {
                end = true;
                if (tails != null) endTail = tails.get(w);
            } else {
                groups.computeIfAbsent(w.codePointAt(pos), z -> new ArrayList<>()).add(w);
            }
        }
        List<String> alts = new ArrayList<>();
        for (var e : groups.entrySet()) {
            int cp = e.getKey();
            String first = charClass(cp);
            String rest = trie(e.getValue(), pos + Character.charCount(cp), tails);
            alts.add(rest.isEmpty() ? first : first + " " + rest);
        }
        if (endTail != null) alts.add(endTail);
        if (alts.isEmpty()) return "";
        String body = String.join(" | ", alts);
        if (end && endTail == null) return "(" + body + ")?";
        return alts.size() == 1 ? body : "(" + body + ")";
    }

    /** A code point in any letter case: {@code [nN]}, or a literal (always a literal when strict). */
    private String charClass(int cp) {
        if (options.strict()) return literal(Character.toString(cp));
        int up = Character.toUpperCase(cp);
        if (up != cp && up < 128 && cp < 128) return "[" + Character.toString(cp) + Character.toString(up) + "]";
        return literal(Character.toString(cp));
    }

    /** A keyword rule (all upper or all lower case; upper only when strict), created on first use. */
    private String kw(String words) {
        String name = "k-" + words.toLowerCase(Locale.ROOT).replace(' ', '-');
        rules.computeIfAbsent(name, k -> options.strict() ? literal(words.toUpperCase(Locale.ROOT))
                : literal(words.toUpperCase(Locale.ROOT)) + " | " + literal(words.toLowerCase(Locale.ROOT)));
        return name;
    }

    /** The letter of Spider's positional aliases {@code T1}..{@code T4}: either case, or upper when strict. */
    private String tee() {
        return options.strict() ? "\"T\"" : "[tT]";
    }

    /** A name as the grammar matches it: lower case (matched in any case), or as written when strict. */
    private String nameKey(String name) {
        return options.strict() ? name : name.toLowerCase(Locale.ROOT);
    }

    /**
     * Free names for table and column aliases: {@code [A-Za-z_][A-Za-z0-9_]*}, never (in any
     * letter case) a keyword that SQLite reserves, a table's name or T1..T4 (which the scopes
     * handle). Bound: after the longest prefix a name shares with an excluded word, at most
     * {@link SqlGrammarOptions#maxAliasLength} characters. Built as a trie of the excluded words: each node may end the name only
     * if its prefix is not excluded, and any character that leaves the trie leads to a free tail.
     */
    private void aliasRules(Set<String> excluded, List<String> columns) {
        if (options.strict()) {
            // the column aliases QuestionGenerator writes: an aggregate's word and a column's name in lower case
            Set<String> lower = new TreeSet<>();
            for (String c : columns) {
                String l = c.toLowerCase(Locale.ROOT);
                if (l.matches("[a-z0-9_]{1," + options.maxAliasLength() + "}")) lower.add(l);
            }
            String named = "[a-z0-9_]{1," + options.maxAliasLength() + "}";
            if (!lower.isEmpty()) {
                named = "colalias";
                rules.put(named, trie(new ArrayList<>(lower), 0));
            }
            rules.put("free", "(\"average\" | \"total\" | \"smallest\" | \"largest\") \"_\" " + named + " | \"spread\"");
            return;
        }
        Map<String, Set<Character>> children = new TreeMap<>();
        Set<String> words = new TreeSet<>();
        for (String k : excluded) {
            if (!k.matches("[a-z_][a-z0-9_]*")) continue; // cannot be written as a free name anyway
            words.add(k);
            for (int i = 0; i <= k.length(); i++) {
                String p = k.substring(0, i);
                children.computeIfAbsent(p, z -> new TreeSet<>());
                if (i < k.length()) children.get(p).add(k.charAt(i));
            }
        }
        // Deeper trie nodes than the length bound simply never complete a name.
        rules.put("frtail", "[a-zA-Z0-9_]{0," + (options.maxAliasLength() - 1) + "}");
        // One nested expression rather than a rule per node: the same language in less text.
        rules.put("free", trieNode("", children, words));
    }

    private String trieNode(String p, Map<String, Set<Character>> children, Set<String> words) {
        Set<Character> cs = children.get(p);
        boolean mayEnd = !p.isEmpty() && !words.contains(p);
        if (cs.isEmpty() && mayEnd) return "frtail";
        List<String> alts = new ArrayList<>();
        for (char c : cs) {
            String cls = Character.isLetter(c) ? "[" + c + Character.toUpperCase(c) + "]" : literal(String.valueOf(c));
            alts.add(cls + " " + trieNode(p + c, children, words));
        }
        String allowed = p.isEmpty() ? "abcdefghijklmnopqrstuvwxyz_" : "abcdefghijklmnopqrstuvwxyz0123456789_";
        StringBuilder other = new StringBuilder();
        for (char c : allowed.toCharArray()) {
            if (cs.contains(c)) continue;
            other.append(c);
            if (Character.isLetter(c)) other.append(Character.toUpperCase(c));
        }
        if (!other.isEmpty()) {
            // Most nodes have one child: their "any other character" rule is shared, per child.
            if (cs.size() == 1 && !p.isEmpty()) {
                String name = "fro-" + (Character.isLetterOrDigit(cs.iterator().next()) ? cs.iterator().next() : "u");
                rules.computeIfAbsent(name, k -> "[" + ranges(other.toString()) + "] frtail");
                alts.add(name);
            } else {
                alts.add("[" + ranges(other.toString()) + "] frtail");
            }
        }
        String body = String.join(" | ", alts);
        return mayEnd ? "(" + body + ")?" : "(" + body + ")";
    }

    /** A character-class body with runs of consecutive characters written as ranges. */
    private static String ranges(String chars) {
        char[] cs = chars.toCharArray();
        java.util.Arrays.sort(cs);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cs.length; ) {
            int j = i;
            while (j + 1 < cs.length && cs[j + 1] == cs[j] + 1) j++;
            sb.append(cs[i]);
            if (j > i + 1) sb.append('-').append(cs[j]);
            else if (j == i + 1) sb.append(cs[j]);
            i = j + 1;
        }
        return sb.toString();
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
