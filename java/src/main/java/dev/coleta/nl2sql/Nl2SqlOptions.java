package dev.coleta.nl2sql;

import java.util.Objects;

/**
 * How {@link Nl2Sql} asks the model.
 *
 * @param maxTokens tokens the SQL may take; default 256
 * @param samples   whether the prompt shows sample values per column; default true (dropped
 *                  automatically when the prompt would not fit the context)
 * @param grammar   the grammar's bounds; default {@link SqlGrammarOptions#defaults()}
 * @param linking   whether the prompt and the grammar hold only the tables the question is
 *                  about ({@link SchemaLinker}); default false (the whole schema)
 */
public record Nl2SqlOptions(int maxTokens, boolean samples, SqlGrammarOptions grammar, boolean linking) {
    public Nl2SqlOptions {
        if (maxTokens < 8 || maxTokens > 8192) throw new IllegalArgumentException("maxTokens must be 8..8192, got " + maxTokens);
        Objects.requireNonNull(grammar, "grammar");
    }

    public static Nl2SqlOptions defaults() {
        return new Nl2SqlOptions(256, true, SqlGrammarOptions.defaults(), false);
    }

    public Nl2SqlOptions withMaxTokens(int v) {
        return new Nl2SqlOptions(v, samples, grammar, linking);
    }

    public Nl2SqlOptions withSamples(boolean v) {
        return new Nl2SqlOptions(maxTokens, v, grammar, linking);
    }

    public Nl2SqlOptions withGrammar(SqlGrammarOptions v) {
        return new Nl2SqlOptions(maxTokens, samples, v, linking);
    }

    public Nl2SqlOptions withLinking(boolean v) {
        return new Nl2SqlOptions(maxTokens, samples, grammar, v);
    }
}
