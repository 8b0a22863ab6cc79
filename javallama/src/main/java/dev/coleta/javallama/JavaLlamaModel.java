package dev.coleta.javallama;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import de.kherud.llama.args.LogFormat;
import dev.coleta.ModelLoadException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.TextGenerator;
import dev.coleta.llama.TokenListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model run by java-llama.cpp ({@code de.kherud:llama}), Coleta's second backend: where
 * Coleta's own native library is not built for the platform, the tasks (scrape, scrape-config,
 * nl2sql: everything written against {@link TextGenerator}) still run, on the CPU, under GBNF
 * and JSON-Schema grammars, with one LoRA adapter. What needs Coleta's native backend:
 * training, several adapters or per-request adapter scales, Coleta's grammar sampler (its
 * full-pass statistics), beam search and CUDA builds of Coleta.
 *
 * <p>Thread-safe: java-llama.cpp queues requests to its own server thread. Note that
 * java-llama.cpp 4.2.0 leaves a non-daemon thread running after {@link #close()}, so a JVM that
 * used it ends only through {@link System#exit}; Coleta's CLI does so.
 */
public final class JavaLlamaModel implements TextGenerator, AutoCloseable {
    static {
        // java-llama.cpp logs every request to stdout by default; a library must not print.
        LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
    }

    private final Path path;
    private final JavaLlamaOptions options;
    private final int bos;
    private final LlamaModel model;
    private volatile boolean closed;

    private JavaLlamaModel(Path path, JavaLlamaOptions options, int bos, LlamaModel model) {
        this.path = path;
        this.options = options;
        this.bos = bos;
        this.model = model;
    }

    /** Opens {@code file} after checking it in Java (exists, GGUF, Llama architecture), as Coleta's own backend does. */
    public static JavaLlamaModel open(Path file, JavaLlamaOptions options) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        if (!Files.isRegularFile(file)) throw new ModelLoadException("model file not found: " + file);
        GgufFile gguf = GgufFile.read(file);
        if (!"llama".equals(gguf.architecture())) {
            throw new ModelLoadException(file + " has architecture '" + gguf.architecture() + "'; Coleta runs Llama-family models");
        }
        if (options.adapter() != null && !Files.isRegularFile(options.adapter())) {
            throw new ModelLoadException("adapter file not found: " + options.adapter());
        }
        Object bosValue = gguf.metadata().get("tokenizer.ggml.bos_token_id") == null ? null
                : gguf.metadata().get("tokenizer.ggml.bos_token_id").value();
        int bos = bosValue instanceof Number n ? n.intValue() : -1;
        ModelParameters p = new ModelParameters()
                .setModel(file.toAbsolutePath().toString())
                .setCtxSize(options.contextSize())
                .setThreads(options.threads())
                .setThreadsBatch(options.threads())
                .setGpuLayers(options.gpuLayers())
                .setParallel(1)
                .disableLog() // its server logs every request to stderr otherwise
                .skipWarmup();
        if (options.adapter() != null) p.addLoraScaledAdapter(options.adapter().toAbsolutePath().toString(), options.adapterScale());
        try {
            return new JavaLlamaModel(file, options, bos, new LlamaModel(p));
        } catch (RuntimeException e) {
            throw new ModelLoadException("java-llama.cpp could not load " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens with {@link JavaLlamaOptions#defaults()}. */
    public static JavaLlamaModel open(Path file) {
        return open(file, JavaLlamaOptions.defaults());
    }

    /** Greedy completion under {@code grammar} (null: unconstrained), as {@link dev.coleta.llama.Session#complete}. */
    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        return generate(prompt, GenerateOptions.defaults().withGrammar(grammar).withMaxTokens(maxTokens), null);
    }

    /**
     * Generates from a text prompt with Coleta's options: sampling (temperature, top-k, top-p,
     * min-p, repeat penalty, seed), stop strings, grammar, max tokens; streams text to
     * {@code listener} (may be null; returning false stops the generation).
     */
    public String generate(String prompt, GenerateOptions options, TokenListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(options, "options");
        ensureOpen();
        if (options.beams() > 1) {
            throw new UnsupportedOperationException("beam search (beams " + options.beams() + ") needs Coleta's native backend");
        }
        Sampling s = options.sampling();
        // Coleta adds BOS unless the prompt writes it; the server always adds it: drop a written one.
        String text = prompt.startsWith("<s>") ? prompt.substring(3) : prompt;
        InferenceParameters p = new InferenceParameters(text)
                .setNPredict(options.maxTokens())
                .setTemperature(s.temperature())
                .setTopK(s.topK())
                .setTopP(s.topP())
                .setMinP(s.minP())
                .setRepeatPenalty(s.repeatPenalty())
                .setRepeatLastN(s.repeatLastN())
                .setSeed((int) s.seed())
                .setCachePrompt(true);
        if (!options.stop().isEmpty()) p.setStopStrings(options.stop().toArray(String[]::new));
        if (options.grammar() != null) p.setGrammar(rootedAtRoot(options.grammar()));
        StringBuilder out = new StringBuilder();
        for (LlamaOutput o : model.generate(p)) {
            out.append(o.text);
            if (listener != null && !o.text.isEmpty() && !listener.onText(o.text)) break;
        }
        return out.toString();
    }

    /** llama.cpp's server starts every grammar at the rule named root. */
    static String rootedAtRoot(Grammar g) {
        if (g.root().equals("root")) return g.text();
        if (g.text().matches("(?s)(.*\\n)?\\s*root\\s*::=.*")) {
            throw new UnsupportedOperationException("grammar starts at rule '" + g.root()
                    + "' and also defines 'root'; java-llama.cpp always starts at 'root': rename one, or use Coleta's native backend");
        }
        return g.text() + "\nroot ::= " + g.root() + "\n";
    }

    @Override
    public int countTokens(String text) {
        Objects.requireNonNull(text, "text");
        ensureOpen();
        if (text.isEmpty()) return 0;
        int[] ids = model.encode(text);
        return ids.length > 0 && ids[0] == bos ? ids.length - 1 : ids.length;
    }

    @Override
    public int contextSize() {
        return options.contextSize();
    }

    /** The model's own chat template through java-llama.cpp (which falls back to its default when the model has none). */
    @Override
    public String chatPrompt(String system, String user) {
        Objects.requireNonNull(user, "user");
        ensureOpen();
        List<Pair<String, String>> turns = new ArrayList<>();
        turns.add(new Pair<>("user", user));
        return model.applyTemplate(new InferenceParameters("").setMessages(system, turns));
    }

    public Path path() {
        return path;
    }

    public JavaLlamaOptions options() {
        return options;
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("model " + path + " is closed");
    }

    /** Frees the model. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        model.close();
    }

    @Override
    public String toString() {
        return "JavaLlamaModel[" + path + (closed ? ", closed" : "") + "]";
    }
}
