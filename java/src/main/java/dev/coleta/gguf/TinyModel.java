package dev.coleta.gguf;

import dev.coleta.ColetaException;
import dev.coleta.io.AtomicFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Creates Llama-architecture GGUF models with random F32 weights: the models Coleta's tests,
 * demos and from-scratch training start from (no weights can be downloaded here).
 *
 * <p>The tokenizer is Llama 2's SentencePiece vocabulary (32000 tokens), copied from the
 * vocab-only GGUF of the pinned llama.cpp tree that the build packages into the jar. The model
 * has a separate {@code output.weight}: upstream llama.cpp's training never updates
 * {@code token_embd} (DESIGN.md); Coleta's patch 0105 trains it in full fine-tuning.
 */
public final class TinyModel {
    /** Jar resource holding the Llama 2 vocabulary GGUF (placed there by the native build). */
    public static final String VOCAB_RESOURCE = "/dev/coleta/vocab/ggml-vocab-llama-spm.gguf";

    /**
     * The shape of a model. Defaults are those of {@link #tiny()}.
     *
     * @param embd  embedding size (a multiple of heads)
     * @param layers transformer blocks
     * @param heads attention heads (key/value heads are the same number)
     * @param ff    feed-forward size
     * @param ctx   training context length written to the metadata
     * @param seed  seed of the random weights
     * @param attnStd standard deviation of the random attention projections (Q, K, V, output);
     *              0.02 by default, as for the other block weights. A created model learns to
     *              attend (copy from its prompt) much sooner from 0.1 (docs/EXPERIMENTS.md E13).
     */
    public record Recipe(int embd, int layers, int heads, int ff, int ctx, long seed, double attnStd) {
        /** Block weights drawn with the usual standard deviation, 0.02. */
        public static final double DEFAULT_STD = 0.02;

        public Recipe {
            if (embd < 8 || layers < 1 || heads < 1 || ff < 8 || ctx < 16) {
                throw new IllegalArgumentException("recipe needs embd >= 8, layers >= 1, heads >= 1, ff >= 8, ctx >= 16");
            }
            if (!(attnStd > 0 && attnStd <= 1)) throw new IllegalArgumentException("attnStd must be in (0, 1], got " + attnStd);
            if (embd % heads != 0) throw new IllegalArgumentException("embd " + embd + " must be a multiple of heads " + heads);
            if ((embd / heads) % 2 != 0) throw new IllegalArgumentException("head size embd/heads must be even (RoPE)");
        }

        /** A recipe whose attention weights are drawn like the others ({@link #DEFAULT_STD}). */
        public Recipe(int embd, int layers, int heads, int ff, int ctx, long seed) {
            this(embd, layers, heads, ff, ctx, seed, DEFAULT_STD);
        }

        /** ~9M parameters: embd 128, 4 layers, 4 heads, ff 384, ctx 4096. */
        public static Recipe tiny() {
            return new Recipe(128, 4, 4, 384, 4096, 42);
        }

        /** ~21M parameters: embd 256, 6 layers, 8 heads, ff 768, ctx 4096. */
        public static Recipe small() {
            return new Recipe(256, 6, 8, 768, 4096, 42);
        }

        /** ~60M parameters: embd 512, 8 layers, 8 heads, ff 1536, ctx 4096. */
        public static Recipe medium() {
            return new Recipe(512, 8, 8, 1536, 4096, 42);
        }

        /** A preset by name: tiny, small or medium. */
        public static Recipe preset(String name) {
            return switch (name) {
                case "tiny" -> tiny();
                case "small" -> small();
                case "medium" -> medium();
                default -> throw new IllegalArgumentException("unknown preset '" + name + "': use tiny, small or medium");
            };
        }

        public Recipe withEmbd(int v) { return new Recipe(v, layers, heads, ff, ctx, seed, attnStd); }
        public Recipe withLayers(int v) { return new Recipe(embd, v, heads, ff, ctx, seed, attnStd); }
        public Recipe withHeads(int v) { return new Recipe(embd, layers, v, ff, ctx, seed, attnStd); }
        public Recipe withFf(int v) { return new Recipe(embd, layers, heads, v, ctx, seed, attnStd); }
        public Recipe withCtx(int v) { return new Recipe(embd, layers, heads, ff, v, seed, attnStd); }
        public Recipe withSeed(long v) { return new Recipe(embd, layers, heads, ff, ctx, v, attnStd); }
        public Recipe withAttnStd(double v) { return new Recipe(embd, layers, heads, ff, ctx, seed, v); }

