package dev.coleta.javallama;

import dev.coleta.backend.Backend;
import dev.coleta.backend.BackendOptions;
import dev.coleta.backend.Generator;

import java.nio.file.Path;

/** java-llama.cpp as a {@link Backend} named {@code java-llama.cpp}, registered through ServiceLoader. */
public final class JavaLlamaBackend implements Backend {
    public static final String NAME = "java-llama.cpp";

    @Override
    public String name() {
        return NAME;
    }

    /** java-llama.cpp ships natives for Linux, macOS and Windows on x86-64 and aarch64. */
    @Override
    public boolean available() {
        try {
            Class.forName("de.kherud.llama.LlamaModel", false, JavaLlamaBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Generator open(Path model, BackendOptions options) {
        JavaLlamaOptions o = JavaLlamaOptions.defaults().withContextSize(options.contextSize()).withThreads(options.threads());
        if (options.adapter() != null) o = o.withAdapter(options.adapter(), options.adapterScale());
        JavaLlamaModel m = JavaLlamaModel.open(model, o);
        return Generator.of(NAME, m, m::close);
    }
}
