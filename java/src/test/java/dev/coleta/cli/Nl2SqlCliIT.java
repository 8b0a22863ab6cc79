package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coleta.nl2sql.Nl2SqlRandomModelIT;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGuard;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code coleta sql} and {@code coleta eval nl2sql} on a tiny random-weight model. The SQL
 * grammar cannot see whether an alias is declared or a column is in the right table (see
 * SqlGrammar), and a random model writes such queries: the guard passes every one, and SQLite
 * may refuse one only for those reasons.
 */
class Nl2SqlCliIT {
    @Test
    void sqlPrintsOneGuardedSelectAndItsRows(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("d.jsonl");
        assertEquals(0, Nl2SqlCliTest.run("data", "nl2sql", "--out", data.toString(), "--n", "7", "--seed", "2").code());
        String db = dir.resolve("d.jsonl.dbs/shop.sqlite").toString();
        Nl2SqlCliTest.Run r = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db,
                "--question", "How many customers live in Lisbon?", "--execute", "--max-tokens", "1024", "--threads", "2");
        String[] lines = r.out().strip().split("\n");
        new SqlGuard(SchemaReader.fromDatabase(db)).check(lines[0]);
        if (r.code() == ExitCodes.OK) {
            assertEquals(2, lines.length, r.out());
            JsonNode rows = JsonMapper.builder().build().readTree(lines[1]);
            assertTrue(rows.isArray(), lines[1]);
        } else {
            assertEquals(ExitCodes.FAILURE, r.code(), r.err());
            assertTrue(r.err().contains("the query failed: [SQLITE_ERROR]") && Nl2SqlRandomModelIT.UNSEEN_BY_GRAMMAR.stream()
                    .anyMatch(r.err()::contains), r.err());
        }

