package dev.coleta.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneUnitTest {
    @Test
    void aLargerBudgetBuysMoreDataAndTraining() {
        TunePlan small = TunePlan.forBudget(Duration.ofMinutes(15));
        TunePlan large = TunePlan.forBudget(Duration.ofMinutes(60));
        assertTrue(large.cramTokens() > small.cramTokens());
        assertTrue(large.loraTokens() > small.loraTokens());
        assertTrue(large.nl2sqlTrain() > small.nl2sqlTrain());
        assertTrue(large.pagesTrain() > small.pagesTrain());
        assertEquals(small, TunePlan.forBudget(Duration.ofMinutes(15)), "deterministic");
        assertThrows(IllegalArgumentException.class, () -> TunePlan.forBudget(Duration.ofSeconds(30)));
    }

    @Test
    void chunkGoldKeepsWhatTheChunkShows() throws Exception {
        ObjectNode gold = (ObjectNode) new ObjectMapper().readTree("""
                {"title":"Shop","count":3,"products":[{"name":"Blue Kettle","price":"$12.99"},
                 {"name":"Red Lamp","price":"$5.00"}]}""");
        // the chunk shows the second product only, and the price of the first without its name
        String chunk = "<ul><li>Red Lamp <b>$5.00</b></li></ul><p>$12.99</p>";
        assertEquals("{\"title\":null,\"count\":3,\"products\":[{\"name\":null,\"price\":\"$12.99\"},{\"name\":\"Red Lamp\",\"price\":\"$5.00\"}]}",
                ChunkGold.restrict(gold, chunk).toString());
        assertEquals("{\"title\":null,\"count\":3,\"products\":[]}", ChunkGold.restrict(gold, "<p>nothing here</p>").toString());
        assertEquals("page text", ChunkGold.pageOf("JSON Schema:\n{}\n\nPage:\npage text"));
    }

    @Test
    void theTableShowsEveryScore() {
        TaskScore s = new TaskScore(TuneTask.NL2SQL, "adapter", 40, 0.95, Map.of("execution_accuracy", 0.5), Double.NaN, 321, 60, 10)
                .withMetric("test_loss", 0.25);
        String t = TuneReport.table(List.of(s));
        assertTrue(t.lines().anyMatch(l -> l.startsWith("nl2sql") && l.contains("exec 0.500") && l.contains("loss 0.250")
                && l.contains("0.950") && l.contains(" 321") && l.contains(" 60")), t);
        assertEquals(0.5, s.primary());
        assertEquals("execution_accuracy", s.primaryName());
    }
    /**
     * {@code coleta tune} prints its plan before any stage: --budget picks the plan and the
     * overrides (--rank, --cram-all-tokens, sizes) change exactly their part of it. A missing
     * --model then ends the run right after the data stage, before any model work.
     */
    @Test
    void tuneCommandPrintsThePlanItsOptionsShape(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.coleta.cli.CliHarness.Result r = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("t").toString(), "--budget", "30",
                "--rank", "4", "--cram-all-tokens", "true", "--sql-samples", "false", "--questions", "10", "--pages", "2", "--eval-n", "1",
                "--tasks", "nl2sql", "--model", dir.resolve("missing.gguf").toString(), "--scrape-grounded", "false", "--quiet");
        TunePlan expected = TunePlan.forBudget(Duration.ofMinutes(30)).withLoraRank(4).withCramAllTokens(true).withSqlSamples(false)
                .withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1);
        assertTrue(r.out().startsWith("plan: " + expected.describe() + "\n"), r.out());
        assertTrue(!expected.describe().equals(TunePlan.forBudget(Duration.ofMinutes(15)).withLoraRank(4).withCramAllTokens(true)
                .withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1).describe()), "the budget changes the plan");
        assertTrue(r.out().contains("LoRA rank 4 ") && r.out().contains("loss on all tokens"), r.out());
        assertEquals(dev.coleta.cli.ExitCodes.FAILURE, r.exitCode(), r.err());
        assertTrue(r.err().contains("model file not found: " + dir.resolve("missing.gguf")), r.err());
        dev.coleta.cli.CliHarness.Result bad = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("u").toString(),
                "--sql-samples", "maybe");
        assertEquals(dev.coleta.cli.ExitCodes.USAGE, bad.exitCode(), bad.err());
        dev.coleta.cli.CliHarness.Result badGrounded = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("v").toString(),
                "--scrape-grounded", "sometimes");
        assertEquals(dev.coleta.cli.ExitCodes.USAGE, badGrounded.exitCode(), badGrounded.err());
    }

    /** The front door runs the same Tuner: options pass through, and a missing model fails after the data stage. */
    @Test
    void coletaTuneRunsTheTuner(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TuneOptions o = TuneOptions.defaults(dir.resolve("c")).withModel(dir.resolve("missing.gguf")).withTasks(java.util.Set.of(TuneTask.NL2SQL))
                .withPlan(TunePlan.forBudget(Duration.ofMinutes(15)).withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1))
                .withScrapeGrounded(false);
        org.junit.jupiter.api.Assertions.assertFalse(o.scrapeGrounded());
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> dev.coleta.Coleta.tune(o));
        assertTrue(e.getMessage().contains("model file not found"), e.getMessage());
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("c").resolve("data")), "the data stage ran first");
    }
}
