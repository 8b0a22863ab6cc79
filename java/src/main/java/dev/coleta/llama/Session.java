package dev.coleta.llama;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import dev.coleta.DecodeException;
import dev.coleta.GrammarException;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.internal.ColetaDirect;
import dev.coleta.llama.internal.ColetaNative;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A llama.cpp context on a {@link Model}: generation, with adapters applied per session.
 * Not thread-safe: use one session per thread. The KV cache is reused between calls when a
 * new prompt starts with the previous one's tokens.
 */
public final class Session implements TextGenerator, AutoCloseable {
    private final Model model;
    private final ColetaNative lib;
    private final SessionOptions options;
    private final Map<LoraAdapter, Float> adapters = new LinkedHashMap<>();
    private Pointer ctx;
    private final NativeHandle state;
    private final int nCtx;
    // Concurrency: one call at a time touches ctx (the thread in `user`); close() from another
    // thread marks `closing`, which ends a running generation at its next token, and waits.
    private final Object lock = new Object();
    private Thread user;
    private volatile boolean closing;
    private int[] cached = new int[64]; // tokens whose K/V are in the cache, in order: cached[0, cachedLen)
    private int cachedLen;

    Session(Model model, SessionOptions options) {
        this.model = model;
        this.lib = model.lib();
        this.options = Objects.requireNonNull(options, "options");
        PointerByReference out = new PointerByReference();
        // Called from Model.newSession, which holds the model's monitor: close() waits for it.
        NativeLibrary.check(lib.coleta_context_new(model.handle(), options.contextSize(), options.batchSize(), options.threads(),
                options.beamSearch() ? ColetaNative.COLETA_CONTEXT_BEAMS : ColetaNative.COLETA_CONTEXT_INFERENCE, out),
                "cannot create a session of " + options.contextSize() + " tokens");
        this.ctx = out.getValue();
        this.state = new NativeHandle(this, "a Session", ctx, lib::coleta_context_free, model.state());
        this.nCtx = lib.coleta_context_n_ctx(ctx);
    }

    public Model model() {
        return model;
    }

    public SessionOptions options() {
        return options;
    }

    /** The context size in tokens (llama.cpp may round the requested size up). */
    @Override
    public int contextSize() {
        return nCtx;
    }

    // ---- adapters ------------------------------------------------------------------------

    /** Applies {@code adapter} with {@code scale} (replacing its previous scale); others stay. */
    public void setAdapter(LoraAdapter adapter, float scale) {
        Objects.requireNonNull(adapter, "adapter");
        if (adapter.model() != model) throw new IllegalArgumentException("adapter " + adapter.path() + " was loaded for another Model instance");
        if (!Float.isFinite(scale)) throw new IllegalArgumentException("scale must be finite, got " + scale);
        adapter.handle();
        Pointer c = enter();
        try {
            adapters.put(adapter, scale);
            applyAdapters(c);
        } finally {
            exit();
        }
    }

    /** Replaces all adapters by exactly these (adapter to scale), in order. */
    public void setAdapters(Map<LoraAdapter, Float> scaled) {
        for (Map.Entry<LoraAdapter, Float> e : scaled.entrySet()) {
            if (e.getKey().model() != model) throw new IllegalArgumentException("adapter " + e.getKey().path() + " was loaded for another Model instance");
            if (e.getValue() == null || !Float.isFinite(e.getValue())) throw new IllegalArgumentException("scale must be finite");
            e.getKey().handle();
        }
        Pointer c = enter();
        try {
            adapters.clear();
            adapters.putAll(scaled);
            applyAdapters(c);
        } finally {
            exit();
        }
    }

    /** Removes one adapter from this session (the adapter stays loaded). */
    public void removeAdapter(LoraAdapter adapter) {
        Pointer c = enter();
        try {
            if (adapters.remove(adapter) != null) applyAdapters(c);
        } finally {
            exit();
        }
    }

    /** Removes every adapter from this session. */
    public void clearAdapters() {
        Pointer c = enter();
        try {
            adapters.clear();
            applyAdapters(c);
        } finally {
            exit();
        }
    }

    /** The adapters applied now, with their scales. */
    public Map<LoraAdapter, Float> adapters() {
        return Map.copyOf(adapters);
    }

    /** The adapter is closing: waits until no generation runs here, then removes it. */
    void dropAdapter(LoraAdapter a) {
        synchronized (lock) {
            if (user == Thread.currentThread()) {
                throw new IllegalStateException("cannot close adapter " + a.path() + " from inside a generation that uses it");
            }
            awaitIdle();
            if (ctx != null && adapters.remove(a) != null) applyAdapters(ctx);
        }
    }

