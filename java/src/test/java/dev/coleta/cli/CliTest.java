package dev.coleta.cli;

import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufValue;
import dev.coleta.gguf.GgufWriter;
import dev.coleta.testing.GgufTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.commandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 8, "commands: " + paths);
        for (List<String> p : paths) {
            List<String> args = new ArrayList<>(p);
            args.add("--help");
            CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
            assertEquals(0, r.exitCode(), "help of " + p + ": " + r.err());
            assertTrue(r.out().contains("Usage:"), "help of " + p);
        }
    }

    private static void collect(CommandLine cl, List<String> prefix, List<List<String>> out) {
        out.add(prefix);
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(prefix);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        CliHarness.Result r = CliHarness.run("generate", "--prompt", "x");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().startsWith("coleta: error: Missing required option: '--model"), r.err());
        assertEquals(1, r.err().strip().lines().count());
        assertEquals(ExitCodes.USAGE, CliHarness.run("no-such-command").exitCode());
        assertEquals(ExitCodes.USAGE, CliHarness.run("model", "create", "--out", "x.gguf", "--layers", "many").exitCode());
    }

    /** model create --attn-std draws the four attention projections with that scale, and nothing else. */
    @Test
    void modelCreateScalesTheAttentionInit() {
        Path plain = dir.resolve("plain.gguf"), wide = dir.resolve("wide.gguf");
        String[] shape = {"--embd", "32", "--layers", "1", "--heads", "2", "--ff", "64", "--ctx", "64", "--seed", "5"};
        CliHarness.Result a = CliHarness.run(TrainCommandIT.concat(new String[] {"model", "create", "--out", plain.toString()}, shape));
        CliHarness.Result b = CliHarness.run(TrainCommandIT.concat(new String[] {"model", "create", "--out", wide.toString(), "--attn-std", "0.1"}, shape));
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        assertEquals(0.02, GgufTensors.std(plain, "blk.0.attn_k.weight"), 0.003);
        assertEquals(0.1, GgufTensors.std(wide, "blk.0.attn_k.weight"), 0.015);
        assertEquals(0.1, GgufTensors.std(wide, "blk.0.attn_output.weight"), 0.015);
        assertEquals(GgufTensors.std(plain, "blk.0.ffn_gate.weight"), GgufTensors.std(wide, "blk.0.ffn_gate.weight"), 1e-12);
        CliHarness.Result bad = CliHarness.run("model", "create", "--out", dir.resolve("bad.gguf").toString(), "--attn-std", "-1");
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad.err());
        assertTrue(bad.err().contains("attnStd must be in (0, 1]"), bad.err());
        assertTrue(!Files.exists(dir.resolve("bad.gguf")));
    }

    @Test
    void modelInfoReadsTheHeader() throws Exception {
        Path p = dir.resolve("m.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("llama")).put("llama.block_count", GgufValue.u32(2))
                .tensor("output_norm.weight", new long[] {8}, GgmlType.F32, o -> GgufWriter.writeF32(o, new float[8]))
                .write(p);
        CliHarness.Result r = CliHarness.run("model", "info", p.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("llama.block_count") && r.out().contains("architecture: llama"), r.out());
        CliHarness.Result j = CliHarness.run("model", "info", "--json", p.toString());
        assertEquals(0, j.exitCode());
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j.out());
        assertEquals(8, node.get("parameters").asLong());
        assertEquals("output_norm.weight", node.at("/tensors/0/name").asText());
    }

    @Test
    void modelInfoOnGarbageIsAnErrorLine() throws Exception {
        Path p = dir.resolve("junk.gguf");
        Files.writeString(p, "this is not a model");
        CliHarness.Result r = CliHarness.run("model", "info", p.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("coleta: error: ") && r.err().contains("not a GGUF file"), r.err());
        assertEquals(ExitCodes.BAD_INPUT, CliHarness.run("model", "info", dir.resolve("none.gguf").toString()).exitCode());
    }

    @Test
    void grammarJsonPrintsGbnf() throws Exception {
        Path s = dir.resolve("s.json");
        Files.writeString(s, "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");
        CliHarness.Result r = CliHarness.run("grammar", "json", "--schema", s.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("root ::="), r.out());
        dev.coleta.grammar.Grammar g = dev.coleta.grammar.Grammar.gbnf(r.out());
        assertTrue(g.accepts("{\"n\": 12}"));
        Files.writeString(s, "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"multipleOf\":3}}}");
        CliHarness.Result bad = CliHarness.run("grammar", "json", "--schema", s.toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode());
        assertTrue(bad.err().contains("multipleOf"), bad.err());
        assertFalse(bad.err().contains("\tat "), "no stack trace");
    }

    @Test
    void modelDownloadListsTheCatalogueAndRefusesUnverifiedFetches() {
        CliHarness.Result r = CliHarness.run("model", "download", "--list");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("llama-2-7b-chat-q4_k_m"), r.out());
        // no sha256 recorded and none given: refused before any network access
        CliHarness.Result d = CliHarness.run("model", "download", "llama-2-7b-chat-q4_k_m", "--out", dir.resolve("m.gguf").toString());
        assertEquals(ExitCodes.BAD_INPUT, d.exitCode());
        assertTrue(d.err().contains("sha256"), d.err());
        assertEquals(ExitCodes.BAD_INPUT, CliHarness.run("model", "download", "nope", "--out", "x").exitCode());
    }

    @Test
    void loraSpecParsing() {
        assertEquals(new LoraSpec(Path.of("a.gguf"), 1f), LoraSpec.parse("a.gguf"));
        assertEquals(new LoraSpec(Path.of("a.gguf"), 0.5f), LoraSpec.parse("a.gguf:0.5"));
        assertEquals(new LoraSpec(Path.of("C:dir/a.gguf"), 1f), LoraSpec.parse("C:dir/a.gguf"));
    }
}
