package dev.coleta.llama;

import dev.coleta.grammar.Grammar;

import java.util.List;

/**
 * One generation request's settings.
 *
 * @param maxTokens most tokens to generate; default 256
 * @param sampling  how tokens are chosen; default {@link Sampling#defaults()} (greedy)
 * @param grammar   constraint on the output, or null (default) for none
 * @param stop      strings that end generation when produced (not included in the text); default none
 * @param beams     1 (default) generates token by token; 2 to {@value #MAX_BEAMS} searches that
 *                  many beams (under the grammar, if any) and returns the most likely output
 *                  found: greedy sampling without repeat penalty only, the text reaches a
 *                  listener in one piece at the end, and stop strings cut the chosen output
 *                  (they do not steer the search)
 */
public record GenerateOptions(int maxTokens, Sampling sampling, Grammar grammar, List<String> stop, int beams) {
    /** Most beams a search keeps. */
    public static final int MAX_BEAMS = 8;

    /** {@code beams}, or an IllegalArgumentException that names the allowed range. */
    public static int requireBeams(int beams) {
        if (beams < 1 || beams > MAX_BEAMS) throw new IllegalArgumentException("beams must be 1.." + MAX_BEAMS + ", got " + beams);
        return beams;
    }

    public GenerateOptions {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (sampling == null) throw new IllegalArgumentException("sampling must not be null");
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
        requireBeams(beams);
        if (beams > 1 && (!sampling.isGreedy() || sampling.repeatPenalty() != 1f)) {
            throw new IllegalArgumentException("beam search needs greedy sampling without repeat penalty (temperature 0, repeatPenalty 1)");
        }
    }

    public GenerateOptions(int maxTokens, Sampling sampling, Grammar grammar, List<String> stop) {
        this(maxTokens, sampling, grammar, stop, 1);
    }

    public static GenerateOptions defaults() {
        return new GenerateOptions(256, Sampling.defaults(), null, List.of());
    }

    public GenerateOptions withMaxTokens(int v) { return new GenerateOptions(v, sampling, grammar, stop, beams); }
    public GenerateOptions withSampling(Sampling v) { return new GenerateOptions(maxTokens, v, grammar, stop, beams); }
    public GenerateOptions withGrammar(Grammar v) { return new GenerateOptions(maxTokens, sampling, v, stop, beams); }
    public GenerateOptions withStop(List<String> v) { return new GenerateOptions(maxTokens, sampling, grammar, v, beams); }
    public GenerateOptions withBeams(int v) { return new GenerateOptions(maxTokens, sampling, grammar, stop, v); }
}
