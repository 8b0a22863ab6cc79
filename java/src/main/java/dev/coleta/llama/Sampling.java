package dev.coleta.llama;

/**
 * How the next token is chosen. Steps run in llama.cpp's order: repeat penalty, top-k, top-p,
 * min-p, temperature, then a seeded draw.
 *
 * @param temperature   0 (default) is greedy: always the most likely token
 * @param topK          keep the k most likely tokens; 0 disables; default 40
 * @param topP          keep the smallest set with this much probability; 1 disables; default 0.95
 * @param minP          drop tokens below this fraction of the best one's probability; 0 disables; default 0.05
 * @param repeatPenalty divide logits of recently seen tokens by this; 1 (default) disables
 * @param repeatLastN   how many recent tokens the penalty looks at; default 64
 * @param seed          seed of the draw; default 42
 */
public record Sampling(float temperature, int topK, float topP, float minP, float repeatPenalty, int repeatLastN, long seed) {
    public Sampling {
        if (!(temperature >= 0) || !Float.isFinite(temperature)) throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        if (!(minP >= 0 && minP < 1)) throw new IllegalArgumentException("minP must be in [0, 1), got " + minP);
        if (!(repeatPenalty > 0) || !Float.isFinite(repeatPenalty)) throw new IllegalArgumentException("repeatPenalty must be > 0, got " + repeatPenalty);
        if (repeatLastN < 0) throw new IllegalArgumentException("repeatLastN must be >= 0, got " + repeatLastN);
    }

    public static Sampling defaults() {
        return new Sampling(0f, 40, 0.95f, 0.05f, 1f, 64, 42);
    }

    public static Sampling greedy() {
        return defaults();
    }

    public boolean isGreedy() {
        return temperature == 0f;
    }

    public Sampling withTemperature(float v) { return new Sampling(v, topK, topP, minP, repeatPenalty, repeatLastN, seed); }
    public Sampling withTopK(int v) { return new Sampling(temperature, v, topP, minP, repeatPenalty, repeatLastN, seed); }
    public Sampling withTopP(float v) { return new Sampling(temperature, topK, v, minP, repeatPenalty, repeatLastN, seed); }
    public Sampling withMinP(float v) { return new Sampling(temperature, topK, topP, v, repeatPenalty, repeatLastN, seed); }
    public Sampling withRepeatPenalty(float v) { return new Sampling(temperature, topK, topP, minP, v, repeatLastN, seed); }
    public Sampling withRepeatLastN(int v) { return new Sampling(temperature, topK, topP, minP, repeatPenalty, v, seed); }
    public Sampling withSeed(long v) { return new Sampling(temperature, topK, topP, minP, repeatPenalty, repeatLastN, v); }
}
