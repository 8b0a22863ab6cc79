package dev.coleta.nl2sql;

/**
 * Bounds of the SQL grammar, so that every sentence it allows is finite and generation ends.
 *
 * @param subqueryDepth   nesting levels of subqueries (IN, EXISTS, scalar); default 2
 * @param maxJoinTables   tables in one FROM clause, 1 to 4; default 4. Any two tables may be
 *                        joined on any pair of columns of compatible types
 * @param maxSelectItems  items in a SELECT list; default 8
 * @param maxConditions   predicates joined by AND/OR in one WHERE or HAVING; default 4
 * @param maxListItems    values in an IN list, terms in GROUP BY / ORDER BY; default 8
 * @param maxStringLength characters in a string literal; default 40
 * @param maxAliasLength  characters in a free table or column alias (past any prefix it shares
 *                        with a keyword or a table's name); default 31
 * @param strict          one spelling per query, for weak models: upper-case keywords, names in
 *                        the schema's own letter case, single spaces ({@code a, b},
 *                        {@code a = 1}, {@code COUNT(*)}), table aliases {@code T1}..{@code T4}
 *                        only, column aliases only of the form {@code average_x}, {@code total_x},
 *                        {@code smallest_x}, {@code largest_x} and {@code spread}, no {@code ;}. Every query
 *                        {@link QuestionGenerator} writes is in it. Default false: the grammar
 *                        then covers Spider's gold queries (free aliases, any case and spacing)
 */
public record SqlGrammarOptions(int subqueryDepth, int maxJoinTables, int maxSelectItems, int maxConditions,
                                int maxListItems, int maxStringLength, int maxAliasLength, boolean strict) {
    public SqlGrammarOptions {
        if (subqueryDepth < 0 || subqueryDepth > 4) throw new IllegalArgumentException("subqueryDepth must be 0..4, got " + subqueryDepth);
        if (maxJoinTables < 1 || maxJoinTables > 4) throw new IllegalArgumentException("maxJoinTables must be 1..4, got " + maxJoinTables);
        if (maxSelectItems < 1 || maxSelectItems > 32) throw new IllegalArgumentException("maxSelectItems must be 1..32, got " + maxSelectItems);
        if (maxConditions < 1 || maxConditions > 16) throw new IllegalArgumentException("maxConditions must be 1..16, got " + maxConditions);
        if (maxListItems < 1 || maxListItems > 32) throw new IllegalArgumentException("maxListItems must be 1..32, got " + maxListItems);
        if (maxStringLength < 1 || maxStringLength > 200) throw new IllegalArgumentException("maxStringLength must be 1..200, got " + maxStringLength);
        if (maxAliasLength < 1 || maxAliasLength > 64) throw new IllegalArgumentException("maxAliasLength must be 1..64, got " + maxAliasLength);
    }

    public static SqlGrammarOptions defaults() {
        return new SqlGrammarOptions(2, 4, 8, 4, 8, 40, 31, false);
    }

    public SqlGrammarOptions withSubqueryDepth(int v) {
        return new SqlGrammarOptions(v, maxJoinTables, maxSelectItems, maxConditions, maxListItems, maxStringLength, maxAliasLength, strict);
    }

    public SqlGrammarOptions withMaxJoinTables(int v) {
        return new SqlGrammarOptions(subqueryDepth, v, maxSelectItems, maxConditions, maxListItems, maxStringLength, maxAliasLength, strict);
    }

    public SqlGrammarOptions withMaxSelectItems(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, v, maxConditions, maxListItems, maxStringLength, maxAliasLength, strict);
    }

    public SqlGrammarOptions withMaxConditions(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, v, maxListItems, maxStringLength, maxAliasLength, strict);
    }

    public SqlGrammarOptions withMaxListItems(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, v, maxStringLength, maxAliasLength, strict);
    }

    public SqlGrammarOptions withMaxAliasLength(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, maxListItems, maxStringLength, v, strict);
    }

    public SqlGrammarOptions withStrict(boolean v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, maxListItems, maxStringLength, maxAliasLength, v);
    }

    public SqlGrammarOptions withMaxStringLength(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, maxListItems, v, maxAliasLength, strict);
    }
}
