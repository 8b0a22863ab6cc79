package dev.coleta.backend;

import dev.coleta.llama.TextGenerator;

/** A model opened on a backend, ready for the tasks: a {@link TextGenerator} that owns native resources. */
public interface Generator extends TextGenerator, AutoCloseable {
    /** The backend's name, e.g. {@code coleta} or {@code java-llama.cpp}. */
    String backend();

    /** Frees the model. Idempotent. */
    @Override
    void close();
}
