package dev.coleta.llama;

/**
 * How to load a model.
 *
 * @param gpuLayers layers offloaded to the GPU in CUDA builds; default 0 (CPU only); -1 means all
 * @param mmap      map the file instead of reading it; default true
 * @param vocabOnly load only the tokenizer (for tokenizing without weights); default false
 */
public record ModelOptions(int gpuLayers, boolean mmap, boolean vocabOnly) {
    public ModelOptions {
        if (gpuLayers < -1) throw new IllegalArgumentException("gpuLayers must be >= -1, got " + gpuLayers);
    }

    public static ModelOptions defaults() {
        return new ModelOptions(0, true, false);
    }

    public ModelOptions withGpuLayers(int v) {
        return new ModelOptions(v, mmap, vocabOnly);
    }

    public ModelOptions withMmap(boolean v) {
        return new ModelOptions(gpuLayers, v, vocabOnly);
    }

    public ModelOptions withVocabOnly(boolean v) {
        return new ModelOptions(gpuLayers, mmap, v);
    }
}
