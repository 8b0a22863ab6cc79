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
            CREATE TABLE products (sku TEXT PRIMARY KEY, title TEXT, price REAL);
            CREATE TABLE lines (order_id INTEGER, sku TEXT, qty INTEGER);
            """);

    @Test
    void strictModeAcceptsOneSpellingPerQuery() {
        Grammar g = SqlGrammar.grammar(SCHEMA, SqlGrammarOptions.defaults().withStrict(true));
        assertTrue(g.accepts("SELECT name FROM customers WHERE \"order\" > 2 AND OrderDate = '2024-01-01'"));
        assertTrue(g.accepts("SELECT T1.name, COUNT(*) FROM orders AS T1 JOIN customers AS T2 ON T1.customer_id = T2.id GROUP BY T2.id"));
        assertTrue(g.accepts("SELECT AVG(total) AS average_total FROM orders"));
        assertTrue(g.accepts("SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders WHERE total > 3.5)"));
        assertTrue(g.accepts("SELECT title FROM products WHERE sku IN ('a', 'b') ORDER BY price DESC LIMIT 2 OFFSET 2"));
        // the loose grammar's other spellings of the same queries
        assertFalse(g.accepts("select name from customers"), "lower-case keywords");
        assertFalse(g.accepts("SELECT name  FROM customers"), "two spaces");
        assertFalse(g.accepts("SELECT NAME FROM customers"), "a name in another letter case");
        assertFalse(g.accepts("SELECT \"name\" FROM customers"), "a plain name quoted");
        assertFalse(g.accepts("SELECT name FROM customers;"), "a semicolon");
        assertFalse(g.accepts("SELECT c.name FROM customers AS c"), "a free table alias");
        assertFalse(g.accepts("SELECT t1.name, t2.total FROM customers AS t1 JOIN orders AS t2 ON t1.id = t2.customer_id"), "lower-case t1");
        assertFalse(g.accepts("SELECT AVG(total) AS mean FROM orders"), "a column alias the generator never writes");
        assertFalse(g.accepts("SELECT COUNT( * ) FROM orders"), "blanks inside a call");
        assertFalse(g.accepts("SELECT name FROM customers WHERE id<>2"), "no blanks around an operator");
        // Column aliases are the generator's (an aggregate's word and a column of the schema), and
        // they never qualify a column: the tuned models wrote both (docs/EXPERIMENTS.md E18).
        assertTrue(g.accepts("SELECT MAX(qty) AS largest_qty FROM lines"));
        assertFalse(g.accepts("SELECT MAX(qty) AS largest_kment_s_city FROM lines"), "an alias of no column");
        assertFalse(g.accepts("SELECT UPPER(largest_qty.sku) AS spread FROM lines"), "a column alias qualifying a column");
        assertFalse(g.accepts("SELECT title FROM products JOIN lines ON spread.sku = lines.sku"), "a column alias in a join condition");
        assertFalse(g.accepts("SELECT spread.* FROM products AS T1 JOIN lines AS T2 ON T1.sku = T2.sku"), "a column alias before .*");
        assertTrue(g.accepts("SELECT UPPER(T1.title) FROM products AS T1"));
        assertTrue(g.accepts("SELECT T1.title FROM products AS T1 JOIN lines AS T2 ON T1.sku = T2.sku WHERE T2.qty > 1"));
        // and the loose grammar keeps them
        Grammar loose = SqlGrammar.grammar(SCHEMA);
        for (String q : new String[] {"select name from customers", "SELECT name  FROM customers", "SELECT c.name FROM customers AS c"}) {
            assertTrue(loose.accepts(q), q);
        }
    }

    @Test
    void strictModeAcceptsEveryGeneratedQuery() {
        java.util.List<Domains.Domain> domains = new java.util.ArrayList<>(Domains.ALL);
        domains.addAll(RandomDomains.generate(20, 4));
        int checked = 0;
        for (Domains.Domain d : domains) {
            for (long seed = 1; seed <= 2; seed++) {
                Domains.Domain v = Domains.variant(d, seed);
                SyntheticDatabase db = SyntheticDatabase.generate(v, seed);
                Schema schema = SchemaReader.fromDdl(SyntheticDatabase.ddl(v));
                Grammar g = SqlGrammar.grammar(schema, SqlGrammarOptions.defaults().withStrict(true));
                QuestionGenerator qg = new QuestionGenerator(db, seed);
                for (int i = 0; i < 2 * qg.templateCount(); i++) {
                    String sql = qg.next(i).sql();
                    assertTrue(g.accepts(sql), d.name() + ": " + sql);
                    checked++;
                }
            }
        }
        assertTrue(checked > 1500, "checked " + checked);
    }

    @Test
    void qualifiedNamesOnlyForTheirOwnTable() {
        Grammar g = SqlGrammar.grammar(SCHEMA);
        assertTrue(g.accepts("SELECT customers.name FROM customers"));
        assertFalse(g.accepts("SELECT orders.name FROM orders"));
        // A table alone: its own columns only, bare or qualified.
        assertFalse(g.accepts("SELECT orders.total FROM customers"));
        assertFalse(g.accepts("SELECT total FROM customers"));
        assertTrue(g.accepts("SELECT T1.name, T2.total FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        // Qualified by a table's name, a column must be that table's, in joins too.
        assertFalse(g.accepts("SELECT orders.name FROM customers JOIN orders ON customers.id = orders.customer_id"));
        // T3 needs three tables.
        assertFalse(g.accepts("SELECT T3.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        // Not in the schema at all.
        assertFalse(g.accepts("SELECT T1.password FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
        assertFalse(g.accepts("SELECT name FROM customers AS T1 JOIN secrets AS T2 ON T1.id = T2.id"));
        // What a context-free grammar cannot see, SQLite refuses: an alias bound to the other table.
        assertTrue(g.accepts("SELECT T2.name FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id"));
    }

    @Test
    void freeAliasesColumnAliasesAndJoinsOnAnyCompatibleColumns() {
        Grammar g = SqlGrammar.grammar(SCHEMA);
        assertTrue(g.accepts("SELECT c.name, o.total FROM customers AS c JOIN orders AS o ON c.id = o.customer_id"));
        assertTrue(g.accepts("SELECT c.name FROM customers c JOIN orders o ON c.id = o.customer_id WHERE o.total > 10"));
        assertTrue(g.accepts("SELECT b.title FROM products AS b"));
        assertTrue(g.accepts("SELECT sku, AVG(price) AS avg_price FROM products GROUP BY sku ORDER BY avg_price DESC"));
        // No foreign key between lines and products: any pair of columns of one type joins.
        assertTrue(g.accepts("SELECT p.title, l.qty FROM lines AS l JOIN products AS p ON l.sku = p.sku"));
        // Four tables, ON with OR and AND.
        assertTrue(g.accepts("SELECT T1.name, T4.title FROM customers AS T1 JOIN orders AS T2 ON T1.id = T2.customer_id "
                + "JOIN lines AS T3 ON T3.order_id = T2.id JOIN products AS T4 ON T3.sku = T4.sku OR T3.sku = T4.title AND T4.price > 3"));
        // A text column does not join a number.
        assertFalse(g.accepts("SELECT p.title FROM lines AS l JOIN products AS p ON l.qty = p.sku"));
        // An alias may not be a keyword or a table's name.
        assertFalse(g.accepts("SELECT name FROM customers AS where"));
        assertFalse(g.accepts("SELECT orders.title FROM customers AS orders JOIN products AS p ON orders.name = p.title"));
        assertFalse(g.accepts("SELECT name AS select FROM customers"));
        // Spider's layout and double-quoted strings.
        assertTrue(g.accepts("SELECT name ,  \"order\" FROM CUSTOMERS WHERE name  =  \"Ann\""));
        assertTrue(g.accepts("SELECT count (*) FROM customers"));
        // A minus before a negative number keeps a blank: "--" would start a comment.
        assertTrue(g.accepts("SELECT total - -1 FROM orders"));
        assertFalse(g.accepts("SELECT total --1 FROM orders"));
        assertFalse(g.accepts("SELECT total -1 FROM orders"));
    }

    @Test
    void compoundArmsHaveAsManyColumnsAsEachOther() {
        Grammar g = SqlGrammar.grammar(SCHEMA);
        assertTrue(g.accepts("SELECT name FROM customers UNION SELECT title FROM products"));
        assertTrue(g.accepts("SELECT name, id FROM customers EXCEPT SELECT title, price FROM products"));
        assertFalse(g.accepts("SELECT name, id FROM customers UNION SELECT title FROM products"));
        assertFalse(g.accepts("SELECT * FROM customers UNION SELECT title FROM products"));
        assertTrue(g.accepts("SELECT title FROM products WHERE sku NOT IN (SELECT sku FROM lines UNION SELECT sku FROM products)"));
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
        assertThrows(IllegalArgumentException.class, () -> SqlGrammarOptions.defaults().withMaxJoinTables(5));
        assertThrows(IllegalArgumentException.class, () -> SqlGrammarOptions.defaults().withMaxStringLength(0));
    }

    @Test
    void largeSchemasJoinUpToFourTables() {
        StringBuilder ddl = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            ddl.append("CREATE TABLE t").append(i).append(" (id INTEGER PRIMARY KEY, name TEXT, a INTEGER, b TEXT");
            if (i > 0) ddl.append(", p INTEGER REFERENCES t").append(i - 1).append("(id)");
            ddl.append(");\n");
        }
        Schema big = SchemaReader.fromDdl(ddl.toString());
        Grammar g = SqlGrammar.grammar(big);
        assertTrue(g.accepts("SELECT name FROM t14"));
        assertTrue(g.accepts("SELECT T1.name FROM t3 AS T1 JOIN t2 AS T2 ON T1.p = T2.id WHERE T2.a > 3"));
        // Tables far apart in the key graph join on any two number columns.
        assertTrue(g.accepts("SELECT x.name FROM t1 AS x JOIN t9 AS y ON x.a = y.a JOIN t14 AS z ON z.p = y.id JOIN t0 AS w ON w.id = x.p"));
        assertFalse(g.accepts("SELECT T1.name FROM t1 AS T1 JOIN t2 AS T2 ON T1.a = T2.a JOIN t3 AS T3 ON T3.a = T2.a "
                + "JOIN t4 AS T4 ON T4.a = T3.a JOIN t5 AS T5 ON T5.a = T4.a"));
        Grammar three = SqlGrammar.grammar(big, SqlGrammarOptions.defaults().withMaxJoinTables(3));
        assertFalse(three.accepts("SELECT x.name FROM t1 AS x JOIN t9 AS y ON x.a = y.a JOIN t14 AS z ON z.p = y.id JOIN t0 AS w ON w.id = x.p"));
    }
}
