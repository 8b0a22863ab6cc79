package dev.coleta.nl2sql;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The tables of one database, as far as nl2sql needs them: names, columns, primary and foreign
 * keys, and a few sample values per column for the prompt.
 */
public record Schema(List<Table> tables) {
    public Schema {
        tables = List.copyOf(Objects.requireNonNull(tables, "tables"));
        if (tables.isEmpty()) throw new IllegalArgumentException("schema has no tables");
    }

    /** The table called {@code name} (case-insensitive, as SQL resolves names). */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** One column of a table. {@code samples} may be empty (a schema read from DDL has none). */
    public record Column(String name, String type, boolean primaryKey, List<String> samples) {
        public Column {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) throw new IllegalArgumentException("column name is empty");
            type = type == null ? "" : type;
            samples = List.copyOf(samples == null ? List.of() : samples);
        }

        public Column withSamples(List<String> values) {
            return new Column(name, type, primaryKey, values);
        }
    }

    /** {@code column} of this table references {@code refTable.refColumn}. */
    public record ForeignKey(String column, String refTable, String refColumn) {
        public ForeignKey {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(refTable, "refTable");
            Objects.requireNonNull(refColumn, "refColumn");
        }
    }

    public record Table(String name, List<Column> columns, List<ForeignKey> foreignKeys) {
        public Table {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) throw new IllegalArgumentException("table name is empty");
            columns = List.copyOf(columns);
            foreignKeys = List.copyOf(foreignKeys == null ? List.of() : foreignKeys);
            if (columns.isEmpty()) throw new IllegalArgumentException("table " + name + " has no columns");
        }

        public Optional<Column> column(String col) {
            return columns.stream().filter(c -> c.name().equalsIgnoreCase(col)).findFirst();
        }
    }

    /** The schema as CREATE TABLE statements, each column followed by a comment with its sample values. */
    public String ddl(boolean withSamples) {
        StringBuilder sb = new StringBuilder();
        for (Table t : tables) {
            sb.append("CREATE TABLE ").append(SqlNames.quoteIfNeeded(t.name())).append(" (\n");
            int n = t.columns().size() + t.foreignKeys().size();
            int i = 0;
            for (Column c : t.columns()) {
                sb.append("  ").append(SqlNames.quoteIfNeeded(c.name()));
                if (!c.type().isEmpty()) sb.append(' ').append(c.type().toUpperCase(Locale.ROOT));
                if (c.primaryKey()) sb.append(" PRIMARY KEY");
                if (++i < n) sb.append(',');
                if (withSamples && !c.samples().isEmpty()) {
                    sb.append(" -- e.g. ");
                    sb.append(String.join(", ", c.samples().stream().map(Schema::sampleText).toList()));
                }
                sb.append('\n');
            }
            for (ForeignKey fk : t.foreignKeys()) {
                sb.append("  FOREIGN KEY (").append(SqlNames.quoteIfNeeded(fk.column())).append(") REFERENCES ")
                        .append(SqlNames.quoteIfNeeded(fk.refTable())).append('(')
                        .append(SqlNames.quoteIfNeeded(fk.refColumn())).append(')');
                if (++i < n) sb.append(',');
                sb.append('\n');
            }
            sb.append(");\n");
        }
        return sb.toString();
    }

    private static String sampleText(String v) {
        String s = v.length() > 40 ? v.substring(0, 40) : v;
        s = s.replaceAll("\\s+", " ");
        return s.matches("-?\\d+(\\.\\d+)?") ? s : "'" + s.replace("'", "''") + "'";
    }
}
