package dev.coleta.train;

import dev.coleta.TrainingException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;
import dev.coleta.testing.GgufTensors;
import dev.coleta.testing.TinyModels;
import dev.coleta.train.data.Example;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Options whose effect needs the trainer: what they change, against a value worked out by hand. */
class TrainOptionsIT {
    @TempDir
    Path dir;

    static final List<Example> ONE = List.of(new Example.PromptCompletion("The capital of France is", " Paris."));

    /**
     * One AdamW step from a fresh adapter. lora_b starts at zero, so lora_a's gradient is zero
     * and Adam moves it by nothing; decoupled weight decay (ggml's opt_step_adamw:
     * {@code w = w * (1 - alpha * wd) - alpha * mh / vh}) still scales it by {@code 1 - lr * wd}.
     * lora_b's step does not depend on the decay (it starts at zero).
     */
    @Test
    void weightDecayScalesLoraAByOneMinusLrTimesDecayOnTheFirstStep() throws Exception {
        float lr = 0.1f;
        float wd = 0.5f;
        TrainOptions o = TrainOptions.defaults().withLearningRate(lr).withWarmupSteps(0).withEpochs(1).withMaxSteps(1)
                .withThreads(2).withSeed(5);
        Path plain = dir.resolve("plain.gguf");
        Path decayed = dir.resolve("decayed.gguf");
        assertEquals(1, new Trainer(o).train(TinyModels.tinyModel(), ONE, plain).steps());
        assertEquals(1, new Trainer(o.withWeightDecay(wd)).train(TinyModels.tinyModel(), ONE, decayed).steps());
        GgufFile p = GgufFile.read(plain);
        GgufFile d = GgufFile.read(decayed);
        float keep = 1f - lr * wd;
        int loraA = 0;
        for (TensorInfo t : p.tensors()) {
            float[] before = GgufTensors.floats(p, t.name());
            float[] after = GgufTensors.floats(d, t.name());
            if (t.name().endsWith(".lora_a")) {
                loraA++;
                for (int i = 0; i < before.length; i++) assertEquals(before[i] * keep, after[i], 1e-7f, t.name() + "[" + i + "]");
            } else {
                assertArrayEquals(before, after, 1e-6f, t.name());
            }
        }
        assertEquals(4 * 7, loraA, "seven projections in each of four layers");
    }

    /**
     * beta2 reaches ggml's AdamW, checked against the update worked out by hand. lora_a's
     * gradient is zero on the first step (lora_b starts at zero), so its moments are zero until
     * step 2, whose gradient g is the same in both runs (a first Adam step is lr * sign(g) with any
     * beta2). Step 2 then moves each element by lr * (0.1 / 0.19) * sign(g) * sqrt(1 + beta2)
     * (bias-corrected: m = 0.1 g / (1 - 0.9^2), v = (1 - beta2) g^2 / (1 - beta2^2)), so the two
     * runs' moves differ by sqrt(1.5 / 1.999) in every element.
     */
    @Test
    void beta2ScalesTheSecondStepAsAdamsBiasCorrectionSays() throws Exception {
        TrainOptions o = TrainOptions.defaults().withLearningRate(0.01f).withWarmupSteps(0).withEpochs(2).withMaxSteps(2)
                .withMinStepsPerEpoch(1).withThreads(2).withSeed(5);
        assertEquals(0.999f, o.beta2(), "ggml's default");
        Path start = dir.resolve("start.gguf");
        Path slow = dir.resolve("slow.gguf");
        Path fast = dir.resolve("fast.gguf");
        assertEquals(1, new Trainer(o.withMaxSteps(1)).train(TinyModels.tinyModel(), ONE, start).steps());
        assertEquals(2, new Trainer(o).train(TinyModels.tinyModel(), ONE, slow).steps());
        assertEquals(2, new Trainer(o.withBeta2(0.5f)).train(TinyModels.tinyModel(), ONE, fast).steps());
        GgufFile s0 = GgufFile.read(start);
        GgufFile s1 = GgufFile.read(slow);
        GgufFile s2 = GgufFile.read(fast);
        // the whole move, for an element whose gradient is far above AdamW's eps (1e-8)
        double lr2 = o.learningRateAt(1, 2);
        double fullSlow = lr2 * (0.1 / 0.19) * Math.sqrt(1.999);
        double fullFast = lr2 * (0.1 / 0.19) * Math.sqrt(1.5);
        int checked = 0;
        for (TensorInfo t : s0.tensors()) {
            if (!t.name().endsWith(".lora_a")) continue;
            float[] a0 = GgufTensors.floats(s0, t.name());
            float[] a1 = GgufTensors.floats(s1, t.name());
            float[] a2 = GgufTensors.floats(s2, t.name());
            for (int i = 0; i < a0.length; i++) {
                double moveSlow = Math.abs(a1[i] - a0[i]);
                assertTrue(moveSlow <= fullSlow * 1.001, t.name() + "[" + i + "] moved " + moveSlow);
                if (moveSlow < fullSlow * 0.999) continue; // a gradient near eps moves less, in both runs
                assertEquals(fullFast, Math.abs(a2[i] - a0[i]), fullFast * 2e-3, t.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 1000, "elements checked: " + checked);
    }

    /** An example longer than the window: left out by default, cut to the window with truncateTooLong. */
    @Test
    void truncateTooLongKeepsTheStartOfALongExample() {
        Example longOne = new Example.PromptCompletion("Words:", " apple".repeat(400));
        Example shortOne = new Example.PromptCompletion("The capital of France is", " Paris.");
        TrainOptions o = TrainOptions.defaults().withContextSize(256).withThreads(2);
        Path model = TinyModels.tinyModel();
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(o).evaluate(model, null, List.of(longOne)));
        assertTrue(e.getMessage().contains("no example fits a window of 256 tokens"), e.getMessage());
        double cut = new Trainer(o.withTruncateTooLong(true)).evaluate(model, null, List.of(longOne));
        assertTrue(Double.isFinite(cut) && cut > 0, "loss of the cut example: " + cut);
        // an example that fits is evaluated the same either way
        assertEquals(new Trainer(o).evaluate(model, null, List.of(shortOne)),
                new Trainer(o.withTruncateTooLong(true)).evaluate(model, null, List.of(shortOne)), 1e-9);
    }
}
