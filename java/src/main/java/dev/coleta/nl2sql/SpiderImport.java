package dev.coleta.nl2sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coleta.DatasetException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Spider-format data a user has: a questions file ({@code dev.json}: objects with
 * {@code db_id}, {@code question}, {@code query}), the {@code database/<db_id>/<db_id>.sqlite}
 * files, and optionally {@code tables.json} to check that every db_id is known. Spider's
 * hardness levels come from its evaluation script; {@link #hardness} approximates them from
 * the query text (counts of clauses, conditions and nesting).
 */
public final class SpiderImport {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private SpiderImport() {
    }

    /** The examples of {@code questions}; {@code tables} may be null. */
    public static List<Nl2SqlExample> read(Path questions, Path databaseDir, Path tables) {
        Set<String> known = null;
        if (tables != null) {
            known = new HashSet<>();
            for (JsonNode t : readArray(tables)) known.add(t.path("db_id").asText());
        }
        List<Nl2SqlExample> out = new ArrayList<>();
        JsonNode arr = readArray(questions);
        for (int i = 0; i < arr.size(); i++) {
            JsonNode q = arr.get(i);
            String db = q.path("db_id").asText(null);
            String question = q.path("question").asText(null);
            String sql = q.path("query").asText(null);
            if (db == null || question == null || sql == null) {
                throw new DatasetException(questions + " item " + i + ": needs db_id, question and query");
            }
            if (known != null && !known.contains(db)) throw new DatasetException(questions + " item " + i + ": db_id " + db + " is not in " + tables);
            Path file = databaseDir.resolve(db).resolve(db + ".sqlite");
            if (!Files.isRegularFile(file)) throw new DatasetException("database file " + file + " is missing (item " + i + ")");
            out.add(new Nl2SqlExample(file.toString(), question, sql, hardness(sql), "spider"));
        }
        if (out.isEmpty()) throw new DatasetException(questions + " holds no questions");
        return out;
    }

    /**
     * The schema of every database in a Spider {@code tables.json}, by {@code db_id}, in file
     * order: original table and column names, Spider's column types ({@code number}, {@code text},
     * {@code time}, {@code boolean}, {@code others}), primary and foreign keys, no sample values.
     * SQLite's own tables ({@code sqlite_sequence}) are left out, as {@link SchemaReader} leaves
     * them out of a live database.
     */
    public static Map<String, Schema> schemas(Path tables) {
        Map<String, Schema> out = new LinkedHashMap<>();
        for (JsonNode db : readArray(tables)) {
            String id = db.path("db_id").asText(null);
            if (id == null) throw new DatasetException(tables + ": an entry has no db_id");
            try {
                out.put(id, schema(db));
            } catch (RuntimeException e) {
                throw new DatasetException(tables + ", database " + id + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) throw new DatasetException(tables + " describes no database");
        return out;
    }

    /** The keys of a tables.json entry; any other is an error, so that a misspelt key is never ignored. */
    private static final Set<String> TABLE_KEYS = Set.of("db_id", "table_names", "table_names_original", "column_names",
            "column_names_original", "column_types", "primary_keys", "foreign_keys");

    /** Spider's column types. */
    private static final Set<String> COLUMN_TYPES = Set.of("text", "number", "time", "boolean", "others");

    private static Schema schema(JsonNode db) {
        for (var it = db.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!TABLE_KEYS.contains(k)) throw new DatasetException("unknown key \"" + k + "\" (known: " + new java.util.TreeSet<>(TABLE_KEYS) + ")");
        }
        JsonNode tableNames = db.path("table_names_original");
        JsonNode cols = db.path("column_names_original");
        JsonNode types = db.path("column_types");
        if (!tableNames.isArray() || !cols.isArray() || !types.isArray() || types.size() != cols.size()) {
            throw new DatasetException("needs table_names_original, column_names_original and column_types of equal length");
        }
        for (int i = 0; i < cols.size(); i++) {
            JsonNode c = cols.get(i);
            if (!c.isArray() || c.size() != 2 || !c.get(0).isInt() || !c.get(1).isTextual()
                    || c.get(0).asInt() < -1 || c.get(0).asInt() >= tableNames.size()) {
                throw new DatasetException("column_names_original[" + i + "] must be [table index, name], got " + c);
            }
            if (!COLUMN_TYPES.contains(types.get(i).asText())) {
                throw new DatasetException("column_types[" + i + "] must be one of " + new java.util.TreeSet<>(COLUMN_TYPES) + ", got " + types.get(i));
            }
        }
        Set<Integer> pk = new HashSet<>();
        // Newer Spider releases write a composite key as a nested list.
        for (JsonNode k : db.path("primary_keys")) {
            if (k.isArray()) k.forEach(x -> pk.add(columnIndex(x, cols, "primary_keys")));
            else pk.add(columnIndex(k, cols, "primary_keys"));
        }
        List<List<Schema.Column>> columns = new ArrayList<>();
        List<List<Schema.ForeignKey>> fks = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            columns.add(new ArrayList<>());
            fks.add(new ArrayList<>());
        }
        for (int i = 0; i < cols.size(); i++) {
            int t = cols.get(i).get(0).asInt();
            if (t < 0) continue; // column 0 is Spider's "*"
            columns.get(t).add(new Schema.Column(cols.get(i).get(1).asText(), types.get(i).asText(), pk.contains(i), List.of()));
        }
        for (JsonNode fk : db.path("foreign_keys")) {
            if (!fk.isArray() || fk.size() != 2) throw new DatasetException("foreign_keys entries must be [column, referenced column], got " + fk);
            int from = columnIndex(fk.get(0), cols, "foreign_keys");
            int to = columnIndex(fk.get(1), cols, "foreign_keys");
            int t = cols.get(from).get(0).asInt();
            int rt = cols.get(to).get(0).asInt();
            if (t < 0 || rt < 0) throw new DatasetException("foreign_keys entry " + fk + " names Spider's \"*\" column");
            fks.get(t).add(new Schema.ForeignKey(cols.get(from).get(1).asText(), tableNames.get(rt).asText(), cols.get(to).get(1).asText()));
        }
        List<Schema.Table> out = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            String name = tableNames.get(t).asText();
            if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) continue;
            out.add(new Schema.Table(name, columns.get(t), fks.get(t)));
        }
        return new Schema(out);
    }

    private static int columnIndex(JsonNode n, JsonNode cols, String key) {
        if (!n.isInt() || n.asInt() < 0 || n.asInt() >= cols.size()) {
            throw new DatasetException(key + ": " + n + " is not a column index (0.." + (cols.size() - 1) + ")");
        }
        return n.asInt();
    }

    private static JsonNode readArray(Path file) {
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isArray()) throw new DatasetException(file + " is not a JSON array");
            return n;
        } catch (IOException e) {
            throw new DatasetException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    /** easy, medium, hard or extra, after the rules of Spider's evaluation script, from the text. */
    public static String hardness(String sql) {
        String s = " " + sql.toLowerCase(Locale.ROOT).replaceAll("'[^']*'", "''").replaceAll("\\s+", " ") + " ";
        int comp1 = count(s, " where ") + count(s, " group by ") + count(s, " order by ") + count(s, " limit ")
                + count(s, " join ") + count(s, " or ") + count(s, " like ");
        int comp2 = count(s, " except ") + count(s, " union ") + count(s, " intersect ") + count(s, "\\( ?select ");
        int aggs = count(s, "\\b(count|sum|avg|min|max)\\(");
        String selectList = s.contains(" from ") ? s.substring(0, s.indexOf(" from ")) : s;
        int others = (aggs > 1 ? 1 : 0) + (count(selectList, ",") > 0 ? 1 : 0) + (count(s, " and ") > 0 ? 1 : 0)
                + (s.matches(".* group by [^ ]+ ?, .*") ? 1 : 0);
        if (comp1 <= 1 && others == 0 && comp2 == 0) return "easy";
        if (others <= 2 && comp1 <= 1 && comp2 == 0 || comp1 <= 2 && others < 2 && comp2 == 0) return "medium";
        if (others > 2 && comp1 <= 2 && comp2 == 0 || comp1 > 2 && comp1 <= 3 && others <= 2 && comp2 == 0
                || comp1 <= 1 && others == 0 && comp2 <= 1) return "hard";
        return "extra";
    }
}
