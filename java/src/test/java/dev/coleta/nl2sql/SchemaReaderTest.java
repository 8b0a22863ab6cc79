package dev.coleta.nl2sql;

import dev.coleta.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaReaderTest {
    private static final String DDL = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "order" INTEGER);
            CREATE TABLE "Orders" (
              id INTEGER PRIMARY KEY,
              customer_id INTEGER REFERENCES customers(id),
              OrderDate TEXT,
              total REAL
            );
            """;

    @Test
    void readsTablesColumnsKeysAndQuotedNamesFromDdl() {
        Schema s = SchemaReader.fromDdl(DDL);
        assertEquals(List.of("customers", "Orders"), s.tables().stream().map(Schema.Table::name).toList());
        Schema.Table orders = s.table("orders").orElseThrow();
        assertEquals(List.of("id", "customer_id", "OrderDate", "total"), orders.columns().stream().map(Schema.Column::name).toList());
        assertTrue(orders.column("id").orElseThrow().primaryKey());
        assertEquals(List.of(new Schema.ForeignKey("customer_id", "customers", "id")), orders.foreignKeys());
        assertTrue(s.table("customers").orElseThrow().column("order").isPresent());
        assertTrue(s.ddl(false).contains("\"order\" INTEGER"), s.ddl(false));
    }

    /** A schema read from DDL has no samples; withSamples adds them, and ddl(true) shows them as SQL values. */
    @Test
    void columnWithSamplesShowsThemInTheDdl() {
        Schema.Column name = new Schema.Column("name", "text", false, null);
        Schema.Column withSamples = name.withSamples(List.of("O'Brien", "Ana  Silva", "42"));
        assertEquals(List.of(), name.samples(), "the original is unchanged");
        assertEquals(List.of("O'Brien", "Ana  Silva", "42"), withSamples.samples());
        assertEquals(new Schema.Column("name", "text", false, List.of("O'Brien", "Ana  Silva", "42")), withSamples);
        Schema s = new Schema(List.of(new Schema.Table("people", List.of(new Schema.Column("id", "integer", true, null), withSamples), null)));
        assertEquals("""
                CREATE TABLE people (
                  id INTEGER PRIMARY KEY,
                  name TEXT -- e.g. 'O''Brien', 'Ana Silva', 42
                );
                """, s.ddl(true));
        assertEquals("""
                CREATE TABLE people (
                  id INTEGER PRIMARY KEY,
                  name TEXT
                );
                """, s.ddl(false));
    }

    @Test
    void fromConnectionReadsTheOpenConnectionsTablesKeysAndSamples() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement st = c.createStatement()) {
            assertThrows(DatasetException.class, () -> SchemaReader.fromConnection(c, false), "no tables yet");
            for (String sql : DDL.split(";")) if (!sql.isBlank()) st.executeUpdate(sql);
            st.executeUpdate("INSERT INTO customers VALUES (1, 'Ana', NULL), (2, 'Ana', NULL), (3, 'Kofi', 7), (4, 'Wen', 7), (5, 'Zé', 8)");
            Schema plain = SchemaReader.fromConnection(c, false);
            assertEquals(List.of("Orders", "customers"), plain.tables().stream().map(Schema.Table::name).sorted().toList());
            Schema.Table orders = plain.table("Orders").orElseThrow();
            assertEquals(List.of("id", "customer_id", "OrderDate", "total"), orders.columns().stream().map(Schema.Column::name).toList());
            assertEquals(List.of("INTEGER", "INTEGER", "TEXT", "REAL"), orders.columns().stream().map(Schema.Column::type).toList());
            assertEquals(List.of(true, false, false, false), orders.columns().stream().map(Schema.Column::primaryKey).toList());
            assertEquals(List.of(new Schema.ForeignKey("customer_id", "customers", "id")), orders.foreignKeys());
            assertTrue(plain.tables().stream().allMatch(t -> t.columns().stream().allMatch(col -> col.samples().isEmpty())));

            Schema sampled = SchemaReader.fromConnection(c, true);
            Schema.Table customers = sampled.table("customers").orElseThrow();
            // distinct, non-null, at most SAMPLES of them
            assertEquals(List.of("1", "2", "3"), customers.column("id").orElseThrow().samples());
            assertEquals(List.of("Ana", "Kofi", "Wen"), customers.column("name").orElseThrow().samples());
            assertEquals(List.of("7", "8"), customers.column("order").orElseThrow().samples());
            assertEquals(List.of(), sampled.table("Orders").orElseThrow().column("total").orElseThrow().samples(), "an empty table");
            assertFalse(c.isClosed(), "the caller's connection stays open");
        }
    }

    @Test
    void readsALiveSqliteDatabaseWithSamplesByFileAndByJdbcUrl(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement st = c.createStatement()) {
            for (String sql : DDL.split(";")) if (!sql.isBlank()) st.executeUpdate(sql);
            st.executeUpdate("INSERT INTO customers VALUES (1, 'Ana', 3), (2, 'Sean O''Brien', NULL), (3, 'Kofi', 1), (4, 'Wen', 2)");
        }
        Schema byFile = SchemaReader.fromDatabase(f.toString());
        Schema byUrl = SchemaReader.fromDatabase("jdbc:sqlite:" + f);
        assertEquals(byFile, byUrl);
        Schema.Column name = byFile.table("customers").orElseThrow().column("name").orElseThrow();
        assertEquals(SchemaReader.SAMPLES, name.samples().size());
        assertTrue(byFile.ddl(true).contains("'Ana'"), byFile.ddl(true));
        assertEquals(List.of("3", "1", "2"), byFile.table("customers").orElseThrow().column("order").orElseThrow().samples());
        assertFalse(byFile.table("Orders").orElseThrow().foreignKeys().isEmpty());
    }

    @Test
    void refusesAnythingButCreateTableAndMissingFiles(@TempDir Path dir) throws Exception {
        assertThrows(DatasetException.class, () -> SchemaReader.fromDdl("CREATE TABLE a (x INT); DROP TABLE a;"));
        assertThrows(DatasetException.class, () -> SchemaReader.fromDdl("this is not sql"));
        assertThrows(DatasetException.class, () -> SchemaReader.fromDdl(""));
        DatasetException e = assertThrows(DatasetException.class, () -> SchemaReader.fromDatabase(dir.resolve("missing.sqlite").toString()));
        assertTrue(e.getMessage().contains("missing.sqlite"), e.getMessage());
        Path ddl = dir.resolve("s.sql");
        Files.writeString(ddl, DDL);
        assertEquals(2, SchemaReader.fromDdlFile(ddl).tables().size());
    }
}
