package dev.coleta.train;

import dev.coleta.testing.TinyModels;
import dev.coleta.train.data.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Masked positions get no gradient (llama.cpp patch 0001); unmasked ones train. */
class MaskingIT {
    @TempDir
    Path dir;

    static Window window(int n, boolean masked, int from) {
        int[] tokens = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) tokens[i] = 300 + (i * 7) % 50;
        for (int i = 0; i < n; i++) labels[i] = masked || i < from ? -1 : tokens[(i + 1) % n];
        return new Window(tokens, labels);
    }

    void allMaskedWindowChangesNoWeight(TrainOptions o) throws Exception {
        try (NativeTrainer t = new NativeTrainer(TinyModels.tinyModel(), null, o)) {
            int n = t.contextSize();
            Path before = dir.resolve("before.gguf");
            Path masked = dir.resolve("masked.gguf");
            Path trained = dir.resolve("trained.gguf");
            t.save(before);
            assertEquals(0.0, t.step(window(n, true, 0), 1e-2f));
            t.save(masked);
            assertArrayEquals(Files.readAllBytes(before), Files.readAllBytes(masked), "an all-masked step changes no weight");
            double first = t.step(window(n, false, n / 2), 1e-2f);
            t.save(trained);
            assertFalse(Arrays.equals(Files.readAllBytes(before), Files.readAllBytes(trained)), "an unmasked step does train");
            double later = first;
            for (int i = 0; i < 5; i++) later = t.step(window(n, false, n / 2), 1e-2f);
            assertTrue(later < first, "the loss on unmasked tokens falls: " + first + " -> " + later);
        }
    }

    @Test
    void loraAllMaskedWindowChangesNoWeight() throws Exception {
        allMaskedWindowChangesNoWeight(TrainOptions.defaults().withThreads(2));
    }

    @Test
    void fullAllMaskedWindowChangesNoWeight() throws Exception {
        allMaskedWindowChangesNoWeight(TrainOptions.defaults().withThreads(2).withFull(true));
    }

    @Test
    void lossIsPerUnmaskedToken() {
        // the same tokens scored on half or on all positions give comparable per-token losses
        // (llama.cpp divides by every position; the shim rescales to unmasked ones)
        try (NativeTrainer t = new NativeTrainer(TinyModels.tinyModel(), null, TrainOptions.defaults().withThreads(2))) {
            int n = t.contextSize();
            double half = t.eval(window(n, false, n / 2));
            double all = t.eval(window(n, false, 0));
            assertTrue(Math.abs(half - all) < 0.5, half + " vs " + all);
            assertTrue(half > 5, "a random model is near ln(32000) ~ 10.4 per token: " + half);
        }
    }

    @Test
    void badWindowsAreRejectedWithoutACrash() {
        try (NativeTrainer t = new NativeTrainer(TinyModels.tinyModel(), null, TrainOptions.defaults().withThreads(2))) {
            int n = t.contextSize();
            assertThrows(IllegalArgumentException.class, () -> t.step(new Window(new int[3], new int[3]), 1e-3f));
            int[] tokens = new int[n];
            int[] labels = new int[n];
            Arrays.fill(labels, -1);
            labels[5] = 999_999;
            assertThrows(IllegalArgumentException.class, () -> t.step(new Window(tokens, labels), 1e-3f));
            tokens[0] = -4;
            labels[5] = 1;
            assertThrows(IllegalArgumentException.class, () -> t.eval(new Window(tokens, labels)));
        }
    }
}