        /** Parameter count for a vocabulary of {@code vocab} tokens. */
        public long parameters(int vocab) {
            long perLayer = 4L * embd * embd + 3L * embd * ff + 2L * embd;
            return 2L * vocab * embd + embd + layers * perLayer;
        }
    }

    private TinyModel() {
    }

    /** Creates a model from the recipe at {@code out}, with the vocabulary packaged in the jar. */
    public static void create(Recipe recipe, Path out) {
        create(recipe, out, packagedVocab());
    }

    /** Creates a model from the recipe at {@code out}, taking the tokenizer from {@code vocabGguf}. */
    public static void create(Recipe recipe, Path out, Path vocabGguf) {
        GgufFile vocab = GgufFile.read(vocabGguf);
        GgufValue tokens = vocab.metadata().get("tokenizer.ggml.tokens");
        if (tokens == null || !"llama".equals(vocab.string("tokenizer.ggml.model"))) {
            throw new ColetaException(vocabGguf + " has no Llama (SentencePiece) tokenizer");
        }
        Map<String, GgufValue> tokenizer = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, GgufValue> kv : vocab.metadata().entrySet()) {
            if (kv.getKey().startsWith("tokenizer.")) tokenizer.put(kv.getKey(), kv.getValue());
        }
        write(recipe, out, tokenizer, ((java.util.List<?>) tokens.value()).size());
    }

    /**
     * Creates a model from the recipe at {@code out} with its own vocabulary (for example one
     * learnt by {@link Vocabulary#learn} on the data it will be trained on).
     */
    public static void create(Recipe recipe, Path out, Vocabulary vocabulary) {
        Map<String, GgufValue> tokenizer = new java.util.LinkedHashMap<>();
        tokenizer.put("tokenizer.ggml.model", GgufValue.string("llama"));
        tokenizer.put("tokenizer.ggml.tokens", GgufValue.array(GgufValueType.STRING, vocabulary.tokens()));
        java.util.List<Float> scores = new java.util.ArrayList<>();
        for (float f : vocabulary.scores()) scores.add(f);
        tokenizer.put("tokenizer.ggml.scores", GgufValue.array(GgufValueType.FLOAT32, scores));
        java.util.List<Integer> types = new java.util.ArrayList<>();
        for (int t : vocabulary.types()) types.add(t);
        tokenizer.put("tokenizer.ggml.token_type", GgufValue.array(GgufValueType.INT32, types));
        tokenizer.put("tokenizer.ggml.unknown_token_id", GgufValue.u32(Vocabulary.UNK));
        tokenizer.put("tokenizer.ggml.bos_token_id", GgufValue.u32(Vocabulary.BOS));
        tokenizer.put("tokenizer.ggml.eos_token_id", GgufValue.u32(Vocabulary.EOS));
        tokenizer.put("tokenizer.ggml.add_bos_token", GgufValue.bool(true));
        tokenizer.put("tokenizer.ggml.add_eos_token", GgufValue.bool(false));
        write(recipe, out, tokenizer, vocabulary.size());
    }

    /**
     * Standard deviation of the random output projection. The hidden state reaching it is RMS-
     * normalised (entries of size ~1), so logits have a spread of about std * sqrt(embd): with
     * the usual 0.02 a small model's logits are nearly flat (0.23 for embd 128) and adapters on
     * the blocks below cannot move them far enough to change a greedy choice. 1/sqrt(embd)
     * gives logits of unit spread, which LoRA and full training both start well from.
     */
    static double outputStd(int embd) {
        return 1.0 / Math.sqrt(embd);
    }

    private static void write(Recipe recipe, Path out, Map<String, GgufValue> tokenizer, int nVocab) {
        GgufWriter w = new GgufWriter();
        int e = recipe.embd();
        w.put("general.architecture", GgufValue.string("llama"));
        w.put("general.type", GgufValue.string("model"));
        w.put("general.name", GgufValue.string("coleta-tiny-" + e + "x" + recipe.layers()));
        w.put("general.file_type", GgufValue.u32(0)); // LLAMA_FTYPE_ALL_F32
        w.put("llama.context_length", GgufValue.u32(recipe.ctx()));
        w.put("llama.embedding_length", GgufValue.u32(e));
        w.put("llama.block_count", GgufValue.u32(recipe.layers()));
        w.put("llama.feed_forward_length", GgufValue.u32(recipe.ff()));
        w.put("llama.attention.head_count", GgufValue.u32(recipe.heads()));
        w.put("llama.attention.head_count_kv", GgufValue.u32(recipe.heads()));
        w.put("llama.attention.layer_norm_rms_epsilon", GgufValue.f32(1e-5f));
        w.put("llama.rope.dimension_count", GgufValue.u32(e / recipe.heads()));
        w.put("llama.rope.freq_base", GgufValue.f32(10000f));
        w.put("llama.vocab_size", GgufValue.u32(nVocab));
        w.putAll(tokenizer);
        SplittableRandom root = new SplittableRandom(recipe.seed());
        // Scaled normal init (Recipe.DEFAULT_STD) for embeddings and blocks, norms at 1: what random
        // Llama-style weights look like; attention at recipe.attnStd(), the output projection wider (see outputStd).
        w.tensor("token_embd.weight", new long[] {e, nVocab}, GgmlType.F32, normal(root.split(), (long) e * nVocab, Recipe.DEFAULT_STD));
        w.tensor("output_norm.weight", new long[] {e}, GgmlType.F32, ones(e));
        w.tensor("output.weight", new long[] {e, nVocab}, GgmlType.F32, normal(root.split(), (long) e * nVocab, outputStd(e)));
        for (int l = 0; l < recipe.layers(); l++) {
            String b = "blk." + l + ".";
            w.tensor(b + "attn_norm.weight", new long[] {e}, GgmlType.F32, ones(e));
            for (String m : new String[] {"attn_q", "attn_k", "attn_v", "attn_output"}) {
                w.tensor(b + m + ".weight", new long[] {e, e}, GgmlType.F32, normal(root.split(), (long) e * e, recipe.attnStd()));
            }
            w.tensor(b + "ffn_norm.weight", new long[] {e}, GgmlType.F32, ones(e));
            w.tensor(b + "ffn_gate.weight", new long[] {e, recipe.ff()}, GgmlType.F32, normal(root.split(), (long) e * recipe.ff(), Recipe.DEFAULT_STD));
            w.tensor(b + "ffn_up.weight", new long[] {e, recipe.ff()}, GgmlType.F32, normal(root.split(), (long) e * recipe.ff(), Recipe.DEFAULT_STD));
            w.tensor(b + "ffn_down.weight", new long[] {recipe.ff(), e}, GgmlType.F32, normal(root.split(), (long) e * recipe.ff(), Recipe.DEFAULT_STD));
        }
        try {
            w.write(out);
        } catch (IOException ex) {
            throw new ColetaException("cannot write model " + out + ": " + ex.getMessage(), ex);
        }
    }

    /** The Llama 2 vocabulary GGUF from the jar, extracted once into Coleta's cache directory. */
    public static Path packagedVocab() {
        Path target = dev.coleta.llama.NativeLibrary.cacheRoot().resolve("vocab").resolve("ggml-vocab-llama-spm.gguf");
        if (Files.isRegularFile(target)) return target;
        try (InputStream in = TinyModel.class.getResourceAsStream(VOCAB_RESOURCE)) {
            if (in == null) throw new ColetaException("the Llama 2 vocabulary is not packaged in this jar (" + VOCAB_RESOURCE + ")");
            AtomicFiles.copy(in, target);
            return target;
        } catch (IOException ex) {
            throw new ColetaException("cannot extract the vocabulary to " + target + ": " + ex.getMessage(), ex);
        }
    }

    private static GgufWriter.TensorData ones(int n) {
        return out -> {
            float[] v = new float[n];
            java.util.Arrays.fill(v, 1f);
            GgufWriter.writeF32(out, v);
        };
    }

    private static GgufWriter.TensorData normal(SplittableRandom rng, long n, double std) {
        return (OutputStream out) -> {
            float[] chunk = new float[1 << 16];
            long left = n;
            while (left > 0) {
                int m = (int) Math.min(chunk.length, left);
                for (int i = 0; i < m; i++) chunk[i] = (float) (gaussian(rng) * std);
                GgufWriter.writeF32(out, m == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, m));
                left -= m;
            }
        };
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
