package dev.coleta.nl2sql;

import dev.coleta.DatasetException;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.create.table.CreateTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a {@link Schema} from a live database through JDBC metadata (any JDBC URL; a plain path
 * is taken as a SQLite file) or from a file of CREATE TABLE statements.
 */
public final class SchemaReader {
    /** Sample values per column read for the prompt. */
    public static final int SAMPLES = 3;

    private SchemaReader() {
    }

    /**
     * The JDBC URL for a {@code --db} argument: a {@code jdbc:} URL as is, otherwise an existing
     * SQLite file.
     */
    public static String jdbcUrl(String db) {
        if (db.startsWith("jdbc:")) return db;
        Path p = Path.of(db);
        if (!Files.isRegularFile(p)) {
            throw new DatasetException("database " + db + " is neither a jdbc: URL nor an existing SQLite file");
        }
        return "jdbc:sqlite:" + p.toAbsolutePath();
    }

    /** Reads the schema (with sample values) of the database at {@code db} (URL or SQLite file). */
    public static Schema fromDatabase(String db) {
        try (Connection c = ReadOnlyDatabase.connect(jdbcUrl(db))) {
            return fromConnection(c, true);
        } catch (SQLException e) {
            throw new DatasetException("cannot read the schema of " + db + ": " + e.getMessage(), e);
        }
    }

    /** Reads every user table of {@code c} through its metadata; with samples, a few distinct values per column. */
    public static Schema fromConnection(Connection c, boolean withSamples) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = md.getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                String n = rs.getString("TABLE_NAME");
                if (!n.toLowerCase(Locale.ROOT).startsWith("sqlite_")) names.add(n);
            }
        }
        if (names.isEmpty()) throw new DatasetException("the database has no tables");
        List<Schema.Table> tables = new ArrayList<>();
        for (String t : names) {
            List<String> pks = new ArrayList<>();
            try (ResultSet rs = md.getPrimaryKeys(null, null, t)) {
                while (rs.next()) pks.add(rs.getString("COLUMN_NAME"));
            }
            List<Schema.Column> cols = new ArrayList<>();
            try (ResultSet rs = md.getColumns(null, null, t, "%")) {
                while (rs.next()) {
                    String n = rs.getString("COLUMN_NAME");
                    cols.add(new Schema.Column(n, rs.getString("TYPE_NAME"), pks.contains(n), List.of()));
                }
            }
            List<Schema.ForeignKey> fks = new ArrayList<>();
            try (ResultSet rs = md.getImportedKeys(null, null, t)) {
                while (rs.next()) {
                    fks.add(new Schema.ForeignKey(rs.getString("FKCOLUMN_NAME"), rs.getString("PKTABLE_NAME"),
                            rs.getString("PKCOLUMN_NAME")));
                }
            }
            if (withSamples) cols = withSamples(c, t, cols);
            tables.add(new Schema.Table(t, cols, fks));
        }
        return new Schema(tables);
    }

    private static List<Schema.Column> withSamples(Connection c, String table, List<Schema.Column> cols) throws SQLException {
        List<Schema.Column> out = new ArrayList<>();
        for (Schema.Column col : cols) {
            String q = "SELECT DISTINCT " + SqlNames.quote(col.name()) + " FROM " + SqlNames.quote(table)
                    + " WHERE " + SqlNames.quote(col.name()) + " IS NOT NULL LIMIT " + SAMPLES;
            List<String> values = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(q); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) values.add(rs.getString(1));
            }
            out.add(col.withSamples(values));
        }
        return out;
    }

    /** Reads the CREATE TABLE statements of a DDL file. */
    public static Schema fromDdlFile(Path file) {
        try {
            return fromDdl(Files.readString(file));
        } catch (IOException e) {
            throw new DatasetException("cannot read DDL file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads CREATE TABLE statements. Anything else in the text is an error. The statements are
     * run in a private in-memory SQLite database and read back through JDBC metadata, so that
     * column types, inline and table-level keys resolve exactly as SQLite resolves them.
     */
    public static Schema fromDdl(String ddl) {
        Statements statements;
        try {
            statements = CCJSqlParserUtil.parseStatements(ddl);
        } catch (JSQLParserException e) {
            throw new DatasetException("DDL is not valid SQL: " + firstLine(e.getMessage()), e);
        }
        if (statements == null) throw new DatasetException("DDL contains no CREATE TABLE statement");
        Map<String, String> creates = new LinkedHashMap<>();
        for (Statement s : statements) {
            if (!(s instanceof CreateTable ct)) {
                throw new DatasetException("DDL may contain CREATE TABLE statements only, found: " + firstLine(s.toString()));
            }
            creates.put(ct.getTable().getName(), s.toString());
        }
        if (creates.isEmpty()) throw new DatasetException("DDL contains no CREATE TABLE statement");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             java.sql.Statement st = c.createStatement()) {
            for (String sql : creates.values()) st.executeUpdate(sql);
            // Metadata lists tables alphabetically; keep the file's order, which is the author's.
            List<String> order = creates.keySet().stream().map(n -> unquote(n).toLowerCase(Locale.ROOT)).toList();
            List<Schema.Table> tables = new ArrayList<>(fromConnection(c, false).tables());
            tables.sort(java.util.Comparator.comparingInt(t -> order.indexOf(t.name().toLowerCase(Locale.ROOT))));
            return new Schema(tables);
        } catch (SQLException e) {
            throw new DatasetException("DDL is not valid for SQLite: " + e.getMessage(), e);
        }
    }

    private static String unquote(String n) {
        return n.length() >= 2 && (n.charAt(0) == '"' || n.charAt(0) == '`' || n.charAt(0) == '[') ? n.substring(1, n.length() - 1) : n;
    }

    static String firstLine(String s) {
        if (s == null) return "";
        String l = s.lines().findFirst().orElse("");
        return l.length() > 200 ? l.substring(0, 200) + "..." : l;
    }
}
