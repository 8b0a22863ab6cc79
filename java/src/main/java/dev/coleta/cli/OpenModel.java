package dev.coleta.cli;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.TextGenerator;

/**
 * A model, its adapters and one session, opened from {@link ModelMixin} options and closed
 * together. Implements {@link TextGenerator} with the mixin's sampling settings.
 */
public final class OpenModel implements TextGenerator, AutoCloseable {
    static OpenModel open(ModelMixin options) {
        // Replaced by the real implementation over dev.coleta.llama.Model/Session.
        throw new UnsupportedOperationException("model loading is not wired into the CLI yet");
    }

    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int countTokens(String text) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int contextSize() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String chatPrompt(String system, String user) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
