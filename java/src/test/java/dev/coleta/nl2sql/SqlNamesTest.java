package dev.coleta.nl2sql;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Identifier and literal spelling, checked by hand and by SQLite itself reading them back. */
class SqlNamesTest {
    static final List<String> AWKWARD = List.of("first name", "order", "Select", "2nd", "a\"b", "naïve", "x-y", "o'clock");

    @Test
    void isPlainForAsciiIdentifiersThatAreNotKeywords() {
        for (String plain : List.of("name", "_x1", "OrderDate", "customer_id")) assertTrue(SqlNames.isPlain(plain), plain);
        for (String not : AWKWARD) assertFalse(SqlNames.isPlain(not), not);
        assertFalse(SqlNames.isPlain("GROUP"), "keywords in any case");
        assertFalse(SqlNames.isPlain(""));
    }

    @Test
    void quoteIfNeededByHand() {
        assertEquals("name", SqlNames.quoteIfNeeded("name"));
        assertEquals("\"order\"", SqlNames.quoteIfNeeded("order"));
        assertEquals("\"first name\"", SqlNames.quoteIfNeeded("first name"));
        assertEquals("\"a\"\"b\"", SqlNames.quoteIfNeeded("a\"b"), "inner quotes doubled");
    }

    @Test
    void sqliteReadsQuotedNamesBackExactly() throws Exception {
        List<String> names = new ArrayList<>(AWKWARD);
        names.add("plain_name");
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(SqlNames.quoteIfNeeded("my table")).append(" (");
        for (int i = 0; i < names.size(); i++) ddl.append(i == 0 ? "" : ", ").append(SqlNames.quoteIfNeeded(names.get(i))).append(" TEXT");
        ddl.append(')');
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            st.executeUpdate(ddl.toString());
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(" + SqlNames.quoteIfNeeded("my table") + ")")) {
                while (rs.next()) columns.add(rs.getString("name"));
            }
            assertEquals(names, columns);
        }
    }

    @Test
    void literalByHandAndAsSqliteReadsIt() throws Exception {
        assertEquals("'O''Brien'", SqlNames.literal("O'Brien"));
        assertEquals("''", SqlNames.literal(""));
        List<String> values = List.of("O'Brien", "", "''", "semi; colon -- not a comment", "línea\nnueva", "D'Souza's \"quote\"");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            for (String v : values) {
                try (ResultSet rs = st.executeQuery("SELECT " + SqlNames.literal(v) + ", 1")) {
                    assertTrue(rs.next());
                    assertEquals(v, rs.getString(1));
                    assertEquals(1, rs.getInt(2), "the literal ended where it should: " + v);
                }
            }
        }
    }
}
