package dev.coleta.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.testing.TestAdapters;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliIT {
    @TempDir
    Path dir;

    @Test
    void createThenGenerateUnderASchema() throws Exception {
        Path model = dir.resolve("m.gguf");
        CliHarness.Result c = CliHarness.run("model", "create", "--out", model.toString(), "--preset", "tiny", "--layers", "2", "--seed", "5");
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().contains("created"), c.out());
        assertEquals(ExitCodes.BAD_INPUT, CliHarness.run("model", "create", "--out", model.toString()).exitCode(), "no silent overwrite");
        Path schema = dir.resolve("s.json");
        Files.writeString(schema, "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"maxLength\":10},\"pop\":{\"type\":\"integer\"}},\"required\":[\"city\",\"pop\"]}");
        CliHarness.Result g = CliHarness.run("generate", "--model", model.toString(), "--json-schema", schema.toString(),
                "--prompt", "City:", "--temp", "1", "--seed", "3", "--threads", "1", "--max-tokens", "200");
        assertEquals(0, g.exitCode(), g.err());
        JsonNode node = new ObjectMapper().readTree(g.out());
        assertTrue(node.get("city").isTextual() && node.get("pop").isIntegralNumber(), g.out());
    }

    @Test
    void generateWithGrammarFileLoraAndPromptFile() throws Exception {
        Path model = TinyModels.tinyModel();
        Path grammar = dir.resolve("g.gbnf");
        Files.writeString(grammar, "root ::= (\"yes\" | \"no\") \" \" [0-9]{1,3}");
        Path prompt = dir.resolve("p.txt");
        Files.writeString(prompt, "Answer:");
        CliHarness.Result r = CliHarness.run("generate", "--model", model.toString(), "--grammar-file", grammar.toString(),
                "--prompt-file", prompt.toString(), "--threads", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().strip().matches("(yes|no) [0-9]{1,3}"), r.out());
        Path lora = TestAdapters.randomAdapter(model, dir.resolve("l.gguf"), 4, 11, 0.3f);
        String base = CliHarness.run("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1").out();
        String adapted = CliHarness.run("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1",
                "--lora", lora + ":1.0").out();
        assertNotEquals(base, adapted);
        String zero = CliHarness.run("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1",
                "--lora", lora + ":0").out();
        assertEquals(base, zero);
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        Path model = TinyModels.tinyModel();
        Path badGrammar = dir.resolve("bad.gbnf");
        Files.writeString(badGrammar, "root ::= \"unterminated");
        CliHarness.Result r = CliHarness.run("generate", "--model", model.toString(), "--grammar-file", badGrammar.toString(), "--prompt", "x");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("coleta: error: invalid GBNF grammar"), r.err());
        r = CliHarness.run("generate", "--model", model.toString(), "--ctx", "256", "--prompt", "word ".repeat(400));
        assertEquals(ExitCodes.FAILURE, r.exitCode());
        assertTrue(r.err().contains("does not fit the context"), r.err());
        r = CliHarness.run("generate", "--model", model.toString(), "--lora", TinyModels.vocab().toString(), "--prompt", "x");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
    }

    @Test
    void wrapperScriptRunsTheShadedJar() throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../scripts/coleta").normalize();
        Process p = new ProcessBuilder(script.toString(), "model", "info", "--json", TinyModels.tinyModel().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(9_045_120L, new ObjectMapper().readTree(out).get("parameters").asLong());
        Process bad = new ProcessBuilder(script.toString(), "generate", "--model", dir.resolve("none.gguf").toString(), "--prompt", "x").start();
        String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
        assertEquals(ExitCodes.BAD_INPUT, bad.exitValue());
        assertEquals("coleta: error: model file not found: " + dir.resolve("none.gguf"), err.strip());
    }
}
