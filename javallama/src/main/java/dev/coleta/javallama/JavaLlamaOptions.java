package dev.coleta.javallama;

import java.nio.file.Path;

/**
 * How {@link JavaLlamaModel} opens a model on java-llama.cpp.
 *
 * @param contextSize tokens of context (default 2048)
 * @param threads     CPU threads (default: half the available processors, at least 1)
 * @param gpuLayers   layers offloaded to a GPU, where java-llama.cpp's build has one (default 0)
 * @param adapter     one LoRA adapter applied to every request, or null (default null).
 *                    java-llama.cpp applies adapters given at load time only; several adapters,
 *                    per-request scales and training need Coleta's native backend.
 * @param adapterScale the adapter's scale (default 1)
 */
public record JavaLlamaOptions(int contextSize, int threads, int gpuLayers, Path adapter, float adapterScale) {
    public JavaLlamaOptions {
        if (contextSize < 16) throw new IllegalArgumentException("contextSize must be >= 16, got " + contextSize);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (gpuLayers < 0) throw new IllegalArgumentException("gpuLayers must be >= 0, got " + gpuLayers);
        if (!Float.isFinite(adapterScale)) throw new IllegalArgumentException("adapterScale must be finite, got " + adapterScale);
    }

    public static JavaLlamaOptions defaults() {
        return new JavaLlamaOptions(2048, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), 0, null, 1.0f);
    }

    public JavaLlamaOptions withContextSize(int n) {
        return new JavaLlamaOptions(n, threads, gpuLayers, adapter, adapterScale);
    }

    public JavaLlamaOptions withThreads(int n) {
        return new JavaLlamaOptions(contextSize, n, gpuLayers, adapter, adapterScale);
    }

    public JavaLlamaOptions withGpuLayers(int n) {
        return new JavaLlamaOptions(contextSize, threads, n, adapter, adapterScale);
    }

    public JavaLlamaOptions withAdapter(Path file, float scale) {
        return new JavaLlamaOptions(contextSize, threads, gpuLayers, file, scale);
    }
}
