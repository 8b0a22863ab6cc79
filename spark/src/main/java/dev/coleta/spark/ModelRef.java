package dev.coleta.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which model the executors load, and how: a serialisable description sent with the job. The
 * model itself is loaded once per executor JVM (see {@link ColetaSpark}) and shared by every
 * task there; two {@code ModelRef}s that are equal share one loaded model.
 *
 * <p>{@code path} (and each adapter's) is resolved on the executor: a file at that path (a
 * path every executor can read, e.g. a shared mount), else the file of that name shipped with
 * the job ({@code spark-submit --files}, {@code SparkContext.addFile}, read with
 * {@code SparkFiles.get}).
 *
 * @param path        GGUF model file
 * @param adapters    LoRA adapters applied to every session, in order (default none)
 * @param contextSize tokens per session, 64 to 2^20 (default 2048)
 * @param threads     CPU threads per session, 1 to 1024 (default 1: Spark already runs one task
 *                    per executor core, each with its own session)
 * @param gpuLayers   layers offloaded to a GPU on CUDA builds, 0 or more (default 0)
 */
public record ModelRef(String path, List<Adapter> adapters, int contextSize, int threads, int gpuLayers) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * A LoRA adapter and its scale.
     *
     * @param path  adapter GGUF file, resolved like the model's
     * @param scale its weight (1.0: as trained)
     */
    public record Adapter(String path, float scale) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Adapter {
            if (path == null || path.isBlank()) throw new IllegalArgumentException("adapter path is blank");
            if (!Float.isFinite(scale)) throw new IllegalArgumentException("adapter scale must be finite, got " + scale);
        }
    }

    public ModelRef {
        if (path == null || path.isBlank()) throw new IllegalArgumentException("model path is blank");
        if (adapters == null) throw new IllegalArgumentException("adapters is null");
        adapters = List.copyOf(adapters);
        if (contextSize < 64 || contextSize > 1 << 20) throw new IllegalArgumentException("contextSize must be in [64, 2^20], got " + contextSize);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
        if (gpuLayers < 0) throw new IllegalArgumentException("gpuLayers must be >= 0, got " + gpuLayers);
    }

    /** The model at {@code path} with the defaults above. */
    public static ModelRef of(String path) {
        return new ModelRef(path, List.of(), 2048, 1, 0);
    }

    /** This reference with one more adapter. */
    public ModelRef withAdapter(String adapterPath, float scale) {
        List<Adapter> more = new ArrayList<>(adapters);
        more.add(new Adapter(adapterPath, scale));
        return new ModelRef(path, more, contextSize, threads, gpuLayers);
    }

    public ModelRef withContextSize(int v) {
        return new ModelRef(path, adapters, v, threads, gpuLayers);
    }

    public ModelRef withThreads(int v) {
        return new ModelRef(path, adapters, contextSize, v, gpuLayers);
    }

    public ModelRef withGpuLayers(int v) {
        return new ModelRef(path, adapters, contextSize, threads, v);
    }
}