    private void applyAdapters(Pointer c) {
        Pointer[] ps = new Pointer[adapters.size()];
        float[] scales = new float[adapters.size()];
        int i = 0;
        for (Map.Entry<LoraAdapter, Float> e : adapters.entrySet()) {
            ps[i] = e.getKey().handle();
            scales[i++] = e.getValue();
        }
        NativeLibrary.check(lib.coleta_context_set_loras(c, ps.length == 0 ? null : ps, scales.length == 0 ? null : scales, ps.length),
                "cannot apply adapters");
        NativeLibrary.check(forgetCache(c), "clear cache"); // the cache was computed with other weights
    }

    /**
     * Forgets the cached prompt, so that the next call evaluates its whole prompt and its result
     * does not depend on earlier calls. (Reusing a cached prefix evaluates the rest in another
     * batch layout, which changes the last bits of the logits and can flip a greedy near-tie:
     * batch jobs that must give each row the same result in any order call this per row.)
     */
    public void clearCache() {
        Pointer c = enter();
        try {
            NativeLibrary.check(forgetCache(c), "clear cache");
        } finally {
            exit();
        }
    }

    /** Empties the KV cache and its record of tokens; returns the shim's status. */
    private int forgetCache(Pointer c) {
        cachedLen = 0;
        return lib.coleta_context_truncate(c, 0);
    }

    // ---- generation ----------------------------------------------------------------------

    /** Generates from a text prompt (BOS added unless the prompt starts with "&lt;s&gt;"). */
    public Generation generate(String prompt, GenerateOptions options) {
        return generate(prompt, options, null);
    }

    /** Generates from a text prompt, streaming complete UTF-8 text to {@code listener} (may be null). */
    public Generation generate(String prompt, GenerateOptions options, TokenListener listener) {
        Objects.requireNonNull(prompt, "prompt");
        return generate(model.tokenize(prompt, !prompt.startsWith("<s>")), options, listener);
    }

    /** Generates from prompt tokens. */
    public Generation generate(int[] promptTokens, GenerateOptions options, TokenListener listener) {
        Objects.requireNonNull(options, "options");
        return generate(promptTokens, options, listener, options.beams() > 1 ? options.beams() : 0);
    }

    /** Token by token when {@code beams} is 0, else the shim's beam search with that many beams. */
    private Generation generate(int[] promptTokens, GenerateOptions options, TokenListener listener, int beams) {
        Objects.requireNonNull(promptTokens, "promptTokens");
        if (promptTokens.length == 0) throw new IllegalArgumentException("prompt is empty");
        if (promptTokens.length >= nCtx) {
            throw new DecodeException("prompt of " + promptTokens.length + " tokens does not fit the context of " + nCtx
                    + " tokens (one more is needed to generate); shorten the prompt or raise the context size");
        }
        Pointer c = enter();
        try {
            Pointer m = model.enter(); // the model is freed only after this generation returns
            try {
                return beams > 0 ? runBeamSearch(c, m, promptTokens, options, listener, beams)
                        : generate(c, m, promptTokens, options, listener);
            } finally {
                model.exit();
            }
        } finally {
            exit();
        }
    }

