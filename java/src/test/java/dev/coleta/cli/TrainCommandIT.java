package dev.coleta.cli;

import dev.coleta.testing.TinyModels;
import dev.coleta.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta train}, {@code coleta lora merge} and {@code coleta model quantize}, run in-process. */
class TrainCommandIT {
    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(TrainCommandIT.class.getResource("/train/" + name).toURI());
    }

    @Test
    void trainsWithProgressThenMergesAndQuantizes() throws Exception {
        Path model = TinyModels.tinyModel();
        Path out = dir.resolve("a.gguf");
        CliHarness.Result r = CliHarness.run("train", "--model", model.toString(), "--data", resource("memorise-20.jsonl").toString(),
                "--out", out.toString(), "--max-steps", "6", "--threads", "2", "--rank", "4", "--targets", "q,v", "--eval-split", "0.1",
                "--checkpoint-every", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("trained 6/6 steps") && r.out().contains("eval loss"), r.out());
        assertTrue(r.err().contains("train") && r.err().contains("loss"), "progress bar on stderr: " + r.err());
        assertTrue(Files.size(out) > 0 && Files.isRegularFile(Trainer.plotPath(out)));
        assertEquals(6, Files.readAllLines(Trainer.logPath(out)).size());
        assertTrue(Files.isRegularFile(Trainer.checkpointDir(out).resolve("checkpoint.json")));

        Path merged = dir.resolve("merged.gguf");
        CliHarness.Result m = CliHarness.run("lora", "merge", "--model", model.toString(), "--lora", out + ":0.5", "--out", merged.toString());
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(Files.size(merged) > Files.size(out));

        StringWriter qout = new StringWriter();
        CommandLine q = new CommandLine(new ModelQuantizeCommand());
        q.setOut(new PrintWriter(qout, true));
        Path q8 = dir.resolve("q8.gguf");
        assertEquals(0, q.execute("--in", model.toString(), "--out", q8.toString(), "--type", "q8_0", "--threads", "2"));
        assertTrue(Files.size(q8) < Files.size(model) / 2, "q8_0 is much smaller than f32");
    }

    @Test
    void malformedDataIsOneErrorLineNamingTheLine() throws Exception {
        CliHarness.Result r = CliHarness.run("train", "--model", TinyModels.tinyModel().toString(), "--data",
                resource("pairs-malformed.jsonl").toString(), "--out", dir.resolve("x.gguf").toString(), "--threads", "2");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("pairs-malformed.jsonl:3:"), r.err());

        CliHarness.Result skip = CliHarness.run("train", "--model", TinyModels.tinyModel().toString(), "--data",
                resource("pairs-malformed.jsonl").toString(), "--out", dir.resolve("y.gguf").toString(), "--threads", "2",
                "--skip-malformed", "--max-steps", "1", "--quiet");
        assertEquals(0, skip.exitCode(), skip.err());
        assertTrue(skip.out().contains("skipped 3 malformed line(s)"), skip.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliHarness.Result r = CliHarness.run("train", "--model", "m.gguf", "--data", "d.jsonl", "--out", "o.gguf", "--targets", "q,zz");
        assertTrue(r.exitCode() != 0 && r.err().contains("zz"), r.err());
        CliHarness.Result q = CliHarness.run("lora", "merge", "--model", "missing.gguf", "--lora", "a.gguf", "--out", "o.gguf");
        assertEquals(ExitCodes.BAD_INPUT, q.exitCode(), q.err());
    }
}
