package dev.coleta.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.cli.CliHarness;
import dev.coleta.cli.ExitCodes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job end to end at CI size (`coleta tune` with a small plan): data, learnt
 * vocabulary, cramming, three adapters, evaluation and report; then a second run resumes.
 */
class TuneIT {
    @TempDir
    static Path dir;
    static CliHarness.Result first;
    static final ObjectMapper JSON = new ObjectMapper();

    static String[] args(Path out, String seed) {
        return new String[] {"tune", "--out", out.toString(), "--seed", seed, "--threads", "2", "--quiet",
                "--embd", "64", "--layers", "2", "--heads", "2", "--ff", "192", "--vocab", "600", "--ctx", "1024",
                "--questions", "300", "--pages", "60", "--eval-n", "5", "--cram-tokens", "60000", "--lora-tokens", "30000",
                "--cram-lr", "3e-3", "--lora-lr", "3e-3"};
    }

    @BeforeAll
    static void run() {
        first = CliHarness.run(args(dir.resolve("run"), "3"));
        assertEquals(0, first.exitCode(), first.err() + first.out());
    }

    @Test
    void everyAdapterBeatsTheUntunedBaseOnItsTestSplit() throws Exception {
        for (TuneTask t : TuneTask.values()) {
            JsonNode base = JSON.readTree(dir.resolve("run/eval/" + Tuner.evalFileName(t, "base", true, TuneOptions.DEFAULT_BEAMS)).toFile());
            JsonNode adapter = JSON.readTree(dir.resolve("run/eval/" + Tuner.evalFileName(t, "adapter", true, TuneOptions.DEFAULT_BEAMS)).toFile());
            assertEquals(5, adapter.get("examples").asInt());
            double b = base.get("metrics").get("test_loss").asDouble();
            double a = adapter.get("metrics").get("test_loss").asDouble();
            // loss per answer token on test prompts the model never saw, with and without the adapter
            assertTrue(a < b, t.id() + ": adapter test loss " + a + " is not below the base's " + b);
            // the task's own metrics are computed (and in range) for both
            for (JsonNode s : new JsonNode[] {base, adapter}) {
                double primary = s.get("metrics").elements().next().asDouble();
                assertTrue(primary >= 0 && primary <= 1, t.id() + " " + primary);
                assertTrue(s.get("validity").asDouble() >= 0 && s.get("validity").asDouble() <= 1);
            }
        }
    }

