package dev.coleta.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.cli.CliHarness;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlExample;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta tune --model FILE}: adapters on a given model, trained on the prompts its own template makes. */
class TuneModelIT {
    @TempDir
    Path dir;

    @Test
    void tunesAdaptersOnTheGivenModelWithItsOwnChatTemplate() throws Exception {
        Path model = TinyModels.tinyModel(); // Llama 2's vocabulary and chat template
        Path out = dir.resolve("run");
        CliHarness.Result r = CliHarness.run("tune", "--out", out.toString(), "--model", model.toString(), "--tasks", "nl2sql",
                "--threads", "2", "--quiet", "--no-eval-base", "--ctx", "1024", "--questions", "40", "--pages", "4", "--eval-n", "3",
                "--lora-tokens", "4096");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertFalse(Files.exists(out.resolve("base")), "no base is created or crammed");
        assertTrue(Files.size(out.resolve("adapters/nl2sql.gguf")) > 0);
        assertTrue(Files.isRegularFile(out.resolve("eval/nl2sql-adapter.json")));
        assertFalse(Files.exists(out.resolve("adapters/scrape.gguf")), "--tasks nl2sql tunes nl2sql only");

        // the first training prompt is exactly the prompt Nl2Sql builds at inference with this model
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(Files.readAllLines(out.resolve("data/nl2sql-train.examples.jsonl")).get(0));
        Nl2SqlExample e = TuneData.nl2sql(out.resolve("data"), "train").get(0);
        try (Model m = Model.load(model, ModelOptions.defaults());
             Session s = m.newSession(SessionOptions.defaults().withContextSize(1024))) {
            String inference = new Nl2Sql(s, TuneData.nl2sqlOptions(TunePlan.forBudget(java.time.Duration.ofMinutes(15)))).prompt(e.db(), e.question());
            assertEquals(inference, first.get("prompt").asText());
            assertTrue(inference.contains("[INST]") && inference.contains("[/INST]"), "Llama 2's template: " + inference);
        }
        assertEquals(e.sql(), first.get("completion").asText());
    }
}
