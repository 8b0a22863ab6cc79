package dev.coleta.llama;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coleta.ModelLoadException;
import dev.coleta.gguf.GgufFile;
import dev.coleta.llama.internal.ColetaNative;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A loaded GGUF model (Llama architecture, any weight type llama.cpp reads). Thread-safe for
 * tokenizing; each {@link Session} is for one thread at a time.
 *
 * <p>Ownership: sessions and adapters belong to their model; {@link #close()} closes them first
 * (contexts before the model, as llama.cpp requires) and then frees the model, exactly once.
 */
public final class Model implements AutoCloseable {
    private final ColetaNative lib;
    private final Path path;
    private final GgufFile gguf;
    private final ModelOptions options;
    private final int[] dims;
    // Weak: a session dropped without close is freed by its Cleaner, not kept alive by its model.
    private final java.util.Set<Session> sessions = java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());
    private final List<LoraAdapter> adapters = new ArrayList<>();
    private Pointer handle;
    private final NativeHandle state;
    private int inFlight;    // native calls running on handle (guarded by this)
    private boolean closing; // close() has begun: no new calls (guarded by this)

    private Model(ColetaNative lib, Path path, GgufFile gguf, ModelOptions options, Pointer handle) {
        this.lib = lib;
        this.path = path;
        this.gguf = gguf;
        this.options = options;
        this.handle = handle;
        this.state = new NativeHandle(this, "a Model (" + path + ")", handle, lib::coleta_model_free, null);
        this.dims = new int[8];
        NativeLibrary.check(lib.coleta_model_dims(handle, dims, dims.length), "model dims");
    }

    /**
     * Loads a model after checking the file in Java (exists, GGUF, not truncated, Llama
     * architecture, has weights unless {@code vocabOnly}): bad files never reach native code.
     */
    public static Model load(Path path, ModelOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        GgufFile gguf = validate(path, options);
        ColetaNative lib = NativeLibrary.get();
        PointerByReference out = new PointerByReference();
        NativeLibrary.check(lib.coleta_model_load(path.toAbsolutePath().toString(), options.gpuLayers(), options.mmap() ? 1 : 0,
                options.vocabOnly() ? 1 : 0, 0, out), "cannot load model " + path);
        return new Model(lib, path, gguf, options, out.getValue());
    }

    /** Loads with {@link ModelOptions#defaults()}. */
    public static Model load(Path path) {
        return load(path, ModelOptions.defaults());
    }

    static GgufFile validate(Path path, ModelOptions options) {
        if (!Files.exists(path)) throw new ModelLoadException("model file not found: " + path);
        GgufFile gguf = GgufFile.read(path);
        if ("adapter".equals(gguf.fileType())) {
            throw new ModelLoadException(path + " is a LoRA adapter, not a model; load a base model and pass this file as an adapter (Model.loadAdapter; CLI: --lora)");
        }
        String arch = gguf.architecture();
        if (!"llama".equals(arch)) {
            throw new ModelLoadException(path + " has architecture '" + arch + "'; Coleta runs Llama-family models (general.architecture=llama)");
        }
        if (gguf.metadata().get("tokenizer.ggml.tokens") == null) throw new ModelLoadException(path + " has no tokenizer (tokenizer.ggml.tokens)");
        if (!options.vocabOnly()) {
            if (gguf.tensors().isEmpty()) {
                throw new ModelLoadException(path + " holds only a vocabulary (no weights); it can be used for tokenizing (vocabOnly) but not as a model");
            }
            for (String t : new String[] {"token_embd.weight", "output_norm.weight", "blk.0.attn_q.weight"}) {
                if (gguf.tensor(t) == null) throw new ModelLoadException(path + " lacks tensor " + t + "; it is not a complete Llama model");
            }
        }
        return gguf;
    }

    /** Creates a session (a llama.cpp context) on this model. */
    public synchronized Session newSession(SessionOptions options) {
        ensureOpen();
        if (this.options.vocabOnly()) throw new IllegalStateException("a vocab-only model cannot run; load it with vocabOnly=false");
        Session s = new Session(this, options);
        sessions.add(s);
        return s;
    }

    /** Loads a LoRA adapter for this model, checking in Java that its tensors match this model's. */
    public synchronized LoraAdapter loadAdapter(Path adapterPath) {
        ensureOpen();
        LoraAdapter a = LoraAdapter.load(this, adapterPath);
        adapters.add(a);
        return a;
    }

    /** Tokens of {@code text}; {@code addSpecial} adds BOS. Special tokens written as text (e.g. "&lt;s&gt;") are parsed. */
    public int[] tokenize(String text, boolean addSpecial) {
        Objects.requireNonNull(text, "text");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // SentencePiece yields at most one token per byte, plus the leading-space piece and BOS:
        // the buffer always suffices, so a negative result is an error status.
        int[] out = new int[bytes.length + 2];
        int n = withHandle(h -> NativeLibrary.check(lib.coleta_tokenize(h, bytes, bytes.length, addSpecial ? 1 : 0, 1, out, out.length), "tokenize"));
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** The bytes of one token's text (a token may hold part of a UTF-8 character). */
    public byte[] tokenBytes(int token) {
        return withHandle(h -> {
            byte[] buf = new byte[256];
            int n = lib.coleta_token_to_piece(h, token, buf, buf.length, 0);
            // -(needed) is always below -buf.length; small negatives are error statuses.
            if (n < -buf.length) {
                buf = new byte[-n];
                n = lib.coleta_token_to_piece(h, token, buf, buf.length, 0);
            }
            NativeLibrary.check(n, "token_to_piece");
            return java.util.Arrays.copyOf(buf, n);
        });
    }

    /** The text of a token sequence. */
    public String detokenize(int[] tokens) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int t : tokens) out.writeBytes(tokenBytes(t));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether {@code token} ends generation (EOS, EOT, ...). */
    public boolean isEndOfGeneration(int token) {
        return withHandle(h -> lib.coleta_token_is_eog(h, token) == 1);
    }

    /** The model's own chat template (tokenizer.chat_template), or null. */
    public String chatTemplate() {
        return withHandle(lib::coleta_model_chat_template);
    }

    /** A one-turn chat (system may be null) laid out with this model's template, ready to complete. */
    public String chatPrompt(String system, String user) {
        List<ChatMessage> msgs = system == null ? List.of(ChatMessage.user(user)) : List.of(ChatMessage.system(system), ChatMessage.user(user));
        return applyChatTemplate(msgs, true);
    }

    /**
     * Formats a chat with the model's own template, or Llama 2's {@code [INST]} format when it
     * has none (or llama.cpp does not know it).
     */
    public String applyChatTemplate(List<ChatMessage> messages, boolean addAssistant) {
        String[] roles = messages.stream().map(ChatMessage::role).toArray(String[]::new);
        String[] contents = messages.stream().map(ChatMessage::content).toArray(String[]::new);
        int cap = 256;
        for (String c : contents) cap += c.length() * 3 + 64;
        int capacity = cap;
        return withHandle(h -> {
            byte[] buf = new byte[capacity];
            int n = lib.coleta_chat_apply(h, null, roles, contents, roles.length, addAssistant ? 1 : 0, buf, buf.length);
            if (n < -buf.length) { // -(needed): the buffer was too small
                buf = new byte[-n];
                n = lib.coleta_chat_apply(h, null, roles, contents, roles.length, addAssistant ? 1 : 0, buf, buf.length);
            }
            NativeLibrary.check(n, "chat template");
            return new String(buf, 0, n, StandardCharsets.UTF_8);
        });
    }

    public Path path() {
        return path;
    }

    /** The file's GGUF header (metadata and tensor infos). */
    public GgufFile gguf() {
        return gguf;
    }

    public int vocabSize() {
        return dims[0];
    }

    public int trainContextSize() {
        return dims[1];
    }

    public int embeddingSize() {
        return dims[2];
    }

    public int layers() {
        return dims[3];
    }

    public int heads() {
        return dims[4];
    }

    public int bosToken() {
        return dims[6];
    }

    public int eosToken() {
        return dims[7];
    }

    public long parameters() {
        return withHandle(lib::coleta_model_n_params);
    }

    /** llama.cpp's one-line description, e.g. "llama ?B all F32". */
    public String description() {
        byte[] buf = new byte[256];
        int n = withHandle(h -> NativeLibrary.check(lib.coleta_model_desc(h, buf, buf.length), "model desc"));
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    public ModelOptions options() {
        return options;
    }

    /** The handle, for calls made while this object's monitor is held (close waits for it). */
    synchronized Pointer handle() {
        ensureOpen();
        return handle;
    }

    /**
     * Marks a native call on the model as running and returns the handle; the caller must call
     * {@link #exit()} when the call returns. {@link #close()} waits for running calls before it
     * frees the model, so a handle obtained here is never freed under the call.
     */
    /** Runs {@code call} with the handle between {@link #enter()} and {@link #exit()}. */
    private <T> T withHandle(java.util.function.Function<Pointer, T> call) {
        Pointer h = enter();
        try {
            return call.apply(h);
        } finally {
            exit();
        }
    }

    synchronized Pointer enter() {
        ensureOpen();
        inFlight++;
        return handle;
    }

    synchronized void exit() {
        if (--inFlight == 0) notifyAll();
    }

    NativeHandle state() {
        return state;
    }

    ColetaNative lib() {
        return lib;
    }

    synchronized void forget(Session s) {
        sessions.remove(s);
    }

    /** Removes the adapter from every session (each waits until it is not generating). */
    void forget(LoraAdapter a) {
        List<Session> ss;
        synchronized (this) {
            adapters.remove(a);
            ss = new ArrayList<>(sessions);
        }
        for (Session s : ss) s.dropAdapter(a);
    }

    private void ensureOpen() {
        if (handle == null || closing) throw new IllegalStateException("model " + path + " is closed");
    }

    public synchronized boolean isClosed() {
        return handle == null || closing;
    }

    /**
     * Closes every session and adapter of this model, then frees it. Idempotent and safe while
     * other threads use the model: their generations end with an {@link IllegalStateException}
     * at the next token, and the model is freed only after every running native call returned.
     */
    @Override
    public void close() {
        List<Session> ss;
        List<LoraAdapter> as;
        synchronized (this) {
            if (handle == null) return;
            if (closing) { // another thread is closing: wait until it is done
                awaitUninterruptibly(() -> handle == null);
                return;
            }
            closing = true;
            ss = new ArrayList<>(sessions);
            as = new ArrayList<>(adapters);
        }
        for (Session s : ss) s.close();
        for (LoraAdapter a : as) a.close();
        synchronized (this) {
            awaitUninterruptibly(() -> inFlight == 0);
            state.close(); // frees now, or when the Cleaner frees the last dropped session
            handle = null;
            notifyAll();
        }
    }

    /** Waits on this object's monitor (held by the caller) until {@code done}; keeps the interrupt flag. */
    private void awaitUninterruptibly(java.util.function.BooleanSupplier done) {
        boolean interrupted = false;
        while (!done.getAsBoolean()) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    @Override
    public String toString() {
        return "Model[" + path + (handle == null ? ", closed" : "") + "]";
    }
}
