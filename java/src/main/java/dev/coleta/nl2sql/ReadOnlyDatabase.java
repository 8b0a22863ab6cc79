package dev.coleta.nl2sql;

import dev.coleta.DatasetException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs guarded SELECTs on a read-only connection: SQLite files are opened in read-only mode
 * (the engine itself refuses writes, whatever the SQL), other JDBC connections get
 * {@link Connection#setReadOnly}. Queries have a time limit and a row limit so that a
 * generated cross join cannot hang the caller.
 */
public final class ReadOnlyDatabase {
    /** Default limits: 30 s per query, 10 000 rows returned. */
    public static final int DEFAULT_TIMEOUT_S = 30;
    public static final int DEFAULT_MAX_ROWS = 10_000;

    private ReadOnlyDatabase() {
    }

    /** The rows a query returned: column labels and values (Long, Double, String, byte[] or null). */
    public record Result(List<String> columns, List<List<Object>> rows) {
        public Result {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        /** The rows as a JSON array of objects keyed by column label, in column order. */
        public String toJson() {
            List<java.util.Map<String, Object>> objects = new ArrayList<>();
            for (List<Object> row : rows) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (int i = 0; i < columns.size(); i++) m.put(columns.get(i), row.get(i));
                objects.add(m);
            }
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(objects);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("rows are not JSON-serialisable: " + e.getMessage(), e);
            }
        }
    }

    /** Opens {@code jdbcUrl} read-only. */
    public static Connection connect(String jdbcUrl) throws SQLException {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.READONLY);
            // Extensions could run native code; sqlite-jdbc's default is off, state it anyway.
            config.enableLoadExtension(false);
            return DriverManager.getConnection(jdbcUrl, config.toProperties());
        }
        Connection c = DriverManager.getConnection(jdbcUrl);
        c.setReadOnly(true);
        return c;
    }

    /** Checks {@code sql} with {@code guard} and runs it on {@code db} (a JDBC URL or SQLite file). */
    public static Result query(String db, SqlGuard guard, String sql) {
        String checked = guard.check(sql);
        try (Connection c = connect(SchemaReader.jdbcUrl(db))) {
            return query(c, checked, DEFAULT_TIMEOUT_S, DEFAULT_MAX_ROWS);
        } catch (SQLException e) {
            throw new DatasetException("cannot open " + db + ": " + e.getMessage(), e);
        }
    }

    /** Runs an already checked query on an open (read-only) connection. */
    public static Result query(Connection c, String checkedSql, int timeoutSeconds, int maxRows) {
        try (PreparedStatement ps = c.prepareStatement(checkedSql)) {
            ps.setQueryTimeout(timeoutSeconds);
            ps.setMaxRows(maxRows);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) cols.add(md.getColumnLabel(i));
                List<List<Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(cols.size());
                    for (int i = 1; i <= cols.size(); i++) row.add(normalise(rs.getObject(i)));
                    rows.add(java.util.Collections.unmodifiableList(row));
                }
                return new Result(cols, rows);
            }
        } catch (SQLException e) {
            throw new SqlRejectedException("the query failed: " + e.getMessage(), e);
        }
    }

    private static Object normalise(Object v) {
        if (v instanceof Integer i) return i.longValue();
        if (v instanceof Float f) return f.doubleValue();
        if (v instanceof java.math.BigDecimal b) return b.doubleValue();
        return v;
    }
}
