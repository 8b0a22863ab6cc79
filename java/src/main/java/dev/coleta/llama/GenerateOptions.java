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
 */
public record GenerateOptions(int maxTokens, Sampling sampling, Grammar grammar, List<String> stop) {
    public GenerateOptions {
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        if (sampling == null) throw new IllegalArgumentException("sampling must not be null");
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) if (s.isEmpty()) throw new IllegalArgumentException("stop strings must not be empty");
    }

    public static GenerateOptions defaults() {
        return new GenerateOptions(256, Sampling.defaults(), null, List.of());
    }

    public GenerateOptions withMaxTokens(int v) { return new GenerateOptions(v, sampling, grammar, stop); }
    public GenerateOptions withSampling(Sampling v) { return new GenerateOptions(maxTokens, v, grammar, stop); }
    public GenerateOptions withGrammar(Grammar v) { return new GenerateOptions(maxTokens, sampling, v, stop); }
    public GenerateOptions withStop(List<String> v) { return new GenerateOptions(maxTokens, sampling, grammar, v); }
}
