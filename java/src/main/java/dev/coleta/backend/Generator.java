package dev.coleta.backend;

import dev.coleta.grammar.Grammar;
import dev.coleta.llama.TextGenerator;

/** A model opened on a backend, ready for the tasks: a {@link TextGenerator} that owns native resources. */
public interface Generator extends TextGenerator, AutoCloseable {
    /** The backend's name, e.g. {@code coleta} or {@code java-llama.cpp}. */
    String backend();

    /** Frees the model. Idempotent. */
    @Override
    void close();

    /** A generator named {@code backend} that delegates to {@code model} and runs {@code close} when closed. */
    static Generator of(String backend, TextGenerator model, Runnable close) {
        return new Generator() {
            @Override
            public String backend() {
                return backend;
            }

            @Override
            public String complete(String prompt, Grammar grammar, int maxTokens) {
                return model.complete(prompt, grammar, maxTokens);
            }

            @Override
            public int countTokens(String text) {
                return model.countTokens(text);
            }

            @Override
            public int contextSize() {
                return model.contextSize();
            }

            @Override
            public String chatPrompt(String system, String user) {
                return model.chatPrompt(system, user);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
