package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.coleta.nl2sql.SchemaReader;
import dev.coleta.nl2sql.SqlGuard;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta sql} and {@code coleta eval nl2sql} on a tiny random-weight model. */
class Nl2SqlCliIT {
    @Test
    void sqlPrintsOneGuardedSelectAndItsRows(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("d.jsonl");
        assertEquals(0, Nl2SqlCliTest.run("data", "nl2sql", "--out", data.toString(), "--n", "7", "--seed", "2").code());
        String db = dir.resolve("d.jsonl.dbs/shop.sqlite").toString();
        Nl2SqlCliTest.Run r = Nl2SqlCliTest.run("sql", "--model", TinyModels.tinyModel().toString(), "--db", db,
                "--question", "How many customers live in Lisbon?", "--execute", "--max-tokens", "1024", "--threads", "2");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        new SqlGuard(SchemaReader.fromDatabase(db)).check(lines[0]);
        JsonNode rows = JsonMapper.builder().build().readTree(lines[1]);
        assertTrue(rows.isArray(), lines[1]);

        Path json = dir.resolve("report.json");
        Nl2SqlCliTest.Run e = Nl2SqlCliTest.run("eval", "nl2sql", "--model", TinyModels.tinyModel().toString(), "--data", data.toString(),
                "--limit", "2", "--json", json.toString(), "--max-tokens", "1024", "--threads", "2");
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().lines().anyMatch(l -> l.startsWith("all") && l.split("\\s+")[1].equals("2")), e.out());
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        assertEquals(2, report.path("overall").path("n").asInt());
        // Under the grammar every prediction is a valid, runnable query.
        assertEquals(1.0, report.path("overall").path("validity").asDouble(), report.toString());
    }
}
