package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.scrape.Schemas;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.data.GeneratedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataScrapeCommandTest {
    private static final ObjectMapper M = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesDeterministicScrapeExamples() throws Exception {
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        Path c = dir.resolve("c.jsonl");
        assertEquals(0, ApplyConfigCommandTest.run("data", "scrape", "--out", a.toString(), "--n", "12", "--seed", "3", "--split", "test").code());
        assertEquals(0, ApplyConfigCommandTest.run("data", "scrape", "--out", b.toString(), "--n", "12", "--seed", "3", "--split", "test").code());
        assertEquals(0, ApplyConfigCommandTest.run("data", "scrape", "--out", c.toString(), "--n", "12", "--seed", "4", "--split", "test").code());
        assertEquals(Files.readString(a), Files.readString(b));
        assertNotEquals(Files.readString(a), Files.readString(c));
        List<String> lines = Files.readAllLines(a);
        assertEquals(12, lines.size());
        for (String line : lines) {
            JsonNode o = M.readTree(line);
            assertTrue(o.get("template").asInt() >= 4);
            assertEquals("scrape", o.get("task").asText());
            JsonNode completion = M.readTree(o.get("completion").asText());
            assertEquals(List.of(), Schemas.validate(o.get("schema"), completion));
            assertTrue(o.get("user").asText().contains("JSON Schema:"));
        }
        List<GeneratedPage> pages = ScrapeCliSupport.readData(a, 0);
        assertEquals(12, pages.size());
    }

    @Test
    void writesScrapeConfigExamplesWhoseCompletionIsTheGoldConfig() throws Exception {
        Path f = dir.resolve("cfg.jsonl");
        ApplyConfigCommandTest.Run r = ApplyConfigCommandTest.run("data", "scrape-config", "--out", f.toString(), "--n", "9", "--seed", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote 9 scrape-config examples"), r.out());
        for (String line : Files.readAllLines(f)) {
            JsonNode o = M.readTree(line);
            assertTrue(o.get("template").asInt() <= 3);
            assertEquals(ScrapeConfig.parse(o.get("config").toString()), ScrapeConfig.parse(o.get("completion").asText()));
        }
    }

    @Test
    void badArgumentsAndBadDataFail() throws Exception {
        assertEquals(ExitCodes.BAD_INPUT, ApplyConfigCommandTest.run("data", "scrape", "--out", dir.resolve("x").toString(), "--n", "2", "--split", "dev").code());
        assertEquals(ExitCodes.BAD_INPUT, ApplyConfigCommandTest.run("data", "scrape", "--out", dir.resolve("x").toString(), "--n", "0").code());
        Path broken = Files.writeString(dir.resolve("broken.jsonl"), "{\"id\":\"x\"}\n");
        dev.coleta.DatasetException e = assertThrows(dev.coleta.DatasetException.class, () -> ScrapeCliSupport.readData(broken, 0));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }
}
