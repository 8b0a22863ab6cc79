package dev.coleta.cli;

import dev.coleta.gguf.GgmlType;
import dev.coleta.gguf.GgufFile;
import dev.coleta.gguf.TensorInfo;
import dev.coleta.gguf.TinyModel;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.testing.GgufTensors;
import dev.coleta.testing.TinyModels;
import dev.coleta.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code coleta train}, {@code coleta lora merge} and {@code coleta model quantize}, run in-process. */
class TrainCommandIT {
    @TempDir
    Path dir;

    static Path resource(String name) throws Exception {
        return Path.of(TrainCommandIT.class.getResource("/train/" + name).toURI());
    }

    /** Runs {@code coleta train} on the tiny model and memorise-20 with {@code extra} options; must succeed. */
    CliHarness.Result train(Path out, String... extra) throws Exception {
        return trainOn(TinyModels.tinyModel(), out, extra);
    }

    CliHarness.Result trainOn(Path model, Path out, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--model", model.toString(), "--data",
                resource("memorise-20.jsonl").toString(), "--out", out.toString(), "--threads", "2", "--quiet"));
        args.addAll(List.of(extra));
        CliHarness.Result r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    @Test
    void trainsWithProgressLogPlotAndCheckpoint() throws Exception {
        Path model = TinyModels.tinyModel();
        Path out = dir.resolve("a.gguf");
        CliHarness.Result r = CliHarness.run("train", "--model", model.toString(), "--data", resource("memorise-20.jsonl").toString(),
                "--out", out.toString(), "--max-steps", "6", "--threads", "2", "--rank", "4", "--targets", "q,v", "--eval-split", "0.1",
                "--checkpoint-every", "3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("trained 6/6 steps") && r.out().contains("eval loss"), r.out());
        assertTrue(r.err().contains("train") && r.err().contains("loss"), "progress bar on stderr: " + r.err());
        assertTrue(Files.size(out) > 0 && Files.isRegularFile(Trainer.plotPath(out)));
        assertEquals(6, Files.readAllLines(Trainer.logPath(out)).size());
        assertTrue(Files.isRegularFile(Trainer.checkpointDir(out).resolve("checkpoint.json")));
    }

    /**
     * {@code lora merge} with two adapters at scales 0.5 and -1.5 against the merge computed here
     * from the GGUF tensors: W' = W + sum of scale * alpha/rank * B.A (lora_a is [n_in, r], lora_b
     * [r, n_out], GGML order). Both adapters touch attn_output, so their updates must add up; tensors
     * no adapter touches stay byte-identical.
     */
    @Test
    void mergeOfSeveralScaledAdaptersIsBasePlusScaledBA() throws Exception {
        Path model = TinyModels.tinyModel();
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        train(a, "--targets", "q,o", "--rank", "4", "--alpha", "16", "--max-steps", "3", "--lr", "1e-2", "--warmup", "0", "--seed", "1");
        train(b, "--targets", "o,up", "--rank", "2", "--alpha", "4", "--max-steps", "3", "--lr", "1e-2", "--warmup", "0", "--seed", "2");
        Path merged = dir.resolve("merged.gguf");
        CliHarness.Result m = CliHarness.run("lora", "merge", "--model", model.toString(), "--lora", a + ":0.5", "--lora", b + ":-1.5",
                "--out", merged.toString());
        assertEquals(0, m.exitCode(), m.err());
        assertTrue(m.out().contains("2 adapter(s) merged"), m.out());

        GgufFile base = GgufFile.read(model);
        GgufFile out = GgufFile.read(merged);
        Map<String, double[]> expectedDelta = new HashMap<>();
        addDelta(expectedDelta, GgufFile.read(a), 0.5);
        addDelta(expectedDelta, GgufFile.read(b), -1.5);
        assertEquals(3 * 4, expectedDelta.size(), "q, o and up of 4 layers: " + expectedDelta.keySet());

        assertEquals(base.tensors().size(), out.tensors().size());
        int checked = 0;
        for (TensorInfo t : base.tensors()) {
            TensorInfo o = out.tensor(t.name());
            assertEquals(t.type(), o.type(), t.name() + " keeps its type");
            assertArrayEquals(t.dims(), o.dims(), t.name());
            double[] delta = expectedDelta.get(t.name());
            if (delta == null) {
                assertArrayEquals(GgufTensors.bytes(base, t.name()), GgufTensors.bytes(out, t.name()), t.name() + " is untouched");
                continue;
            }
            float[] w = GgufTensors.floats(base, t.name());
            float[] got = GgufTensors.floats(out, t.name());
            double maxDelta = Arrays.stream(delta).map(Math::abs).max().orElseThrow();
            assertTrue(maxDelta > 1e-5, t.name() + ": the adapters change it measurably (max |delta| " + maxDelta + ")");
            for (int i = 0; i < w.length; i++) {
                // float rounding of W + delta, plus 0.1 % of the update for float accumulation of B.A
                double tol = 2 * Math.ulp(Math.abs(w[i]) + Math.abs(delta[i])) + 1e-3 * maxDelta;
                double err = Math.abs(got[i] - (w[i] + delta[i]));
                if (err > tol) {
                    throw new AssertionError(t.name() + "[" + i + "]: merged " + got[i] + ", expected " + (w[i] + delta[i])
                            + " (base " + w[i] + ", delta " + delta[i] + ")");
                }
            }
            checked++;
        }
        assertEquals(expectedDelta.size(), checked);
    }

    /** Adds {@code scale * alpha/rank * B.A} of every lora pair in {@code adapter} to {@code deltas}, keyed by base tensor. */
    static void addDelta(Map<String, double[]> deltas, GgufFile adapter, double scale) {
        double alpha = ((Number) adapter.metadata().get("adapter.lora.alpha").value()).doubleValue();
        for (TensorInfo ta : adapter.tensors()) {
            if (!ta.name().endsWith(".lora_a")) continue;
            String baseName = ta.name().substring(0, ta.name().length() - ".lora_a".length());
            TensorInfo tb = adapter.tensor(baseName + ".lora_b");
            int nIn = (int) ta.dims()[0];
            int r = (int) ta.dims()[1];
            int nOut = (int) tb.dims()[1];
            assertEquals(r, tb.dims()[0], "lora_b is [r, n_out]");
            float[] av = GgufTensors.floats(adapter, ta.name());
            float[] bv = GgufTensors.floats(adapter, tb.name());
            double s = scale * alpha / r;
            double[] d = deltas.computeIfAbsent(baseName, k -> new double[nIn * nOut]);
            for (int o = 0; o < nOut; o++) {
                for (int i = 0; i < nIn; i++) {
                    double sum = 0;
                    for (int k = 0; k < r; k++) sum += (double) bv[o * r + k] * av[k * nIn + i];
                    d[o * nIn + i] += s * sum;
                }
            }
        }
    }

    @Test
    void quantizesToQ8AndQ4KM() throws Exception {
        Path model = TinyModels.tinyModel();
        Path q8 = dir.resolve("q8.gguf");
        CliHarness.Result r = CliHarness.run("model", "quantize", "--in", model.toString(), "--out", q8.toString(), "--type", "q8_0",
                "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(q8) < Files.size(model) / 2, "q8_0 is much smaller than f32");
        assertEquals(GgmlType.Q8_0, GgufFile.read(q8).tensor("blk.0.attn_q.weight").type());

        // K-quants need rows of 256: a model with embd 256 gets Q4_K for most matrices
        Path wide = TinyModels.model("wide", new TinyModel.Recipe(256, 1, 4, 512, 256, 3));
        Path q4 = dir.resolve("q4km.gguf");
        CliHarness.Result k = CliHarness.run("model", "quantize", "--in", wide.toString(), "--out", q4.toString(), "--type", "Q4_K_M",
                "--threads", "2");
        assertEquals(0, k.exitCode(), k.err());
        assertTrue(k.out().contains("(q4_k_m)"), k.out());
        GgufFile g = GgufFile.read(q4);
        assertEquals(15, g.integer("general.file_type", -1), "llama_ftype MOSTLY_Q4_K_M");
        assertEquals(GgmlType.Q4_K, g.tensor("blk.0.attn_q.weight").type());
        assertTrue(Files.size(q4) < Files.size(wide) / 4, "4-bit is under a quarter of f32");
        try (Model m = Model.load(q4, ModelOptions.defaults());
             Session s = m.newSession(SessionOptions.defaults().withContextSize(64).withThreads(2))) {
            assertEquals(4, s.generate("Hello", GenerateOptions.defaults().withMaxTokens(4)).generatedTokens());
        }
    }

    @Test
    void fullFineTuningChangesEveryLayerAndTheEmbeddingsOfTheTokensSeen() throws Exception {
        Path model = TinyModels.tinyModel();
        Path out = dir.resolve("full.gguf");
        CliHarness.Result r = train(out, "--full", "--max-steps", "2", "--lr", "1e-3", "--warmup", "0");
        assertTrue(r.out().contains("trained 2/2 steps"), r.out());
        GgufFile base = GgufFile.read(model);
        GgufFile tuned = GgufFile.read(out);
        assertEquals("model", tuned.fileType());
        assertEquals(base.tensors().size(), tuned.tensors().size());
        // patch 0105: token_embd trains. Only the rows of tokens in the data get a gradient (the
        // lookup's backward pass scatters into them); AdamW without weight decay leaves the rest
        float[] before = GgufTensors.floats(base, "token_embd.weight"), after = GgufTensors.floats(tuned, "token_embd.weight");
        int embd = (int) base.tensor("token_embd.weight").dims()[0], vocab = before.length / embd, changed = 0;
        for (int row = 0; row < vocab; row++) {
            if (!Arrays.equals(before, row * embd, (row + 1) * embd, after, row * embd, (row + 1) * embd)) changed++;
        }
        assertTrue(changed > 20 && changed < vocab / 10, changed + " of " + vocab + " token embeddings changed");
        for (String name : List.of("blk.0.attn_q.weight", "blk.3.ffn_down.weight", "output.weight")) {
            assertFalse(Arrays.equals(GgufTensors.bytes(base, name), GgufTensors.bytes(tuned, name)), name + " is trained");
        }
        try (Model m = Model.load(out, ModelOptions.defaults())) {
            assertEquals(4, m.layers());
        }
    }

    /**
     * K and V reach attention through llama.cpp's KV cache (ggml_set_rows into the cache, then a
     * view of it), and that copy has no backward pass: before patch 0103 attn_k/attn_v got no
     * gradient (lora_b stayed exactly 0, --full left wk/wv byte-identical). The patch attends
     * to k_cur/v_cur directly while a whole window trains in one micro-batch. With micro-batches
     * the cache path stays, so K and V do not train: the last check pins that documented limit.
     */
    @Test
    void keyAndValueProjectionsTrain() throws Exception {
        Path lora = dir.resolve("kv.gguf");
        train(lora, "--targets", "k,v", "--max-steps", "2", "--lr", "1e-2", "--warmup", "0");
        GgufFile g = GgufFile.read(lora);
        for (String name : List.of("blk.0.attn_k.weight.lora_b", "blk.0.attn_v.weight.lora_b")) {
            assertTrue(maxAbs(GgufTensors.floats(g, name)) > 0, name + " trained");
        }
        Path full = dir.resolve("kv-full.gguf");
        train(full, "--full", "--max-steps", "1", "--lr", "1e-3", "--warmup", "0");
        GgufFile base = GgufFile.read(TinyModels.tinyModel());
        GgufFile tuned = GgufFile.read(full);
        for (String name : List.of("blk.0.attn_k.weight", "blk.0.attn_v.weight")) {
            assertFalse(Arrays.equals(GgufTensors.bytes(base, name), GgufTensors.bytes(tuned, name)), name + " is trained");
        }
        Path micro = dir.resolve("kv-micro.gguf");
        train(micro, "--targets", "k,v", "--max-steps", "2", "--lr", "1e-2", "--warmup", "0", "--ctx", "512", "--batch", "256");
        GgufFile m = GgufFile.read(micro);
        for (String name : List.of("blk.0.attn_k.weight.lora_b", "blk.0.attn_v.weight.lora_b")) {
            assertEquals(0.0, maxAbs(GgufTensors.floats(m, name)), name + " with micro-batches (the cache path)");
        }
    }

    @Test
    void fullFineTuningTrainsOnlyTheTargetedProjections() throws Exception {
        Path full = dir.resolve("full-no-kv.gguf");
        train(full, "--full", "--targets", "q,o,gate,up,down", "--max-steps", "1", "--lr", "1e-3", "--warmup", "0");
        GgufFile base = GgufFile.read(TinyModels.tinyModel());
        GgufFile tuned = GgufFile.read(full);
        for (String name : List.of("blk.0.attn_k.weight", "blk.0.attn_v.weight", "blk.1.attn_k.weight")) {
            assertArrayEquals(GgufTensors.bytes(base, name), GgufTensors.bytes(tuned, name), name + " is frozen");
        }
        for (String name : List.of("blk.0.attn_q.weight", "blk.0.ffn_down.weight", "blk.0.attn_norm.weight", "output.weight")) {
            assertFalse(Arrays.equals(GgufTensors.bytes(base, name), GgufTensors.bytes(tuned, name)), name + " is trained");
        }
    }

    static double maxAbs(float[] xs) {
        double max = 0;
        for (float x : xs) max = Math.max(max, Math.abs(x));
        return max;
    }

    @Test
    void weightDecayShrinksTheAdapter() throws Exception {
        Path plain = dir.resolve("plain.gguf");
        Path decayed = dir.resolve("decayed.gguf");
        String[] common = {"--targets", "q,o", "--max-steps", "4", "--lr", "1e-2", "--warmup", "0", "--seed", "3"};
        train(plain, concat(common, "--weight-decay", "0"));
        train(decayed, concat(common, "--weight-decay", "1"));
        double n0 = GgufTensors.norm(GgufFile.read(plain), ".lora_a");
        double n1 = GgufTensors.norm(GgufFile.read(decayed), ".lora_a");
        // AdamW multiplies every weight by (1 - lr * wd) per step: 4 steps of a cosine-decayed 1e-2
        // shrink lora_a by 1-4 %; the Adam part of the update is the same in both runs up to second order
        assertTrue(n1 < n0 * 0.995 && n1 > n0 * 0.95, "|A| " + n0 + " without decay, " + n1 + " with");
    }

    /** --beta2 reaches the optimizer: Adam's first step is lr * sign(g) with any beta2, its second is not. */
    @Test
    void beta2ChangesTheSecondStepNotTheFirst() throws Exception {
        String[] common = {"--targets", "q,o", "--lr", "1e-2", "--warmup", "0", "--seed", "3"};
        Path one = dir.resolve("one.gguf");
        Path oneFast = dir.resolve("one-fast.gguf");
        Path two = dir.resolve("two.gguf");
        Path twoFast = dir.resolve("two-fast.gguf");
        train(one, concat(common, "--max-steps", "1"));
        train(oneFast, concat(common, "--max-steps", "1", "--beta2", "0.5"));
        train(two, concat(common, "--max-steps", "2"));
        train(twoFast, concat(common, "--max-steps", "2", "--beta2", "0.5"));
        assertEquals(GgufTensors.norm(GgufFile.read(one), ".lora_b"), GgufTensors.norm(GgufFile.read(oneFast), ".lora_b"), 1e-6);
        double slow = GgufTensors.norm(GgufFile.read(two), ".lora_a");
        double fast = GgufTensors.norm(GgufFile.read(twoFast), ".lora_a");
        assertTrue(Math.abs(slow - fast) > 1e-4 * slow, "|A| " + slow + " at beta2 0.999, " + fast + " at 0.5");
    }

    /**
     * One layer and adapters on q and o only: the one setting where a whole-window step and
     * micro-batches must agree exactly. Elsewhere they differ by design: a whole window sends
     * gradients through K and V (patch 0103), micro-batches read K and V back from the KV cache,
     * which has no backward pass.
     */
    @Test
    void microBatchesAccumulateToTheWholeWindowStep() throws Exception {
        Path oneLayer = TinyModels.model("one-layer", new TinyModel.Recipe(128, 1, 4, 384, 4096, 42));
        Path whole = dir.resolve("whole.gguf");
        Path micro = dir.resolve("micro.gguf");
        Path other = dir.resolve("other.gguf");
        String[] common = {"--targets", "q,o", "--max-steps", "2", "--lr", "1e-2", "--warmup", "0", "--ctx", "256"};
        trainOn(oneLayer, whole, concat(common, "--batch", "0", "--seed", "4"));
        trainOn(oneLayer, micro, concat(common, "--batch", "64", "--seed", "4"));
        trainOn(oneLayer, other, concat(common, "--batch", "0", "--seed", "5"));
        assertEquals(losses(whole), losses(micro), "the same per-step loss");
        GgufFile w = GgufFile.read(whole);
        GgufFile m = GgufFile.read(micro);
        GgufFile o = GgufFile.read(other);
        for (TensorInfo t : w.tensors()) {
            if (!t.name().endsWith(".lora_b")) continue; // lora_b starts at 0: it is the update itself
            float[] bw = GgufTensors.floats(w, t.name());
            float[] bm = GgufTensors.floats(m, t.name());
            float[] bo = GgufTensors.floats(o, t.name());
            double max = 0;
            double diff = 0;
            double otherDiff = 0;
            for (int i = 0; i < bw.length; i++) {
                max = Math.max(max, Math.abs(bw[i]));
                diff = Math.max(diff, Math.abs(bw[i] - bm[i]));
                otherDiff = Math.max(otherDiff, Math.abs(bw[i] - bo[i]));
            }
            assertTrue(max > 0 && diff <= 1e-3 * max, t.name() + ": micro-batched update differs by " + diff + " of " + max);
            assertTrue(otherDiff > 0.1 * max, t.name() + ": another seed is far off (" + otherDiff + "), so the bound means something");
        }
    }

    /** The step log's losses, rounded to 4 decimals (the accumulation order differs). */
    static List<String> losses(Path out) throws Exception {
        return Files.readAllLines(Trainer.logPath(out)).stream()
                .map(l -> String.format(java.util.Locale.ROOT, "%.4f", Double.parseDouble(l.replaceAll(".*\"train_loss\":([^,]*),.*", "$1"))))
                .toList();
    }

    @Test
    void truncateKeepsTooLongExamplesThatAreOtherwiseSkipped() throws Exception {
        Path data = dir.resolve("long.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(resource("memorise-20.jsonl")).subList(0, 4));
        lines.add("{\"prompt\": \"Count:\", \"completion\": \"" + "one two three four five six seven eight nine ten ".repeat(40) + "\"}");
        Files.write(data, lines);
        String[] args = {"train", "--model", TinyModels.tinyModel().toString(), "--data", data.toString(), "--threads", "2",
                "--quiet", "--epochs", "1", "--ctx", "256"};
        Path skippedOut = dir.resolve("skipped.gguf");
        CliHarness.Result skipped = CliHarness.run(concat(args, "--out", skippedOut.toString()));
        assertEquals(0, skipped.exitCode(), skipped.err());
        assertTrue(skipped.out().contains("skipped 1 example(s) longer than the 256-token window: lines [5]"), skipped.out());
        Path cutOut = dir.resolve("cut.gguf");
        CliHarness.Result cut = CliHarness.run(concat(args, "--out", cutOut.toString(), "--truncate"));
        assertEquals(0, cut.exitCode(), cut.err());
        assertTrue(cut.out().contains("truncated 1 example(s) longer than the 256-token window: lines [5]"), cut.out());
        // a data set this small is one example per window (--min-steps-per-epoch, default 32)
        assertEquals(4, Files.readAllLines(Trainer.logPath(skippedOut)).size(), "the four short examples, one step each");
        assertEquals(5, Files.readAllLines(Trainer.logPath(cutOut)).size(), "and the cut one");
        // packed full, the four short examples share one window
        Path packedOut = dir.resolve("packed.gguf");
        CliHarness.Result packed = CliHarness.run(concat(args, "--out", packedOut.toString(), "--min-steps-per-epoch", "0"));
        assertEquals(0, packed.exitCode(), packed.err());
        assertEquals(1, Files.readAllLines(Trainer.logPath(packedOut)).size(), "four short examples pack into one window");
    }

    @Test
    void learningRateFollowsWarmupThenCosineToTheMinRatio() throws Exception {
        Path out = dir.resolve("lr.gguf");
        train(out, "--targets", "q", "--rank", "2", "--max-steps", "4", "--lr", "1e-2", "--warmup", "1", "--min-lr-ratio", "0.5");
        // by hand: warm-up step 0 at 1e-2 * 1/2; then 3 decay steps, lr * (0.5 + 0.5 * (1 + cos(pi * k/3)) / 2), k = 0, 1, 2
        List<Double> expected = List.of(5e-3, 1e-2, 8.75e-3, 6.25e-3);
        List<String> lines = Files.readAllLines(Trainer.logPath(out));
        assertEquals(4, lines.size());
        for (int i = 0; i < 4; i++) {
            double lr = Double.parseDouble(lines.get(i).replaceAll(".*\"lr\":([^,}]*).*", "$1"));
            assertEquals(expected.get(i), lr, 1e-6, "step " + (i + 1) + ": " + lines.get(i));
        }
    }

    @Test
    void malformedDataIsOneErrorLineNamingTheLine() throws Exception {
        CliHarness.Result r = CliHarness.run("train", "--model", TinyModels.tinyModel().toString(), "--data",
                resource("pairs-malformed.jsonl").toString(), "--out", dir.resolve("x.gguf").toString(), "--threads", "2");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("pairs-malformed.jsonl:3:"), r.err());

        CliHarness.Result skip = CliHarness.run("train", "--model", TinyModels.tinyModel().toString(), "--data",
                resource("pairs-malformed.jsonl").toString(), "--out", dir.resolve("y.gguf").toString(), "--threads", "2",
                "--skip-malformed", "--max-steps", "1", "--quiet");
        assertEquals(0, skip.exitCode(), skip.err());
        assertTrue(skip.out().contains("skipped 3 malformed line(s)"), skip.out());
    }

    @Test
    void badOptionsAreUsageErrors() {
        String[] base = {"train", "--model", "m.gguf", "--data", "d.jsonl", "--out", "o.gguf"};
        CliHarness.Result targets = CliHarness.run(concat(base, "--targets", "q,zz"));
        assertEquals(ExitCodes.USAGE, targets.exitCode(), targets.err());
        assertTrue(targets.err().startsWith("coleta: error: ") && targets.err().contains("'zz'")
                && targets.err().contains("see 'coleta train --help'"), targets.err());
        CliHarness.Result batch = CliHarness.run(concat(base, "--batch", "100"));
        assertEquals(ExitCodes.USAGE, batch.exitCode(), batch.err());
        assertTrue(batch.err().contains("100") && batch.err().contains("256"), batch.err());
        CliHarness.Result steps = CliHarness.run(concat(base, "--min-steps-per-epoch", "-1"));
        assertEquals(ExitCodes.USAGE, steps.exitCode(), steps.err());
        assertTrue(steps.err().contains("minStepsPerEpoch must be >= 0"), steps.err());
        CliHarness.Result beta2 = CliHarness.run(concat(base, "--beta2", "1"));
        assertEquals(ExitCodes.USAGE, beta2.exitCode(), beta2.err());
        assertTrue(beta2.err().contains("beta2 must be in [0, 1), got 1.0"), beta2.err());
        CliHarness.Result unknown = CliHarness.run(concat(base, "--no-such-option"));
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("Unknown option: '--no-such-option'"), unknown.err());
        CliHarness.Result missing = CliHarness.run("train", "--model", "m.gguf");
        assertEquals(ExitCodes.USAGE, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("Missing required options") && missing.err().contains("--data"), missing.err());

        CliHarness.Result q = CliHarness.run("lora", "merge", "--model", "missing.gguf", "--lora", "a.gguf", "--out", "o.gguf");
        assertEquals(ExitCodes.BAD_INPUT, q.exitCode(), q.err());
        assertTrue(q.err().contains("model file not found: missing.gguf"), q.err());
    }

    static String[] concat(String[] a, String... b) {
        String[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
