package dev.coleta.nl2sql;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

import java.util.Locale;
import java.util.Set;

/**
 * The second line of defence behind the grammar: a query is parsed again and must be exactly
 * one SELECT, without comments, calling only allow-listed functions and naming only the
 * schema's tables. The third line is {@link ReadOnlyDatabase}, which runs it on a read-only
 * connection.
 */
public final class SqlGuard {
    /**
     * Functions a query may call (lower case). Everything else, {@code load_extension},
     * {@code readfile}, {@code writefile}, {@code pragma_*} table functions included, is refused.
     */
    public static final Set<String> ALLOWED_FUNCTIONS = Set.of(
            "count", "sum", "avg", "min", "max", "total",
            "abs", "length", "lower", "upper", "trim", "ltrim", "rtrim", "round", "coalesce", "ifnull",
            "nullif", "substr", "substring", "instr", "replace", "strftime", "date", "time", "datetime",
            "julianday", "cast", "typeof");

    /** Words that may stand before a parenthesis without being a function call. */
    private static final Set<String> KEYWORDS_BEFORE_PAREN = Set.of(
            "in", "exists", "from", "join", "on", "and", "or", "not", "select", "as", "union", "all",
            "intersect", "except", "where", "having", "by", "values", "using", "when", "then", "else",
            "between", "like", "is", "distinct", "with", "limit", "offset", "case");

    private final Schema schema;

    /** A guard that also checks table names against {@code schema} (null: any table). */
    public SqlGuard(Schema schema) {
        this.schema = schema;
    }

    /**
     * Checks {@code sql} and returns it without surrounding blanks and without a trailing
     * semicolon; throws {@link SqlRejectedException} saying what is wrong otherwise.
     */
    public String check(String sql) {
        if (sql == null || sql.isBlank()) throw new SqlRejectedException("the query is empty");
        String body = lexicalCheck(sql.strip());
        Statement st;
        try {
            st = CCJSqlParserUtil.parse(body);
        } catch (JSQLParserException e) {
            throw new SqlRejectedException("the query is not valid SQL: " + SchemaReader.firstLine(
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
        if (!(st instanceof Select)) {
            throw new SqlRejectedException("only a single SELECT is allowed, got " + st.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        if (schema != null) {
            Set<String> tables;
            try {
                tables = TablesNamesFinder.findTables(body);
            } catch (JSQLParserException e) {
                throw new SqlRejectedException("the query is not valid SQL: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                // JSqlParser 5.3 fails with a ClassCastException on a data-modifying WITH
                // ("WITH x AS (DELETE ... RETURNING *) SELECT ..."): what it cannot walk is refused.
                throw new SqlRejectedException("the query cannot be checked: " + e, e);
            }
            for (String t : tables) {
                String name = unquote(t.contains(".") ? t.substring(t.lastIndexOf('.') + 1) : t);
                if (t.contains(".") || schema.table(name).isEmpty()) {
                    throw new SqlRejectedException("table " + t + " is not in the database's schema");
                }
            }
        }
        return body;
    }

    /**
     * Scans the text outside literals: no comments, no statement after a trailing semicolon,
     * function calls only from the allow-list. Returns the text without a final semicolon.
     */
    private static String lexicalCheck(String sql) {
        int n = sql.length();
        int end = n;
        String lastWord = null;
        for (int i = 0; i < n; ) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                lastWord = null;
            } else if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = skipQuoted(sql, i, close);
                lastWord = sql.substring(i + 1, j - 1);
                i = j;
                continue;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                throw new SqlRejectedException("comments are not allowed in a query");
            } else if (c == ';') {
                if (!sql.substring(i + 1).isBlank()) throw new SqlRejectedException("only one statement is allowed");
                end = i;
                break;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) j++;
                lastWord = sql.substring(i, j);
                i = j;
                continue;
            } else if (c == '(') {
                if (lastWord != null) {
                    String w = lastWord.toLowerCase(Locale.ROOT);
                    if (!KEYWORDS_BEFORE_PAREN.contains(w) && !ALLOWED_FUNCTIONS.contains(w)) {
                        throw new SqlRejectedException("function " + lastWord + " is not allowed");
                    }
                }
                lastWord = null;
                i++;
            } else {
                if (!Character.isWhitespace(c)) lastWord = null;
                i++;
            }
        }
        if (sql.charAt(0) != '(' && !sql.regionMatches(true, 0, "select", 0, 6) && !sql.regionMatches(true, 0, "with", 0, 4)) {
            throw new SqlRejectedException("only a single SELECT is allowed");
        }
        return sql.substring(0, end).strip();
    }

    /** Index just past the literal or quoted name that starts at {@code start}; doubled quotes escape. */
    private static int skipQuoted(String s, int start, char close) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == close) {
                if (close != ']' && i + 1 < s.length() && s.charAt(i + 1) == close) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new SqlRejectedException("unterminated " + (close == '\'' ? "string literal" : "quoted name"));
    }

    private static String unquote(String name) {
        if (name.length() >= 2 && (name.charAt(0) == '"' || name.charAt(0) == '`' || name.charAt(0) == '[')) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name;
    }
}