    private Generation generate(Pointer c, Pointer m, int[] promptTokens, GenerateOptions options, TokenListener listener) {
        long t0 = System.nanoTime();
        Sampler sampler = new Sampler(m, options);
        try {
            prefill(c, promptTokens);
            long promptNanos = System.nanoTime() - t0;
            int pos = promptTokens.length;
            Utf8Stream text = new Utf8Stream();
            Generation.StopReason reason = Generation.StopReason.MAX_TOKENS;
            int generated = 0;
            int[] step = new int[3]; // token, ends generation, piece length
            byte[] piece = new byte[256];
            int holdBack = 0;
            for (String stop : options.stop()) holdBack = Math.max(holdBack, stop.length() - 1);
            while (generated < options.maxTokens()) {
                if (closing) throw new IllegalStateException("session closed during generation");
                // Sample, and decode the token right away unless it is the last one allowed: one
                // native call per token. A token decoded and then cut by a stop string stays in
                // the cache, which records it, so the cache and `cached` always agree.
                boolean decode = generated + 1 < options.maxTokens() && pos < nCtx;
                NativeLibrary.check(ColetaDirect.coleta_step(c, sampler.handle, pos, decode ? 1 : 0, step, piece, piece.length),
                        "sampling");
                int t = step[0];
                if (step[1] == 1) {
                    reason = Generation.StopReason.END_OF_GENERATION;
                    break;
                }
                generated++;
                if (decode) {
                    remember(t);
                    pos++;
                }
                text.add(step[2] >= 0 ? Arrays.copyOf(piece, step[2]) : model.tokenBytes(t));
                int stopAt = text.stopIndex(options.stop());
                if (stopAt >= 0) {
                    text.cut(stopAt);
                    reason = Generation.StopReason.STOP_STRING;
                    break;
                }
                // Hold back text that could still become the start of a stop string.
                String out = text.take(text.length() - holdBack);
                if (listener != null && !out.isEmpty() && !listener.onText(out)) {
                    reason = Generation.StopReason.CANCELLED;
                    break;
                }
                if (!decode) {
                    reason = pos >= nCtx ? Generation.StopReason.CONTEXT_FULL : Generation.StopReason.MAX_TOKENS;
                    break;
                }
            }
            if (listener != null && reason != Generation.StopReason.CANCELLED) {
                String rest = text.take(text.length());
                if (!rest.isEmpty()) listener.onText(rest);
            }
            if (options.grammar() != null && reason != Generation.StopReason.END_OF_GENERATION
                    && reason != Generation.StopReason.CANCELLED && lib.coleta_sampler_grammar_done(sampler.handle) != 1) {
                throw new GrammarException("generation stopped (" + reason + " after " + generated
                        + " tokens) before the grammar was complete; raise maxTokens or the context size");
            }
            return new Generation(text.finish(), promptTokens.length, generated, reason,
                    lib.coleta_sampler_full_passes(sampler.handle), System.nanoTime() - t0, promptNanos);
        } catch (RuntimeException e) {
            // A failed decode may leave the cache ahead of `cached`: start the next call afresh.
            forgetCache(c); // its status is not checked: the original failure is what to report
            throw e;
        } finally {
            sampler.close();
        }
    }

    /**
     * This session as a {@link TextGenerator} whose completions are beam searches with
     * {@code beams} beams under the task's grammar ({@link GenerateOptions#beams()}): hand it to
     * a task ({@code new Nl2Sql(session.beamSearch(4), ...)}) to have it search instead of
     * decoding greedily. The session must be opened with {@link SessionOptions#withBeamSearch}.
     */
    public TextGenerator beamSearch(int beams) {
        GenerateOptions check = GenerateOptions.defaults().withBeams(beams); // validates beams
        if (!options.beamSearch()) {
            throw new IllegalStateException("this session was opened without beam search: open it with SessionOptions.withBeamSearch(true)");
        }
        Session self = this;
        return new TextGenerator() {
            @Override
            public String complete(String prompt, Grammar grammar, int maxTokens) {
                return self.generate(prompt, check.withGrammar(grammar).withMaxTokens(maxTokens)).text();
            }

            @Override
            public int countTokens(String text) {
                return self.countTokens(text);
            }

            @Override
            public int contextSize() {
                return self.contextSize();
            }

            @Override
            public String chatPrompt(String system, String user) {
                return self.chatPrompt(system, user);
            }
        };
    }

    /**
     * The log-probability (natural log) that the model gives {@code continuation} after
     * {@code prompt}: the sum over its tokens of log p(token | prompt and the tokens before it),
     * no grammar and no sampling involved. Scores candidate answers (the most likely of a few),
     * and checks a search's result. Reuses and extends the cached prompt like {@link #generate}.
     *
     * @throws IllegalArgumentException when prompt or continuation is empty, a token is out of
     *                                  the vocabulary, or they do not fit the context
     */
    public double logProbability(int[] prompt, int[] continuation) {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(continuation, "continuation");
        if (prompt.length == 0 || continuation.length == 0) throw new IllegalArgumentException("prompt and continuation must not be empty");
        if (prompt.length + continuation.length > nCtx) {
            throw new IllegalArgumentException(prompt.length + " + " + continuation.length + " tokens do not fit the context of " + nCtx);
        }
        int vocab = model.vocabSize();
        for (int t : prompt) if (t < 0 || t >= vocab) throw new IllegalArgumentException("token " + t + " is not in the vocabulary");
        for (int t : continuation) if (t < 0 || t >= vocab) throw new IllegalArgumentException("token " + t + " is not in the vocabulary");
        Pointer c = enter();
        try {
            model.enter();
            try {
                prefill(c, prompt);
                float[] logits = new float[vocab];
                double sum = 0;
                int pos = prompt.length;
                try {
                    for (int i = 0; i < continuation.length; i++) {
                        if (closing) throw new IllegalStateException("session closed during scoring");
                        NativeLibrary.check(lib.coleta_logits(c, logits, logits.length), "logits");
                        double max = Double.NEGATIVE_INFINITY;
                        for (float l : logits) max = Math.max(max, l);
                        double z = 0;
                        for (float l : logits) z += Math.exp(l - max);
                        sum += logits[continuation[i]] - max - Math.log(z);
                        if (i + 1 < continuation.length) {
                            NativeLibrary.check(lib.coleta_decode(c, new int[] {continuation[i]}, 1, pos), "decode");
                            remember(continuation[i]);
                            pos++;
                        }
                    }
                } catch (RuntimeException e) {
                    forgetCache(c); // its status is not checked: the original failure is what to report
                    throw e;
                }
                return sum;
            } finally {
                model.exit();
            }
        } finally {
            exit();
        }
    }

