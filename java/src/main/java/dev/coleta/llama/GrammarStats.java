package dev.coleta.llama;

/**
 * Process-wide counters of Coleta's grammar engine (the native backend's grammar sampler),
 * for benchmarks that explain where constrained generation spends its time. Take a
 * {@link #snapshot()} before and after the work and subtract: the counters run from the
 * moment the library loads and count every session and thread together.
 *
 * <p>The engine checks the sampled token alone and searches for allowed tokens only when the
 * grammar refuses it; both go through an automaton learnt while generating, whose states are
 * sets of the grammar's stacks and whose moves are llama.cpp's accept of one character
 * (docs/BENCHMARKS.md: grammar overhead).
 *
 * @param refusals     sampled tokens the grammar refused (each followed by a search)
 * @param statesLearnt automaton states met for the first time
 * @param movesLearnt  automaton moves computed for the first time (one llama.cpp accept each)
 * @param grammarNanos all grammar work while sampling: the check, the searches, the accept
 * @param searchNanos  the searches after a refusal (part of {@code grammarNanos})
 * @param learnNanos   learning moves: while sampling (part of {@code grammarNanos}, in checks and
 *                     searches alike), and also where tokens are fed to a sampler or beams searched
 */
public record GrammarStats(long refusals, long statesLearnt, long movesLearnt, long grammarNanos, long searchNanos,
                           long learnNanos) {
    public GrammarStats {
        if (refusals < 0 || statesLearnt < 0 || movesLearnt < 0 || grammarNanos < 0 || searchNanos < 0 || learnNanos < 0) {
            throw new IllegalArgumentException("counters must be >= 0");
        }
    }

    /** The counters now (loads the native library if needed). */
    public static GrammarStats snapshot() {
        long[] c = new long[6];
        int n = NativeLibrary.check(NativeLibrary.get().coleta_grammar_stats(c, c.length), "grammar stats");
        if (n != c.length) throw new IllegalStateException("the native library reports " + n + " grammar counters, expected " + c.length);
        return new GrammarStats(c[0], c[1], c[2], c[3], c[4], c[5]);
    }

    /** What was counted between {@code earlier} and this snapshot. */
    public GrammarStats since(GrammarStats earlier) {
        return new GrammarStats(refusals - earlier.refusals, statesLearnt - earlier.statesLearnt, movesLearnt - earlier.movesLearnt,
                grammarNanos - earlier.grammarNanos, searchNanos - earlier.searchNanos, learnNanos - earlier.learnNanos);
    }

    /** The sum of two intervals' counts. */
    public GrammarStats plus(GrammarStats other) {
        return new GrammarStats(refusals + other.refusals, statesLearnt + other.statesLearnt, movesLearnt + other.movesLearnt,
                grammarNanos + other.grammarNanos, searchNanos + other.searchNanos, learnNanos + other.learnNanos);
    }
}
