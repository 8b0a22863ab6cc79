package dev.coleta.train;

import dev.coleta.cli.CliHarness;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 during training loses at most the steps since the last checkpoint, and {@code coleta
 * train --resume} then continues exactly: the adapter it writes is byte for byte the one an
 * uninterrupted run writes. Exact, not approximate: the CPU backend is deterministic for a fixed
 * thread count, the checkpoint holds AdamW's moments and step, and the data order is seeded per
 * epoch, so any drift means the resume lost or changed state.
 */
class ResumeIT {
    @TempDir
    Path dir;

    /** The options the CLI arguments below produce (CLI defaults equal {@link TrainOptions#defaults()}). */
    static final TrainOptions OPTIONS = TrainOptions.defaults().withThreads(2).withEpochs(2).withLearningRate(3e-3f)
            .withCheckpointEvery(4).withSeed(5);
    // 20 examples are 20 steps per epoch (one per window, TrainOptions.minStepsPerEpoch): the kill
    // and the last checkpoint before it fall in the second epoch, whose order the resume must redraw
    static final int CHECKPOINT = 24;
    static final int KILL_AT = 26;

    @Test
    void killedRunResumedByTheCliEqualsAnUninterruptedRun() throws Exception {
        Path model = TinyModels.tinyModel();
        Path data = Path.of(getClass().getResource("/train/memorise-20.jsonl").toURI());

        Path straightOut = dir.resolve("straight.gguf");
        TrainResult straight = new Trainer(OPTIONS).train(model, data, straightOut);
        assertTrue(straight.steps() > KILL_AT, "the run must outlast the kill: " + straight.steps() + " steps");

        // the same run in another JVM that SIGKILLs itself right after step 26 (checkpoint at 24)
        Path out = dir.resolve("killed.gguf");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String nativeDir = System.getProperty("coleta.native.dir");
        if (nativeDir != null) cmd.add("-Dcoleta.native.path=" + nativeDir);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KillAtStep.class.getName(),
                model.toString(), data.toString(), out.toString(), Integer.toString(KILL_AT)));
        Path childLog = dir.resolve("child.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child ends by killing itself");
        assertEquals(128 + 9, p.exitValue(), "the child died of SIGKILL; its log: " + Files.readString(childLog));

        assertFalse(Files.exists(out), "no half-written output after kill -9");
        assertEquals(KILL_AT, Files.readAllLines(Trainer.logPath(out)).size(), "the log had reached the kill");
        Trainer.Checkpoint c = Trainer.Checkpoint.read(Trainer.checkpointDir(out));
        assertEquals(CHECKPOINT, c.step(), "the last checkpoint before the kill");
        try (Model m = Model.load(model, ModelOptions.defaults())) {
            m.loadAdapter(c.weights()).close(); // the checkpoint's adapter is complete: llama.cpp loads it
        }

        CliHarness.Result r = CliHarness.run("train", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--threads", "2", "--epochs", "2", "--lr", "3e-3", "--checkpoint-every", "4",
                "--seed", "5", "--quiet", "--resume");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("resumed from step " + CHECKPOINT), r.out());
        assertTrue(r.out().contains("trained " + straight.steps() + "/" + straight.steps() + " steps"), r.out());

        assertArrayEquals(Files.readAllBytes(straightOut), Files.readAllBytes(out),
                "the resumed adapter is the uninterrupted run's, byte for byte");
        List<String> straightLog = losses(Trainer.logPath(straightOut));
        List<String> resumedLog = losses(Trainer.logPath(out));
        assertEquals(straightLog, resumedLog, "every step once, with the uninterrupted run's losses and rates");
    }

    @Test
    void resumeWithoutACheckpointStartsAfresh() throws Exception {
        Path model = TinyModels.tinyModel();
        Path data = Path.of(getClass().getResource("/train/memorise-20.jsonl").toURI());
        TrainOptions o = OPTIONS.withMaxSteps(3).withCheckpointEvery(0);
        Path fresh = dir.resolve("fresh.gguf");
        Path resumed = dir.resolve("resumed.gguf");
        new Trainer(o).train(model, data, fresh);
        TrainResult r = new Trainer(o.withResume(true)).train(model, data, resumed);
        assertEquals(0, r.resumedFrom());
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(resumed));
    }

    /** The log's lines without the throughput, which is wall-clock. */
    static List<String> losses(Path log) throws Exception {
        return Files.readAllLines(log).stream().map(l -> l.replaceAll(",\"tokens_per_s\":[^,}]*", "")).toList();
    }
}
