package dev.coleta.train;

import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cancel() stops after the current step and still writes a loadable output. */
class CancelIT {
    @TempDir
    Path dir;

    @Test
    void cancelStopsAfterTheCurrentStep() throws Exception {
        AtomicReference<Trainer> self = new AtomicReference<>();
        Trainer t = new Trainer(TrainOptions.defaults().withThreads(2).withEpochs(5), p -> { // 20 steps an epoch
            if (p.step() == 3) self.get().cancel();
        });
        self.set(t);
        Path out = dir.resolve("c.gguf");
        TrainResult r = t.train(TinyModels.tinyModel(), Path.of(getClass().getResource("/train/memorise-20.jsonl").toURI()), out);
        assertTrue(r.cancelled());
        assertEquals(3, r.steps());
        assertEquals(100, r.totalSteps());
        assertTrue(Files.size(out) > 0);
        try (var m = dev.coleta.llama.Model.load(TinyModels.tinyModel(), dev.coleta.llama.ModelOptions.defaults())) {
            m.loadAdapter(out).close();
        }
    }
}
