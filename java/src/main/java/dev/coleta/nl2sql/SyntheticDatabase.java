package dev.coleta.nl2sql;

import dev.coleta.DatasetException;
import dev.coleta.nl2sql.Domains.Col;
import dev.coleta.nl2sql.Domains.Domain;
import dev.coleta.nl2sql.Domains.Kind;
import dev.coleta.nl2sql.Domains.TableSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** One domain filled with realistic rows, deterministic by seed, and written to a SQLite file. */
public final class SyntheticDatabase {
    private static final String[] FIRST = {"Ana", "Bruno", "Chen", "Dara", "Emeka", "Fatima", "Goran", "Hana", "Ivan", "Julia",
            "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sean", "Tomas", "Uma", "Victor", "Wen", "Yara"};
    private static final String[] LAST = {"Silva", "O'Brien", "Nakamura", "Okafor", "Larsen", "Haddad", "Novak", "D'Souza",
            "Garcia", "Kim", "Moreau", "Petrov", "Santos", "Walsh", "Yilmaz", "Costa", "Ibrahim", "Lindqvist"};
    private static final String[] ADJ = {"Silent", "Golden", "Broken", "Hidden", "Bright", "Northern", "Little", "Last",
            "Crimson", "Quiet", "Wild", "Blue", "Paper", "Iron", "Velvet", "Distant"};
    private static final String[] NOUN = {"River", "Garden", "Harbor", "Engine", "Forest", "Lantern", "Mountain", "Bridge",
            "Orchard", "Signal", "Compass", "Window", "Island", "Atlas", "Falcon", "Meadow"};
    private static final String[] CITY = {"Lisbon", "Nairobi", "Osaka", "Lima", "Toronto", "Krakow", "Accra", "Porto",
            "Austin", "Hanoi", "Quito", "Dublin"};

    private final Domain domain;
    private final Map<String, List<Map<String, Object>>> rows;

    private SyntheticDatabase(Domain domain, Map<String, List<Map<String, Object>>> rows) {
        this.domain = domain;
        this.rows = rows;
    }

    public Domain domain() {
        return domain;
    }

    /** The rows of {@code table}, column name to value (Long, Double, String or null). */
    public List<Map<String, Object>> rows(String table) {
        return rows.get(table);
    }

    /** Fills {@code domain} with rows drawn from {@code seed}. */
    public static SyntheticDatabase generate(Domain domain, long seed) {
        Random r = new Random(seed * 31 + domain.name().hashCode());
        Map<String, List<Map<String, Object>>> all = new LinkedHashMap<>();
        for (TableSpec t : domain.tables()) {
            int n = t.rows() + r.nextInt(Math.max(1, t.rows() / 3));
            List<Map<String, Object>> list = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (Col c : t.cols()) row.put(c.name(), value(c, t, i, r, all));
                list.add(row);
            }
            all.put(t.name(), list);
        }
        return new SyntheticDatabase(domain, all);
    }

    private static Object value(Col c, TableSpec t, int rowId, Random r, Map<String, List<Map<String, Object>>> done) {
        if (c.nullRate() > 0 && r.nextDouble() < c.nullRate()) return null;
        return switch (c.kind()) {
            case ID -> (long) rowId;
            case PERSON -> FIRST[r.nextInt(FIRST.length)] + " " + LAST[r.nextInt(LAST.length)];
            case TITLE -> (r.nextInt(3) == 0 ? "The " : "") + ADJ[r.nextInt(ADJ.length)] + " " + NOUN[r.nextInt(NOUN.length)];
            case PLACE -> CITY[r.nextInt(CITY.length)];
            case CATEGORY -> c.values().get(r.nextInt(c.values().size()));
            case INT -> (long) (c.min() + r.nextInt((int) (c.max() - c.min()) + 1));
            case REAL -> Math.round((c.min() + r.nextDouble() * (c.max() - c.min())) * 100) / 100.0;
            case DATE -> String.format(Locale.ROOT, "%04d-%02d-%02d", (int) c.min() + r.nextInt((int) (c.max() - c.min()) + 1),
                    1 + r.nextInt(12), 1 + r.nextInt(28));
            case FK -> {
                String ref = c.values().get(0);
                if (ref.equals(t.name())) {
                    // A self reference (manager): the first rows have none, later ones point back.
                    yield rowId <= 3 ? null : (long) (1 + r.nextInt(rowId - 1));
                }
                List<Map<String, Object>> parent = done.get(ref);
                yield parent.get(r.nextInt(parent.size())).get("id");
            }
        };
    }

    /** The CREATE TABLE statements of the domain. */
    public static String ddl(Domain domain) {
        StringBuilder sb = new StringBuilder();
        for (TableSpec t : domain.tables()) {
            sb.append("CREATE TABLE ").append(SqlNames.quoteIfNeeded(t.name())).append(" (");
            List<String> parts = new ArrayList<>();
            for (Col c : t.cols()) {
                String type = switch (c.kind()) {
                    case ID, INT, FK -> "INTEGER";
                    case REAL -> "REAL";
                    default -> "TEXT";
                };
                parts.add(SqlNames.quoteIfNeeded(c.name()) + " " + type + (c.kind() == Kind.ID ? " PRIMARY KEY" : ""));
            }
            for (Col c : t.cols()) {
                if (c.kind() == Kind.FK) {
                    parts.add("FOREIGN KEY (" + SqlNames.quoteIfNeeded(c.name()) + ") REFERENCES "
                            + SqlNames.quoteIfNeeded(c.values().get(0)) + "(id)");
                }
            }
            sb.append(String.join(", ", parts)).append(");\n");
        }
        return sb.toString();
    }

    /** Writes the database to a new SQLite file (replacing an existing one). */
    public void write(Path file) {
        try {
            Files.deleteIfExists(file);
            if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                for (String s : ddl(domain).split(";\n")) if (!s.isBlank()) st.executeUpdate(s);
            }
            for (TableSpec t : domain.tables()) {
                List<String> names = t.cols().stream().map(col -> SqlNames.quoteIfNeeded(col.name())).toList();
                String sql = "INSERT INTO " + SqlNames.quoteIfNeeded(t.name()) + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", names.stream().map(x -> "?").toList()) + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (Map<String, Object> row : rows.get(t.name())) {
                        int i = 1;
                        for (Col col : t.cols()) ps.setObject(i++, row.get(col.name()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new DatasetException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
