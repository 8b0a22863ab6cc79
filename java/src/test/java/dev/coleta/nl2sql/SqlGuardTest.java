package dev.coleta.nl2sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlGuardTest {
    private final SqlGuard guard = new SqlGuard(Corpus.schema("shop"));

    private String reason(String sql) {
        return assertThrows(SqlRejectedException.class, () -> guard.check(sql)).getMessage();
    }

    @Test
    void acceptsOneSelectAndDropsTheFinalSemicolon() {
        assertEquals("SELECT name FROM customers WHERE name = 'a;b -- c'", guard.check(" SELECT name FROM customers WHERE name = 'a;b -- c' ; "));
    }

    @Test
    void explainsEveryRefusal() {
        assertTrue(reason("DELETE FROM customers").contains("only a single SELECT"));
        assertTrue(reason("SELECT 1; SELECT 2").contains("only one statement"));
        assertTrue(reason("SELECT name FROM customers -- x").contains("comments"));
        assertTrue(reason("SELECT name /* x */ FROM customers").contains("comments"));
        assertTrue(reason("SELECT load_extension('x')").contains("function load_extension is not allowed"));
        assertTrue(reason("SELECT \"readfile\"('/etc/passwd')").contains("function readfile is not allowed"));
        assertTrue(reason("SELECT * FROM sqlite_master").contains("not in the database's schema"));
        assertTrue(reason("SELECT * FROM main.customers").contains("not in the database's schema"));
        assertTrue(reason("SELECT 'open").contains("unterminated"));
        assertTrue(reason("SELECT FROM WHERE").contains("not valid SQL"));
        assertTrue(reason("  ").contains("empty"));
        // JSqlParser cannot walk a data-modifying WITH; the guard refuses it in its own words.
        assertTrue(reason("WITH x AS (DELETE FROM customers RETURNING *) SELECT * FROM x").contains("cannot be checked"));
    }

    @Test
    void theConnectionItselfIsReadOnly(@TempDir Path dir) throws Exception {
        Path db = Corpus.database(dir, "shop");
        long before = db.toFile().length();
        // Bypass the guard on purpose: the read-only connection must still refuse a write.
        try (Connection c = ReadOnlyDatabase.connect(SchemaReader.jdbcUrl(db.toString())); Statement st = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> st.executeUpdate("DELETE FROM customers"));
            assertTrue(e.getMessage().toLowerCase().contains("readonly"), e.getMessage());
            assertThrows(SQLException.class, () -> st.executeUpdate("CREATE TABLE x (y INTEGER)"));
        }
        assertEquals(before, db.toFile().length());
        var r = ReadOnlyDatabase.query(db.toString(), guard, "SELECT COUNT(*) AS n FROM customers");
        assertEquals(java.util.List.of("n"), r.columns());
        assertTrue((Long) r.rows().get(0).get(0) >= 18);
    }
}
