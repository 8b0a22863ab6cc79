package dev.coleta.nl2sql;

import dev.coleta.grammar.Grammar;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlGrammarTest {
    private static final Schema SCHEMA = SchemaReader.fromDdl("""
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, "order" INTEGER, OrderDate TEXT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), total REAL);
            """);

    @Test
    void qualifiedNamesOnlyForTheirOwnTableAndOnlyWhenItIsInFrom() {
        Grammar g = SqlGrammar.grammar(SCHEMA);
        assertTrue(g.accepts("SELECT customers.name FROM customers"));
        assertFalse(g.accepts("SELECT orders.name FROM orders"));
        assertFalse(g.accepts("SELECT orders.total FROM customers"));
        assertTrue(g.accepts("SELECT T1.name, T2.total FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        assertFalse(g.accepts("SELECT T2.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        // "id" is in both tables: bare it would be ambiguous.
        assertFalse(g.accepts("SELECT id FROM customers JOIN orders ON customers.id = orders.customer_id"));
        assertTrue(g.accepts("SELECT total FROM customers JOIN orders ON customers.id = orders.customer_id"));
    }

    @Test
    void quotedIdentifiersKeywordsAndLiterals() {
        Grammar g = SqlGrammar.grammar(SCHEMA);
        assertTrue(g.accepts("SELECT \"order\", OrderDate, \"OrderDate\" FROM customers"));
        assertFalse(g.accepts("SELECT order FROM customers"));
        assertTrue(g.accepts("select name from customers where name = 'O''Brien'"));
        assertFalse(g.accepts("SELECT name FROM customers WHERE name = 'O'Brien'"));
        assertFalse(g.accepts("Select name From customers"));
        assertTrue(g.accepts("SELECT COUNT(*) AS total_count FROM customers"));
        assertFalse(g.accepts("SELECT COUNT(*) AS from FROM customers"));
    }

    @Test
    void boundsHold() {
        Grammar small = SqlGrammar.grammar(SCHEMA, SqlGrammarOptions.defaults().withMaxStringLength(5).withMaxJoinTables(1).withSubqueryDepth(0));
        assertTrue(small.accepts("SELECT name FROM customers WHERE name = 'abcde'"));
        assertFalse(small.accepts("SELECT name FROM customers WHERE name = 'abcdef'"));
        assertFalse(small.accepts("SELECT total FROM customers JOIN orders ON customers.id = orders.customer_id"));
        assertFalse(small.accepts("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders)"));
        Grammar g = SqlGrammar.grammar(SCHEMA);
        String deep = "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE id IN (SELECT id FROM orders WHERE id IN (SELECT id FROM orders)))";
        assertFalse(g.accepts(deep));
        assertThrows(IllegalArgumentException.class, () -> SqlGrammarOptions.defaults().withMaxJoinTables(4));
        assertThrows(IllegalArgumentException.class, () -> SqlGrammarOptions.defaults().withMaxStringLength(0));
        assertThrows(IllegalArgumentException.class, () -> SqlGrammarOptions.defaults().withMaxScopes(0));
    }

    @Test
    void largeSchemasStayWithinTheScopeBudget() {
        StringBuilder ddl = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            ddl.append("CREATE TABLE t").append(i).append(" (id INTEGER PRIMARY KEY, name TEXT, a INTEGER, b TEXT");
            if (i > 0) ddl.append(", p INTEGER REFERENCES t").append(i - 1).append("(id)");
            ddl.append(");\n");
        }
        Schema big = SchemaReader.fromDdl(ddl.toString());
        String join = "SELECT T1.name FROM t3 AS T1 JOIN t2 AS T2 ON T1.p = T2.id WHERE T2.a > 3";
        long t0 = System.nanoTime();
        Grammar g = SqlGrammar.grammar(big);
        assertTrue(g.accepts("SELECT name FROM t14"));
        assertTrue(g.accepts(join));
        assertTrue(System.nanoTime() - t0 < 10_000_000_000L, "grammar of 15 tables too slow");
        Grammar singles = SqlGrammar.grammar(big, SqlGrammarOptions.defaults().withMaxScopes(15));
        assertTrue(singles.accepts("SELECT name FROM t14"));
        assertFalse(singles.accepts(join));
    }
}
