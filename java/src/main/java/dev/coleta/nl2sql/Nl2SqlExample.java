package dev.coleta.nl2sql;

import java.util.Objects;

/**
 * One question over one database with its gold SQL.
 *
 * @param db         the SQLite file (relative paths resolve against the data file's folder)
 * @param question   the natural-language question
 * @param sql        the gold query
 * @param difficulty easy, medium, hard or extra
 * @param construct  the SQL construct it exercises (e.g. "group-having"), or "spider"
 */
public record Nl2SqlExample(String db, String question, String sql, String difficulty, String construct) {
    public Nl2SqlExample {
        Objects.requireNonNull(db, "db");
        Objects.requireNonNull(question, "question");
        Objects.requireNonNull(sql, "sql");
        difficulty = difficulty == null ? "unknown" : difficulty;
        construct = construct == null ? "" : construct;
    }
}