        // --strict: whatever the random model writes is in the strict grammar's one spelling
        Nl2SqlCliTest.Run strict = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db,
                "--question", "How many customers live in Lisbon?", "--strict", "--no-samples", "--max-tokens", "1024", "--threads", "2");
        String strictSql = strict.out().strip();
        assertTrue(strict.code() == ExitCodes.OK || strict.code() == ExitCodes.FAILURE, strict.err());
        assertTrue(dev.coleta.nl2sql.SqlGrammar.grammar(SchemaReader.fromDatabase(db),
                dev.coleta.nl2sql.SqlGrammarOptions.defaults().withStrict(true)).accepts(strictSql), strictSql);
        assertTrue(!strictSql.contains("  ") && strictSql.startsWith("SELECT "), strictSql);
        Nl2SqlCliTest.Run strictEval = Nl2SqlCliTest.run("eval", "nl2sql", "--model", TinyModels.tinyModel().toString(), "--data",
                data.toString(), "--limit", "1", "--strict", "--no-samples", "--max-tokens", "1024", "--threads", "2");
        assertEquals(0, strictEval.code(), strictEval.err());

        // --link: the question names the customers table only, so whatever the model writes reads
        // that table alone (the linked grammar holds no other)
        Nl2SqlCliTest.Run linked = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db,
                "--question", "How many customers live in Lisbon?", "--strict", "--link", "--no-samples", "--max-tokens", "1024", "--threads", "2");
        String linkedSql = linked.out().strip().lines().findFirst().orElse("");
        assertTrue(linked.code() == ExitCodes.OK || linked.code() == ExitCodes.FAILURE, linked.err());
        dev.coleta.nl2sql.Schema customersOnly = dev.coleta.nl2sql.SchemaLinker.link(SchemaReader.fromDatabase(db), "How many customers live in Lisbon?");
        assertEquals(java.util.List.of("customers"), customersOnly.tables().stream().map(dev.coleta.nl2sql.Schema.Table::name).toList());
        assertTrue(dev.coleta.nl2sql.SqlGrammar.grammar(customersOnly, dev.coleta.nl2sql.SqlGrammarOptions.defaults().withStrict(true))
                .accepts(linkedSql), linkedSql);
        Nl2SqlCliTest.Run linkedEval = Nl2SqlCliTest.run("eval", "nl2sql", "--model", TinyModels.tinyModel().toString(), "--data",
                data.toString(), "--limit", "1", "--strict", "--link", "--no-samples", "--max-tokens", "1024", "--threads", "2");
        assertEquals(0, linkedEval.code(), linkedEval.err());

        Path json = dir.resolve("report.json");
        Nl2SqlCliTest.Run e = Nl2SqlCliTest.run("eval", "nl2sql", "--model", TinyModels.tinyModel().toString(), "--data", data.toString(),
                "--limit", "2", "--json", json.toString(), "--max-tokens", "1024", "--threads", "2");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().lines().anyMatch(l -> l.startsWith("all") && l.split("\\s+")[1].equals("2")), e.out());
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        assertEquals(2, report.path("overall").path("n").asInt());
        double validity = report.path("overall").path("validity").asDouble(-1);
        assertTrue(validity >= 0 && validity <= 1, report.toString());
    }
    @Test
    void sqlWithBeamsPrintsTheLibrarysBeamSearchAnswer(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("d.jsonl");
        assertEquals(0, Nl2SqlCliTest.run("data", "nl2sql", "--out", data.toString(), "--n", "7", "--seed", "2").code());
        String db = dir.resolve("d.jsonl.dbs/shop.sqlite").toString();
        String question = "How many customers live in Lisbon?";
        Nl2SqlCliTest.Run r = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db, "--question", question,
                "--strict", "--no-samples", "--beams", "3", "--max-tokens", "256", "--threads", "2", "--ctx", "2048");
        assertTrue(r.code() == ExitCodes.OK || r.code() == ExitCodes.FAILURE, r.err());
        String expected;
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(TinyModels.tinyModel());
             dev.coleta.llama.Session s = m.newSession(dev.coleta.llama.SessionOptions.defaults().withContextSize(2048).withThreads(2)
                     .withBeamSearch(true))) {
            expected = new dev.coleta.nl2sql.Nl2Sql(s.beamSearch(3), dev.coleta.nl2sql.Nl2SqlOptions.defaults().withMaxTokens(256)
                    .withSamples(false).withGrammar(dev.coleta.nl2sql.SqlGrammarOptions.defaults().withStrict(true))).sql(db, question);
        }
        assertEquals(expected, r.out().strip());
        assertTrue(dev.coleta.nl2sql.SqlGrammar.grammar(SchemaReader.fromDatabase(db),
                dev.coleta.nl2sql.SqlGrammarOptions.defaults().withStrict(true)).accepts(expected), expected);
        Nl2SqlCliTest.Run sampled = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db, "--question", question,
                "--beams", "3", "--temp", "0.5");
        assertEquals(ExitCodes.USAGE, sampled.code());
        assertTrue(sampled.err().contains("--beams needs greedy decoding"), sampled.err());
    }

    /** {@code eval nl2sql} on Spider's layout: questions JSON, DIR/db_id/db_id.sqlite and tables.json. */
    @Test
    void evalReadsSpidersLayout(@TempDir Path dir) throws Exception {
        Path dbDir = dir.resolve("database");
        Files.createDirectories(dbDir.resolve("shop"));
        dev.coleta.nl2sql.SyntheticDatabase.generate(dev.coleta.nl2sql.Domains.ALL.get(0), 1).write(dbDir.resolve("shop/shop.sqlite"));
        Path questions = dir.resolve("dev.json");
        Files.writeString(questions, """
                [{"db_id": "shop", "question": "How many customers?", "query": "SELECT count(*) FROM customers"},
                 {"db_id": "shop", "question": "Cities?", "query": "SELECT city FROM customers UNION SELECT category FROM products"},
                 {"db_id": "shop", "question": "Names?", "query": "SELECT name FROM customers"}]
                """);
        Path tables = dir.resolve("tables.json");
        Files.writeString(tables, "[{\"db_id\": \"shop\", \"table_names_original\": [\"customers\"]}]");
        Path json = dir.resolve("report.json");
        String model = TinyModels.tinyModel().toString();
        Nl2SqlCliTest.Run r = Nl2SqlCliTest.run("eval", "nl2sql", "--model", model, "--data", questions.toString(), "--spider-db",
                dbDir.toString(), "--spider-tables", tables.toString(), "--limit", "2", "--json", json.toString(),
                "--max-tokens", "16", "--threads", "2"); // the layout is under test, not the SQL: a short budget keeps it fast
        assertEquals(0, r.code(), r.err());
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        assertEquals(2, report.path("overall").path("n").asInt(), report.toString());
        // Spider's hardness of the two gold queries, graded by the importer
        assertEquals(java.util.Set.of("easy", "hard"), java.util.Set.copyOf(iterable(report.path("byDifficulty").fieldNames())), report.toString());

        Files.writeString(tables, "[{\"db_id\": \"other\", \"table_names_original\": [\"t\"]}]");
        Nl2SqlCliTest.Run unknown = Nl2SqlCliTest.run("eval", "nl2sql", "--model", model, "--data", questions.toString(), "--spider-db",
                dbDir.toString(), "--spider-tables", tables.toString());
        assertEquals(ExitCodes.BAD_INPUT, unknown.code(), unknown.err());
        assertTrue(unknown.err().contains("shop"), unknown.err());
        Nl2SqlCliTest.Run alone = Nl2SqlCliTest.run("eval", "nl2sql", "--model", model, "--data", questions.toString(),
                "--spider-tables", tables.toString());
        assertEquals(ExitCodes.USAGE, alone.code(), alone.err());
        assertTrue(alone.err().contains("--spider-tables needs --spider-db"), alone.err());
    }

    static java.util.List<String> iterable(java.util.Iterator<String> it) {
        java.util.List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}
