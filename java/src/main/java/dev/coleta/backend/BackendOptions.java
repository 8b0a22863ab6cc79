package dev.coleta.backend;

import java.nio.file.Path;

/**
 * What every backend understands when it opens a model.
 *
 * @param contextSize tokens of context (default 2048)
 * @param threads     CPU threads (default: half the available processors, at least 1)
 * @param adapter     one LoRA adapter applied at scale {@code adapterScale}, or null (default)
 * @param adapterScale the adapter's scale (default 1)
 */
public record BackendOptions(int contextSize, int threads, Path adapter, float adapterScale) {
    public BackendOptions {
        if (contextSize < 16) throw new IllegalArgumentException("contextSize must be >= 16, got " + contextSize);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (!Float.isFinite(adapterScale)) throw new IllegalArgumentException("adapterScale must be finite, got " + adapterScale);
    }

    public static BackendOptions defaults() {
        return new BackendOptions(2048, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), null, 1.0f);
    }

    public BackendOptions withContextSize(int v) {
        return new BackendOptions(v, threads, adapter, adapterScale);
    }

    public BackendOptions withThreads(int v) {
        return new BackendOptions(contextSize, v, adapter, adapterScale);
    }

    public BackendOptions withAdapter(Path file, float scale) {
        return new BackendOptions(contextSize, threads, file, scale);
    }
}
