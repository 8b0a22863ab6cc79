package dev.coleta.nl2sql;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** SQL identifier rules shared by the grammar, the prompt and the data generator. */
public final class SqlNames {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /**
     * SQLite's keywords (https://sqlite.org/lang_keywords.html), lower case. An identifier spelled
     * like one of them is always quoted, and a column alias may never be one.
     */
    public static final Set<String> KEYWORDS = Set.of(
            "abort", "action", "add", "after", "all", "alter", "always", "analyze", "and", "as", "asc",
            "attach", "autoincrement", "before", "begin", "between", "by", "cascade", "case", "cast", "check",
            "collate", "column", "commit", "conflict", "constraint", "create", "cross", "current",
            "current_date", "current_time", "current_timestamp", "database", "default", "deferrable",
            "deferred", "delete", "desc", "detach", "distinct", "do", "drop", "each", "else", "end", "escape",
            "except", "exclude", "exclusive", "exists", "explain", "fail", "filter", "first", "following",
            "for", "foreign", "from", "full", "generated", "glob", "group", "groups", "having", "if", "ignore",
            "immediate", "in", "index", "indexed", "initially", "inner", "insert", "instead", "intersect",
            "into", "is", "isnull", "join", "key", "last", "left", "like", "limit", "match", "materialized",
            "natural", "no", "not", "nothing", "notnull", "null", "nulls", "of", "offset", "on", "or", "order",
            "others", "outer", "over", "partition", "plan", "pragma", "preceding", "primary", "query", "raise",
            "range", "recursive", "references", "regexp", "reindex", "release", "rename", "replace", "restrict",
            "returning", "right", "rollback", "row", "rows", "savepoint", "select", "set", "table", "temp",
            "temporary", "then", "ties", "to", "transaction", "trigger", "unbounded", "union", "unique",
            "update", "using", "vacuum", "values", "view", "virtual", "when", "where", "window", "with",
            "without", "true", "false");

    private SqlNames() {
    }

    /** Whether {@code name} can be written without quotes. */
    public static boolean isPlain(String name) {
        return PLAIN.matcher(name).matches() && !KEYWORDS.contains(name.toLowerCase(Locale.ROOT));
    }

    /** {@code name} as SQL: bare when plain, else in double quotes with inner quotes doubled. */
    public static String quoteIfNeeded(String name) {
        return isPlain(name) ? name : quote(name);
    }

    public static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A SQL string literal. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
