package dev.coleta.train;

import dev.coleta.llama.NativeLibrary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Folds LoRA adapters into a model's weights ({@code W += scale * alpha/rank * B.A}), keeping
 * each tensor's type (quantised tensors are dequantised, merged and quantised again). The
 * result loads like any model and needs no adapter at inference.
 */
public final class LoraMerge {
    /** One adapter and the scale to merge it with (1 = as trained). */
    public record Scaled(Path adapter, float scale) {
        public Scaled {
            Objects.requireNonNull(adapter, "adapter");
            if (!Float.isFinite(scale)) throw new IllegalArgumentException("scale must be finite, got " + scale);
        }
    }

    private LoraMerge() {
    }

    /** Writes {@code model} with {@code adapters} merged to {@code out} (atomically: temp file, then rename). */
    public static void merge(Path model, List<Scaled> adapters, Path out) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(out, "out");
        if (adapters.isEmpty()) throw new IllegalArgumentException("give at least one adapter to merge");
        if (!Files.isRegularFile(model)) throw new dev.coleta.ModelLoadException("model file not found: " + model);
        String[] paths = new String[adapters.size()];
        float[] scales = new float[adapters.size()];
        for (int i = 0; i < paths.length; i++) {
            Path a = adapters.get(i).adapter();
            if (!Files.isRegularFile(a)) throw new dev.coleta.ModelLoadException("adapter file not found: " + a);
            paths[i] = a.toString();
            scales[i] = adapters.get(i).scale();
        }
        NativeLibrary.check(NativeTrainer.lib().coleta_lora_merge(model.toString(), paths, scales, paths.length, out.toString()),
                "cannot merge into " + out);
    }
}
