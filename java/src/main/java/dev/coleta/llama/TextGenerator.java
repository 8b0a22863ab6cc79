package dev.coleta.llama;

import dev.coleta.grammar.Grammar;

/**
 * What the tasks (scrape, scrape-config, nl2sql) need from a model: a completion under a
 * grammar, and token counts to fit pages and schemas into the context. {@link Session}
 * implements it; tasks depend on this interface only, never on JNA.
 */
public interface TextGenerator {
    /**
     * Completes {@code prompt} (already formatted, e.g. by a chat template) under
     * {@code grammar} (null: unconstrained), stopping at end of generation or after
     * {@code maxTokens} tokens. Returns the generated text only.
     */
    String complete(String prompt, Grammar grammar, int maxTokens);

    /** Number of tokens {@code text} takes in this model's vocabulary (no BOS). */
    int countTokens(String text);

    /** The context size in tokens: prompt plus completion must fit in it. */
    int contextSize();

    /** Formats a one-turn chat (system may be null) with the model's template, ready for {@link #complete}. */
    String chatPrompt(String system, String user);
}