    @Test
    void printsTheTableAndWritesTheReportAndEveryArtefact() throws Exception {
        Path run = dir.resolve("run");
        for (TuneTask t : TuneTask.values()) {
            assertTrue(first.out().lines().anyMatch(l -> l.startsWith(t.id() + " ") && l.contains("adapter")), first.out());
            assertTrue(Files.size(run.resolve("adapters/" + t.id() + ".gguf")) > 0);
            assertTrue(Files.isRegularFile(run.resolve("adapters/" + t.id() + ".gguf.loss.png")));
            assertTrue(Files.isRegularFile(run.resolve("data/" + t.id() + "-train.examples.jsonl")));
        }
        for (String f : new String[] {"base/init.gguf", "base/copy.gguf", "base/base.gguf", "base/base.gguf.loss.png", "accuracy.png", "report.md",
                "data/nl2sql-train.jsonl", "data/nl2sql-test.jsonl", "data/pages-train.jsonl", "data/pages-test.jsonl"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        // 300 questions: 25 drawn schemas beside the seven hand-made ones, each with its database
        assertTrue(Files.isRegularFile(run.resolve("data/nl2sql-train.jsonl.dbs/gen24.sqlite")));
        assertFalse(Files.exists(run.resolve("data/nl2sql-train.jsonl.dbs/gen25.sqlite")));
        // every nl2sql prediction is kept with its verdict
        JsonNode outcomes = JSON.readTree(run.resolve("eval/nl2sql-adapter.outcomes.json").toFile()).get("outcomes");
        assertEquals(5, outcomes.size());
        for (JsonNode o : outcomes) assertTrue(o.has("predicted") && o.has("valid") && o.has("gold"), o.toString());
        String report = Files.readString(run.resolve("report.md"));
        assertTrue(report.contains("| nl2sql | adapter | 5 |"), report);
        assertTrue(report.contains("![accuracy per task](accuracy.png)"));
        // PNGs really are PNGs
        byte[] png = Files.readAllBytes(run.resolve("accuracy.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }

    @Test
    void aSecondRunResumesEveryStageAndPrintsTheSameTable() {
        CliHarness.Result again = CliHarness.run(args(dir.resolve("run"), "3"));
        assertEquals(0, again.exitCode(), again.err());
        for (String stage : new String[] {"data", "vocabulary", "record", "cram", "adapter nl2sql", "adapter scrape ",
                "adapter scrape-config", "eval nl2sql adapter"}) {
            assertTrue(again.out().lines().anyMatch(l -> l.startsWith(stage) && l.contains("(resumed)")), stage + ":\n" + again.out());
        }
        assertEquals(table(first.out()), table(again.out()));
        // the copying curriculum ran before the cram the first time (14 steps: a quarter of 58)
        assertTrue(first.out().lines().anyMatch(l -> l.startsWith("copy ") && l.contains("14 steps")), first.out());
    }

    @Test
    void beamsReevaluateAndKeepEveryTrainedStage() throws Exception {
        Path copy = dir.resolve("beams");
        try (var files = Files.walk(dir.resolve("run"))) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(dir.resolve("run").relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(to);
                else Files.copy(f, to);
            }
        }
        List<String> a = new ArrayList<>(List.of(args(copy, "3")));
        a.addAll(List.of("--beams", "2", "--tasks", "nl2sql,scrape-config"));
        CliHarness.Result beams = CliHarness.run(a.toArray(String[]::new));
        assertEquals(0, beams.exitCode(), beams.err() + beams.out());
        for (String stage : new String[] {"cram", "adapter nl2sql", "adapter scrape-config"}) {
            assertTrue(beams.out().lines().anyMatch(l -> l.startsWith(stage) && l.contains("(resumed)")), stage + ":\n" + beams.out());
        }
        for (TuneTask t : List.of(TuneTask.NL2SQL, TuneTask.SCRAPE_CONFIG)) {
            for (String variant : List.of("base", "adapter")) {
                assertTrue(beams.out().lines().anyMatch(l -> l.startsWith("eval " + t.id() + " " + variant) && !l.contains("(resumed)")),
                        beams.out());
                JsonNode s = JSON.readTree(copy.resolve("eval/" + Tuner.evalFileName(t, variant, true, 2)).toFile());
                assertEquals(5, s.get("examples").asInt());
                assertTrue(s.get("validity").asDouble() >= 0 && s.get("validity").asDouble() <= 1);
            }
        }
        JsonNode outcomes = JSON.readTree(copy.resolve("eval/nl2sql-adapter-beams2.outcomes.json").toFile()).get("outcomes");
        assertEquals(5, outcomes.size());
        CliHarness.Result nine = CliHarness.run("tune", "--out", copy.toString(), "--beams", "9");
        assertEquals(ExitCodes.USAGE, nine.exitCode());
        assertTrue(nine.err().contains("--beams must be 1..8, got 9"), nine.err());
    }

    @Test
    void aRunWithOtherSettingsInTheSameDirectoryIsRefused() {
        CliHarness.Result other = CliHarness.run(args(dir.resolve("run"), "4"));
        assertNotEquals(0, other.exitCode());
        assertTrue(other.err().contains("other settings"), other.err());
    }

    private static String table(String out) {
        StringBuilder sb = new StringBuilder();
        out.lines().filter(l -> l.matches("^(nl2sql|scrape|scrape-config) +(base|adapter) .*"))
                .forEach(l -> sb.append(l.replaceAll("\\s+\\S+\\s+\\S+$", "")).append('\n')); // drop tok/s and train s
        return sb.toString();
    }
}
