package dev.coleta.backend;

import java.nio.file.Path;

/**
 * An inference engine the tasks can run on. Coleta's own ({@code coleta}, libcoleta.so) is
 * built in; others register through {@link java.util.ServiceLoader} (module coleta-javallama
 * adds {@code java-llama.cpp}). {@link Backends#open} chooses.
 */
public interface Backend {
    /** The name {@link Backends#open} selects it by. */
    String name();

    /** Whether it can run here (its native code loads on this platform). */
    boolean available();

    /** Opens {@code model} (a Llama-family GGUF file) with {@code options}. */
    Generator open(Path model, BackendOptions options);
}
