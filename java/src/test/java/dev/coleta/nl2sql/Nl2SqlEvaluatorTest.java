package dev.coleta.nl2sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hand-computed cases: a six-row table, six examples, predictions chosen to hit each rule. */
class Nl2SqlEvaluatorTest {
    @TempDir
    static Path dir;
    static String db;

    @BeforeAll
    static void database() throws Exception {
        db = dir.resolve("t.sqlite").toString();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT, kind TEXT, age INTEGER)");
            st.executeUpdate("INSERT INTO pets VALUES (1,'Rex','dog',3),(2,'Tom','cat',5),(3,'Ace','dog',3),(4,'Kit','cat',1),(5,'Bo','bird',2),(6,'Max','dog',7)");
        }
    }

    private static Nl2SqlExample ex(String question, String sql, String difficulty) {
        return new Nl2SqlExample(db, question, sql, difficulty, "");
    }

    @Test
    void scoresMatchHandComputedValues() {
        List<Nl2SqlExample> examples = List.of(
                ex("q1", "SELECT name FROM pets WHERE kind = 'dog'", "easy"),
                ex("q2", "SELECT COUNT(*) FROM pets", "easy"),
                ex("q3", "SELECT name FROM pets ORDER BY age DESC", "medium"),
                ex("q4", "SELECT kind, COUNT(*) FROM pets GROUP BY kind", "medium"),
                ex("q5", "SELECT age FROM pets WHERE kind = 'dog'", "hard"),
                ex("q6", "SELECT name FROM pets WHERE age > 2", "hard"));
        Map<String, String> predictions = Map.of(
                // exact match (case, blanks and ';' differ only) -> exact and execution
                "q1", "select name  from pets where kind = 'dog';",
                // different text, same single row (6 vs 6.0 by value) -> execution only
                "q2", "SELECT SUM(1.0) FROM pets",
                // same rows, wrong order, gold has ORDER BY -> valid, no execution match
                "q3", "SELECT name FROM pets ORDER BY age ASC",
                // same multiset in another order, gold has no ORDER BY -> execution match
                "q4", "SELECT kind, COUNT(*) FROM pets GROUP BY kind ORDER BY kind DESC",
                // multiset matters: DISTINCT loses a duplicate 3 -> no match
                "q5", "SELECT DISTINCT age FROM pets WHERE kind = 'dog'",
                // not a SELECT -> invalid
                "q6", "DELETE FROM pets");
        Nl2SqlEvaluator.Report r = Nl2SqlEvaluator.evaluate(examples, e -> predictions.get(e.question()));
        assertEquals(new Nl2SqlEvaluator.Score(6, 3 / 6.0, 1 / 6.0, 5 / 6.0), r.overall());
        assertEquals(new Nl2SqlEvaluator.Score(2, 1.0, 0.5, 1.0), r.byDifficulty().get("easy"));
        assertEquals(new Nl2SqlEvaluator.Score(2, 0.5, 0.0, 1.0), r.byDifficulty().get("medium"));
        assertEquals(new Nl2SqlEvaluator.Score(2, 0.0, 0.0, 0.5), r.byDifficulty().get("hard"));
        Nl2SqlEvaluator.Outcome q6 = r.outcomes().get(5);
        assertFalse(q6.valid());
        assertTrue(q6.error().contains("only a single SELECT"), q6.error());
    }

    @Test
    void aThrowingPredictorCountsAsInvalidAndReportsRender() throws Exception {
        Nl2SqlEvaluator.Report r = Nl2SqlEvaluator.evaluate(List.of(ex("q", "SELECT 1", "easy")), e -> {
            throw new IllegalStateException("model exploded");
        });
        assertEquals(new Nl2SqlEvaluator.Score(1, 0, 0, 0), r.overall());
        JsonNode json = JsonMapper.builder().build().readTree(r.json());
        assertEquals(1, json.path("overall").path("n").asInt());
        assertTrue(json.path("outcomes").get(0).path("error").asText().contains("model exploded"));
        String table = r.table();
        assertTrue(table.lines().anyMatch(l -> l.matches("easy\\s+1\\s+0\\.000\\s+0\\.000\\s+0\\.000")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("all")), table);
    }

    /** One example at a time, each field of the outcome by hand. */
    @Test
    void scoreOneExample() {
        Nl2SqlExample dogsAged3 = ex("dogs aged 3", "SELECT name FROM pets WHERE age = 3", "easy");
        // Rex and Ace either way; the gold has no ORDER BY, so order does not matter
        assertEquals(new Nl2SqlEvaluator.Outcome("dogs aged 3", "SELECT name FROM pets WHERE age = 3",
                        "SELECT name FROM pets WHERE age = 3 ORDER BY name DESC", "easy", true, false, true, null),
                Nl2SqlEvaluator.score(dogsAged3, e -> "SELECT name FROM pets WHERE age = 3 ORDER BY name DESC"));
        assertEquals(new Nl2SqlEvaluator.Outcome("dogs aged 3", "SELECT name FROM pets WHERE age = 3",
                        "select name from pets where age = 3;", "easy", true, true, true, null),
                Nl2SqlEvaluator.score(dogsAged3, e -> "select name from pets where age = 3;"));
        Nl2SqlEvaluator.Outcome wrong = Nl2SqlEvaluator.score(dogsAged3, e -> "SELECT name FROM pets WHERE age = 5");
        assertEquals(List.of(true, false, false, "different rows"),
                List.of(wrong.valid(), wrong.exactMatch(), wrong.executionMatch(), wrong.error()));
        Nl2SqlEvaluator.Outcome badGold = Nl2SqlEvaluator.score(ex("q", "SELECT x FROM no_such_table", "hard"), e -> "SELECT name FROM pets");
        assertFalse(badGold.valid());
        assertTrue(badGold.error().startsWith("gold query failed: "), badGold.error());
        Nl2SqlEvaluator.Outcome failed = Nl2SqlEvaluator.score(dogsAged3, e -> {
            throw new IllegalStateException("no answer");
        });
        assertEquals("prediction failed: no answer", failed.error());
        assertEquals(null, failed.predicted());
    }

    @Test
    void normalisationKeepsLiteralsIntact() {
        assertEquals("select a,b from t where x = 'A  B'", Nl2SqlEvaluator.normalise("SELECT a , b\n FROM t WHERE x = 'A  B' ;"));
        assertTrue(Nl2SqlEvaluator.ordered("SELECT a FROM t ORDER BY a"));
        assertFalse(Nl2SqlEvaluator.ordered("SELECT a FROM t WHERE a IN (SELECT a FROM t ORDER BY a LIMIT 1)"));
    }
}
