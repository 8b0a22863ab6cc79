package dev.coleta.train;

import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kill -9 during training loses at most the steps since the last checkpoint; --resume continues exactly. */
class ResumeIT {
    @TempDir
    Path dir;

    static final TrainOptions OPTIONS = TrainOptions.defaults().withThreads(2).withEpochs(12).withLearningRate(3e-3f)
            .withCheckpointEvery(4).withSeed(5);

    @Test
    void killedRunResumesToTheSameLoss() throws Exception {
        Path model = TinyModels.tinyModel();
        Path data = Path.of(getClass().getResource("/train/memorise-20.jsonl").toURI());

        TrainResult straight = new Trainer(OPTIONS).train(model, data, dir.resolve("straight.gguf"));

        // the same run in another JVM, killed with SIGKILL once a checkpoint past step 8 exists
        Path out = dir.resolve("killed.gguf");
        Path ckpt = Trainer.checkpointDir(out).resolve("checkpoint.json");
        Path jar = Path.of(System.getProperty("coleta.jar", "target/coleta.jar"));
        assertTrue(Files.isRegularFile(jar), "the CLI jar is built before integration tests: " + jar);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String nativeDir = System.getProperty("coleta.native.dir");
        if (nativeDir != null) cmd.add("-Dcoleta.native.path=" + nativeDir);
        cmd.addAll(List.of("-jar", jar.toString(), "train", "--model", model.toString(), "--data", data.toString(),
                "--out", out.toString(), "--threads", "2", "--epochs", "12", "--lr", "3e-3", "--checkpoint-every", "4",
                "--seed", "5", "--quiet"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int step = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.isRegularFile(ckpt)) {
                String json = Files.readString(ckpt, StandardCharsets.UTF_8);
                step = Integer.parseInt(json.replaceAll(".*\"step\":(\\d+).*", "$1"));
                if (step >= 8) break;
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the child was still training when killed; its log: " + Files.readString(dir.resolve("child.log")));
        p.destroyForcibly(); // SIGKILL
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(step >= 8 && step < straight.steps(), "killed mid-run at checkpoint " + step);
        assertFalse(Files.exists(out), "no half-written output after kill -9");

        // the checkpoint's adapter is complete: llama.cpp loads it
        Trainer.Checkpoint c = Trainer.Checkpoint.read(Trainer.checkpointDir(out));
        try (Model m = Model.load(model, ModelOptions.defaults())) {
            m.loadAdapter(c.weights()).close();
        }

        TrainResult resumed = new Trainer(OPTIONS.withResume(true)).train(model, data, out);
        assertTrue(resumed.resumedFrom() >= 8, "resumed from " + resumed.resumedFrom());
        assertEquals(straight.steps(), resumed.steps());
        assertEquals(straight.finalTrainLoss(), resumed.finalTrainLoss(), 1e-3 + 0.01 * straight.finalTrainLoss(),
                "same final loss as the uninterrupted run");
        assertEquals(straight.steps(), Files.readAllLines(resumed.log()).size(), "the log holds every step once");
    }
}
