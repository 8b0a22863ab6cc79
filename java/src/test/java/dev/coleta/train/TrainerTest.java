package dev.coleta.train;

import dev.coleta.DatasetException;
import dev.coleta.TrainingException;
import dev.coleta.train.data.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad input fails with a clear message before any native code runs. */
class TrainerTest {
    @TempDir
    Path dir;

    @Test
    void missingFilesAreNamed() throws Exception {
        Trainer t = new Trainer(TrainOptions.defaults());
        Path data = Files.writeString(dir.resolve("d.jsonl"), "{\"prompt\":\"a\",\"completion\":\"b\"}\n");
        TrainingException e = assertThrows(TrainingException.class, () -> t.train(dir.resolve("none.gguf"), data, dir.resolve("o.gguf")));
        assertTrue(e.getMessage().contains("none.gguf"), e.getMessage());
        Path model = Files.writeString(dir.resolve("m.gguf"), "x");
        assertThrows(DatasetException.class, () -> t.train(model, dir.resolve("missing.jsonl"), dir.resolve("o.gguf")));
        TrainingException noDir = assertThrows(TrainingException.class,
                () -> t.train(model, List.<Example>of(new Example.PromptCompletion("a", "b")), dir.resolve("no/such/dir/o.gguf")));
        assertTrue(noDir.getMessage().contains("output directory"), noDir.getMessage());
    }

    @Test
    void sidecarFilesSitNextToTheOutput() {
        Path out = dir.resolve("adapter.gguf");
        assertEquals(dir.resolve("adapter.gguf.log.jsonl"), Trainer.logPath(out));
        assertEquals(dir.resolve("adapter.gguf.loss.png"), Trainer.plotPath(out));
        assertEquals(dir.resolve("adapter.gguf.ckpt"), Trainer.checkpointDir(out));
    }

    /**
     * A data file with malformed lines: by default the first one stops training, naming the
     * file and line; with skipMalformed reading goes on to the next check (here the missing
     * model), which only a run past the data can reach.
     */
    @Test
    void skipMalformedDecidesWhetherABadLineStopsTraining() throws Exception {
        Path data = Path.of("src/test/resources/train/pairs-malformed.jsonl");
        Path noModel = dir.resolve("none.gguf");
        DatasetException e = assertThrows(DatasetException.class,
                () -> new Trainer(TrainOptions.defaults()).train(noModel, data, dir.resolve("o.gguf")));
        assertTrue(e.getMessage().contains("pairs-malformed.jsonl:3: "), e.getMessage());
        TrainingException past = assertThrows(TrainingException.class,
                () -> new Trainer(TrainOptions.defaults().withSkipMalformed(true)).train(noModel, data, dir.resolve("o.gguf")));
        assertTrue(past.getMessage().contains("model file not found"), past.getMessage());
    }
}
