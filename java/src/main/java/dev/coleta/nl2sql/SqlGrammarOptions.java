package dev.coleta.nl2sql;

/**
 * Bounds of the SQL grammar, so that every sentence it allows is finite and generation ends.
 *
 * @param subqueryDepth   nesting levels of subqueries (IN, EXISTS, scalar); default 2
 * @param maxJoinTables   tables in one FROM clause, 1 to 3; default 3 (joins follow foreign keys)
 * @param maxSelectItems  items in a SELECT list; default 8
 * @param maxConditions   predicates joined by AND/OR in one WHERE or HAVING; default 4
 * @param maxListItems    values in an IN list, terms in GROUP BY / ORDER BY; default 8
 * @param maxStringLength characters in a string literal; default 40
 * @param maxScopes       FROM clauses (tables alone, joined pairs, joined triples) the grammar
 *                        offers; default 64. Every table alone is always in; joins are added,
 *                        pairs first, until the budget is spent. The grammar engine's cost grows
 *                        with this number (an accept check over a 15-table schema took 3.8 s
 *                        with all 3-table joins against 0.1 s with pairs only)
 */
public record SqlGrammarOptions(int subqueryDepth, int maxJoinTables, int maxSelectItems, int maxConditions,
                                int maxListItems, int maxStringLength, int maxScopes) {
    public SqlGrammarOptions {
        if (subqueryDepth < 0 || subqueryDepth > 4) throw new IllegalArgumentException("subqueryDepth must be 0..4, got " + subqueryDepth);
        if (maxJoinTables < 1 || maxJoinTables > 3) throw new IllegalArgumentException("maxJoinTables must be 1..3, got " + maxJoinTables);
        if (maxSelectItems < 1 || maxSelectItems > 32) throw new IllegalArgumentException("maxSelectItems must be 1..32, got " + maxSelectItems);
        if (maxConditions < 1 || maxConditions > 16) throw new IllegalArgumentException("maxConditions must be 1..16, got " + maxConditions);
        if (maxListItems < 1 || maxListItems > 32) throw new IllegalArgumentException("maxListItems must be 1..32, got " + maxListItems);
        if (maxStringLength < 1 || maxStringLength > 200) throw new IllegalArgumentException("maxStringLength must be 1..200, got " + maxStringLength);
        if (maxScopes < 1) throw new IllegalArgumentException("maxScopes must be at least 1, got " + maxScopes);
    }

    public static SqlGrammarOptions defaults() {
        return new SqlGrammarOptions(2, 3, 8, 4, 8, 40, 64);
    }

    public SqlGrammarOptions withSubqueryDepth(int v) {
        return new SqlGrammarOptions(v, maxJoinTables, maxSelectItems, maxConditions, maxListItems, maxStringLength, maxScopes);
    }

    public SqlGrammarOptions withMaxJoinTables(int v) {
        return new SqlGrammarOptions(subqueryDepth, v, maxSelectItems, maxConditions, maxListItems, maxStringLength, maxScopes);
    }

    public SqlGrammarOptions withMaxSelectItems(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, v, maxConditions, maxListItems, maxStringLength, maxScopes);
    }

    public SqlGrammarOptions withMaxConditions(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, v, maxListItems, maxStringLength, maxScopes);
    }

    public SqlGrammarOptions withMaxListItems(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, v, maxStringLength, maxScopes);
    }

    public SqlGrammarOptions withMaxScopes(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, maxListItems, maxStringLength, v);
    }

    public SqlGrammarOptions withMaxStringLength(int v) {
        return new SqlGrammarOptions(subqueryDepth, maxJoinTables, maxSelectItems, maxConditions, maxListItems, v, maxScopes);
    }
}