    /**
     * The shim's beam search with {@code beams} beams, 1 included (one beam is greedy decoding
     * through the search's own bookkeeping: tests compare the two). Greedy sampling only.
     */
    Generation searchBeams(int[] promptTokens, GenerateOptions options, int beams) {
        if (!options.sampling().isGreedy() || options.sampling().repeatPenalty() != 1f) {
            throw new IllegalArgumentException("beam search needs greedy sampling without repeat penalty");
        }
        return generate(promptTokens, options, null, beams);
    }

    /** {@link GenerateOptions#beams()} > 1: the shim's beam search; the cache keeps the prompt. */
    private Generation runBeamSearch(Pointer c, Pointer m, int[] promptTokens, GenerateOptions options, TokenListener listener, int beams) {
        if (!this.options.beamSearch()) {
            throw new IllegalStateException("this session was opened without beam search: open it with SessionOptions.withBeamSearch(true)");
        }
        long t0 = System.nanoTime();
        Sampler sampler = new Sampler(m, options);
        try {
            prefill(c, promptTokens);
            long promptNanos = System.nanoTime() - t0;
            if (closing) throw new IllegalStateException("session closed during generation");
            int[] tokens = new int[options.maxTokens()];
            int[] out = new int[4]; // count, ended by end-of-generation, grammar complete, context end
            NativeLibrary.check(lib.coleta_beam_search(c, sampler.handle, promptTokens.length, beams, options.maxTokens(),
                    tokens, tokens.length, out), "beam search");
            Utf8Stream text = new Utf8Stream();
            for (int i = 0; i < out[0]; i++) text.add(model.tokenBytes(tokens[i]));
            Generation.StopReason reason = out[1] == 1 ? Generation.StopReason.END_OF_GENERATION
                    : out[3] == 1 ? Generation.StopReason.CONTEXT_FULL : Generation.StopReason.MAX_TOKENS;
            int stopAt = text.stopIndex(options.stop());
            if (stopAt >= 0) {
                text.cut(stopAt);
                reason = Generation.StopReason.STOP_STRING;
            }
            if (options.grammar() != null && reason != Generation.StopReason.END_OF_GENERATION && out[2] != 1) {
                throw new GrammarException("beam search stopped (" + reason + " after " + out[0]
                        + " tokens) before the grammar was complete; raise maxTokens or the context size");
            }
            String all = text.finish();
            if (listener != null && !all.isEmpty()) listener.onText(all);
            return new Generation(all, promptTokens.length, out[0], reason, lib.coleta_sampler_full_passes(sampler.handle),
                    System.nanoTime() - t0, promptNanos);
        } catch (RuntimeException e) {
            forgetCache(c); // its status is not checked: the original failure is what to report
            throw e;
        } finally {
            sampler.close();
        }
    }

    /** Evaluates the prompt, reusing the cached prefix it shares with the previous call. */
    private void prefill(Pointer c, int[] prompt) {
        int common = 0;
        int max = Math.min(cachedLen, prompt.length - 1); // at least one token must be decoded for fresh logits
        while (common < max && cached[common] == prompt[common]) common++;
        NativeLibrary.check(lib.coleta_context_truncate(c, common), "truncate cache");
        cachedLen = common;
        int[] rest = Arrays.copyOfRange(prompt, common, prompt.length);
        try {
            NativeLibrary.check(lib.coleta_decode(c, rest, rest.length, common), "decode prompt");
        } catch (RuntimeException e) {
            forgetCache(c); // its status is not checked: the original failure is what to report
            throw e;
        }
        for (int t : rest) remember(t);
    }

    private void remember(int token) {
        if (cachedLen == cached.length) cached = Arrays.copyOf(cached, cached.length * 2);
        cached[cachedLen++] = token;
    }

    // ---- TextGenerator -------------------------------------------------------------------

