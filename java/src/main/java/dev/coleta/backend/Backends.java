package dev.coleta.backend;

import dev.coleta.ColetaException;
import dev.coleta.llama.LoraAdapter;
import dev.coleta.llama.Model;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Chooses a backend: {@code auto} takes Coleta's own when its native library loads here and
 * otherwise the first available one registered through {@link ServiceLoader}; a name takes
 * that backend or fails saying which exist.
 */
public final class Backends {
    /** The name of Coleta's own backend. */
    public static final String COLETA = "coleta";

    private Backends() {
    }

    /** Every backend known here: Coleta's own first, then the registered ones. */
    public static List<Backend> all() {
        List<Backend> all = new ArrayList<>();
        all.add(new ColetaBackend());
        for (Backend b : ServiceLoader.load(Backend.class, Backends.class.getClassLoader())) all.add(b);
        return all;
    }

    /** The backend named {@code name} ({@code auto}: Coleta's own if available, else the first available). */
    public static Backend choose(String name) {
        Objects.requireNonNull(name, "name");
        List<Backend> all = all();
        if (name.equals("auto")) {
            for (Backend b : all) if (b.available()) return b;
            throw new ColetaException("no backend can run here: Coleta's native library does not load on this platform ("
                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ") and no other backend is on the "
                    + "classpath; add dev.coleta:coleta-javallama");
        }
        List<String> names = new ArrayList<>();
        for (Backend b : all) {
            names.add(b.name());
            if (b.name().equals(name)) {
                if (!b.available()) throw new ColetaException("backend '" + name + "' cannot run on this platform");
                return b;
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; known here: " + names + " or auto");
    }

    /** Opens {@code model} on the backend {@code name} (or {@code auto}). */
    public static Generator open(Path model, String name, BackendOptions options) {
        return choose(name).open(model, options);
    }

    /** Coleta's own backend: a {@link Model} and one {@link Session}. */
    static final class ColetaBackend implements Backend {
        @Override
        public String name() {
            return COLETA;
        }

        @Override
        public boolean available() {
            return NativeLibrary.isAvailable();
        }

        @Override
        public Generator open(Path file, BackendOptions options) {
            Model model = Model.load(file);
            try {
                Session session = model.newSession(SessionOptions.defaults().withContextSize(options.contextSize()).withThreads(options.threads()));
                if (options.adapter() != null) {
                    LoraAdapter a = model.loadAdapter(options.adapter());
                    session.setAdapter(a, options.adapterScale());
                }
                return Generator.of(COLETA, session, model::close);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
    }
}
