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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        String base = ok("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1").out();
        String adapted = ok("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1",
                "--lora", lora + ":1.0").out();
        assertNotEquals(base, adapted);
        String zero = ok("generate", "--model", model.toString(), "--prompt", "Hi", "--max-tokens", "10", "--threads", "1",
                "--lora", lora + ":0").out();
        assertEquals(base, zero);
        assertTrue(base.strip().length() > 0, "the base run generated text: " + base);
    }

    @Test
    void generateWithBeamsPrintsTheLibrarysBeamSearch() throws Exception {
        Path model = TinyModels.tinyModel();
        Path grammar = dir.resolve("n.gbnf");
        String gbnf = "root ::= \"n\" [0-9]{1,4} \";\"";
        Files.writeString(grammar, gbnf);
        CliHarness.Result r = ok("generate", "--model", model.toString(), "--grammar-file", grammar.toString(), "--prompt", "Count:",
                "--beams", "4", "--threads", "1", "--ctx", "256");
        String expected;
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(model);
             dev.coleta.llama.Session s = m.newSession(dev.coleta.llama.SessionOptions.defaults().withContextSize(256).withThreads(1)
                     .withBeamSearch(true))) {
            expected = s.generate("Count:", dev.coleta.llama.GenerateOptions.defaults().withGrammar(dev.coleta.grammar.Grammar.gbnf(gbnf))
                    .withBeams(4)).text();
        }
        assertEquals(expected + "\n", r.out());
        assertTrue(expected.matches("n[0-9]{1,4};"), expected);
        CliHarness.Result sampled = CliHarness.run("generate", "--model", model.toString(), "--prompt", "Count:", "--beams", "2",
                "--temp", "0.8", "--threads", "1");
        assertEquals(ExitCodes.USAGE, sampled.exitCode());
        assertTrue(sampled.err().contains("--beams needs greedy decoding"), sampled.err());
        CliHarness.Result zero = CliHarness.run("generate", "--model", model.toString(), "--prompt", "Count:", "--beams", "0");
        assertEquals(ExitCodes.USAGE, zero.exitCode());
        assertTrue(zero.err().contains("--beams must be 1..8, got 0"), zero.err());
    }

    /** Runs the CLI; the run must succeed. */
    static CliHarness.Result ok(String... args) {
        CliHarness.Result r = CliHarness.run(args);
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    @Test
    void versionNamesTheJarAndTheNativeLibrary() {
        CliHarness.Result r = ok("--version");
        String[] lines = r.out().strip().split("\\R");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].matches("coleta \\S+"), lines[0]);
        String build = dev.coleta.llama.NativeLibrary.cpuVariant().map(dev.coleta.llama.CpuVariant::id).orElse("named by path");
        assertEquals(dev.coleta.llama.NativeLibrary.version() + "; CPU build " + build, lines[1]);
        assertFalse(lines[1].startsWith("native library not loadable"), lines[1]);
    }

    /** The greedy text the library generates for {@code prompt} on the tiny model. */
    static dev.coleta.llama.Generation library(String prompt, int maxTokens, java.util.List<String> stop) {
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(TinyModels.tinyModel());
             dev.coleta.llama.Session s = m.newSession(dev.coleta.llama.SessionOptions.defaults().withThreads(1))) {
            return s.generate(prompt, dev.coleta.llama.GenerateOptions.defaults().withMaxTokens(maxTokens).withStop(stop));
        }
    }

    @Test
    void generateChatStopAndStats() {
        Path model = TinyModels.tinyModel();
        String chatPrompt;
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(model)) {
            chatPrompt = m.chatPrompt(null, "Name a city");
        }
        assertTrue(chatPrompt.contains("[INST]") && chatPrompt.contains("Name a city"), chatPrompt);
        CliHarness.Result chat = ok("generate", "--model", model.toString(), "--prompt", "Name a city", "--chat", "--max-tokens", "12",
                "--threads", "1");
        CliHarness.Result raw = ok("generate", "--model", model.toString(), "--prompt", "Name a city", "--max-tokens", "12", "--threads", "1");
        assertEquals(library(chatPrompt, 12, java.util.List.of()).text() + "\n", chat.out(), "--chat wraps the prompt in the template");
        assertNotEquals(chat.out(), raw.out());

        String full = library("Once upon a time", 40, java.util.List.of()).text();
        String stop = full.substring(5, 8);
        CliHarness.Result stopped = ok("generate", "--model", model.toString(), "--prompt", "Once upon a time", "--max-tokens", "40",
                "--threads", "1", "--stop", "no such text", "--stop", stop, "--stats");
        assertEquals(full.substring(0, full.indexOf(stop)) + "\n", stopped.out());
        int promptTokens;
        try (dev.coleta.llama.Model m = dev.coleta.llama.Model.load(model)) {
            promptTokens = m.tokenize("Once upon a time", true).length;
        }
        dev.coleta.llama.Generation g = library("Once upon a time", 40, java.util.List.of(stop));
        assertTrue(stopped.err().startsWith("prompt " + promptTokens + " tokens, generated " + g.generatedTokens() + " tokens, ")
                && stopped.err().contains("stop: STOP_STRING"), stopped.err());
        assertFalse(raw.err().contains("tokens/s"), "no stats without --stats: " + raw.err());
    }

    @Test
    void modelCreateForceAndInfoTensors() throws Exception {
        Path model = dir.resolve("m.gguf");
        ok("model", "create", "--out", model.toString(), "--embd", "64", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "128",
                "--seed", "1");
        byte[] first = Files.readAllBytes(model);
        CliHarness.Result refused = CliHarness.run("model", "create", "--out", model.toString(), "--embd", "64", "--layers", "1", "--seed", "2");
        assertEquals(ExitCodes.BAD_INPUT, refused.exitCode());
        assertTrue(refused.err().contains("pass --force to overwrite it"), refused.err());
        assertArrayEquals(first, Files.readAllBytes(model), "refused: the file is untouched");
        CliHarness.Result forced = ok("model", "create", "--out", model.toString(), "--embd", "64", "--layers", "2", "--heads", "2", "--ff",
                "64", "--ctx", "128", "--seed", "2", "--force");
        assertTrue(forced.out().contains("2 layers"), forced.out());
        dev.coleta.gguf.GgufFile g = dev.coleta.gguf.GgufFile.read(model);
        assertEquals(2, g.integer("llama.block_count", -1), "--force wrote the new model");

        CliHarness.Result info = ok("model", "info", model.toString(), "--tensors");
        String listing = info.out().substring(info.out().indexOf("tensors:\n") + "tensors:\n".length());
        java.util.List<String> rows = listing.lines().toList();
        assertEquals(g.tensors().size(), rows.size(), listing);
        for (int i = 0; i < rows.size(); i++) {
            dev.coleta.gguf.TensorInfo t = g.tensors().get(i);
            assertEquals(java.util.List.of(t.name(), t.type().name(), java.util.Arrays.toString(t.dims())),
                    java.util.List.of(rows.get(i).strip().split("\\s+", 3)), rows.get(i));
        }
        assertFalse(ok("model", "info", model.toString()).out().contains("tensors:"), "no listing without --tensors");
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
