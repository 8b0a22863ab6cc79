package dev.coleta.llama;

/**
 * How to create a session (a llama.cpp context).
 *
 * @param contextSize tokens of prompt plus completion; default 2048 (llama.cpp pads it to a multiple of 256)
 * @param batchSize   tokens evaluated per llama_decode call; default 512
 * @param threads     CPU threads; default: half the available processors, at least 1 (ggml's
 *                    threads spin while waiting and lose badly to a busy core)
 * @param beamSearch  whether the session can run beam searches ({@link GenerateOptions#beams()} &gt; 1):
 *                    its cache then holds one sequence per beam, which costs every generation
 *                    some speed (about 9 % per token on a tiny model); default false
 */
public record SessionOptions(int contextSize, int batchSize, int threads, boolean beamSearch) {
    public SessionOptions {
        if (contextSize < 16 || contextSize > 1 << 20) throw new IllegalArgumentException("contextSize must be in [16, 2^20], got " + contextSize);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (threads < 1 || threads > 1024) throw new IllegalArgumentException("threads must be in [1, 1024], got " + threads);
    }

    public SessionOptions(int contextSize, int batchSize, int threads) {
        this(contextSize, batchSize, threads, false);
    }

    public static SessionOptions defaults() {
        return new SessionOptions(2048, 512, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), false);
    }

    public SessionOptions withContextSize(int v) {
        return new SessionOptions(v, batchSize, threads, beamSearch);
    }

    public SessionOptions withBatchSize(int v) {
        return new SessionOptions(contextSize, v, threads, beamSearch);
    }

    public SessionOptions withThreads(int v) {
        return new SessionOptions(contextSize, batchSize, v, beamSearch);
    }

    public SessionOptions withBeamSearch(boolean v) {
        return new SessionOptions(contextSize, batchSize, threads, v);
    }

    /**
     * A session for prompts and answers that fill at most {@code positions} tokens, generated
     * with {@code beams} beams: beams share the prompt's cells but each holds its own answer, so
     * a beam search gets twice the cells (and {@link #beamSearch()}); one beam gets exactly
     * {@code positions}.
     */
    public SessionOptions withAnswerRoom(int positions, int beams) {
        GenerateOptions.requireBeams(beams);
        return new SessionOptions(beams > 1 ? 2 * positions : positions, batchSize, threads, beams > 1);
    }
}
