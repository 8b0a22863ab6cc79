package dev.coleta.llama;

/**
 * The result of one generation.
 *
 * @param text             the generated text (stop string and end-of-generation token excluded)
 * @param promptTokens     tokens in the prompt
 * @param generatedTokens  tokens generated
 * @param stopReason       why generation ended
 * @param grammarPasses    tokens for which the full-vocabulary grammar pass ran (the chosen token was rejected)
 * @param nanos            wall time of prompt evaluation plus generation
 * @param promptNanos      wall time of prompt evaluation alone
 */
public record Generation(String text, int promptTokens, int generatedTokens, StopReason stopReason,
                         long grammarPasses, long nanos, long promptNanos) {
    /** Why generation ended. */
    public enum StopReason {
        /** The model produced an end-of-generation token (under a grammar: the grammar was complete). */
        END_OF_GENERATION,
        /** A stop string appeared. */
        STOP_STRING,
        /** maxTokens were generated. */
        MAX_TOKENS,
        /** The context is full. */
        CONTEXT_FULL,
        /** The listener asked to stop. */
        CANCELLED
    }

    /** Generated tokens per second of the generation phase (prompt evaluation excluded). */
    public double tokensPerSecond() {
        long gen = nanos - promptNanos;
        return gen <= 0 ? 0 : generatedTokens * 1e9 / gen;
    }
}