    /**
     * Greedy completion under {@code grammar}. Under a grammar the result is either complete
     * (the grammar accepts it) or a {@link GrammarException} is thrown; never a truncated text.
     */
    @Override
    public String complete(String prompt, Grammar grammar, int maxTokens) {
        return generate(prompt, GenerateOptions.defaults().withGrammar(grammar).withMaxTokens(maxTokens)).text();
    }

    @Override
    public int countTokens(String text) {
        return model.tokenize(text, false).length;
    }

    @Override
    public String chatPrompt(String system, String user) {
        return model.chatPrompt(system, user);
    }

    // ---- lifecycle -----------------------------------------------------------------------

    /** Claims the context for the calling thread; every call that touches it runs between enter and exit. */
    private Pointer enter() {
        synchronized (lock) {
            if (ctx == null || closing) throw new IllegalStateException("session is closed");
            if (user != null) {
                throw new IllegalStateException("session is in use by thread '" + user.getName() + "'; use one session per thread");
            }
            user = Thread.currentThread();
            return ctx;
        }
    }

    private void exit() {
        synchronized (lock) {
            user = null;
            lock.notifyAll();
            if (closing && ctx != null) free(); // closed from inside its own generation (a listener)
        }
    }

    /** Waits (holding lock) until no call runs; keeps the interrupt flag. */
    private void awaitIdle() {
        boolean interrupted = false;
        while (user != null) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    public boolean isClosed() {
        return ctx == null || closing;
    }

    /**
     * Frees the context. Idempotent. From another thread while this session generates, the
     * generation ends with an {@link IllegalStateException} at its next token and close waits
     * for it; from inside a {@link TokenListener}, the context is freed when the generation returns.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (ctx == null) return;
            closing = true;
            if (user == Thread.currentThread()) return; // exit() frees it
            awaitIdle();
            if (ctx != null) free();
        }
    }

    private void free() {
        state.close();
        ctx = null;
        model.forget(this);
    }

    /** A native sampler for one generation. */
    private final class Sampler implements AutoCloseable {
        final Pointer handle;

        Sampler(Pointer m, GenerateOptions o) {
            Sampling s = o.sampling();
            PointerByReference out = new PointerByReference();
            Grammar g = o.grammar();
            NativeLibrary.check(lib.coleta_sampler_new(m, s.temperature(), s.topK(), s.topP(), s.minP(), s.repeatPenalty(),
                    s.repeatLastN(), (int) s.seed(), g == null ? null : g.text(), g == null ? null : g.root(), out), "sampler");
            handle = out.getValue();
        }

        @Override
        public void close() {
            lib.coleta_sampler_free(handle);
        }
    }

    /** Accumulates token bytes into text, decoding only complete UTF-8 characters. */
    static final class Utf8Stream {
        private byte[] pending = new byte[0]; // the bytes of an unfinished character
        private final StringBuilder text = new StringBuilder();
        private int delivered; // chars already handed out by take()

        /** Adds token bytes; returns the newly complete text. */
        String add(byte[] piece) {
            byte[] all = piece;
            if (pending.length > 0) {
                all = Arrays.copyOf(pending, pending.length + piece.length);
                System.arraycopy(piece, 0, all, pending.length, piece.length);
            }
            int end = completeEnd(all);
            pending = Arrays.copyOfRange(all, end, all.length);
            if (end == 0) return "";
            String s = new String(all, 0, end, StandardCharsets.UTF_8);
            text.append(s);
            return s;
        }

        int length() {
            return text.length();
        }

        /** The text from the last take() up to {@code end} (clamped), marking it delivered. */
        String take(int end) {
            end = Math.min(end, text.length());
            if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) end--; // keep pairs whole
            if (end <= delivered) return "";
            String s = text.substring(delivered, end);
            delivered = end;
            return s;
        }

        int stopIndex(List<String> stops) {
            int best = -1;
            for (String s : stops) {
                int i = text.indexOf(s);
                if (i >= 0 && (best < 0 || i < best)) best = i;
            }
            return best;
        }

        void cut(int at) {
            text.setLength(at);
            delivered = Math.min(delivered, at);
        }

        String finish() {
            return text.toString();
        }

        /** End of the longest prefix that does not stop inside a multi-byte character. */
        static int completeEnd(byte[] b) {
            int n = b.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int x = b[n - back] & 0xff;
                if ((x & 0xC0) == 0x80) continue; // continuation byte: look further back
                int need = x >= 0xF0 ? 4 : x >= 0xE0 ? 3 : x >= 0xC0 ? 2 : 1;
                return need > back ? n - back : n;
            }
            return n;
        }
    }
}
