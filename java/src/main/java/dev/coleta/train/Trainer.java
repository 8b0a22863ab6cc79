package dev.coleta.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.TrainingException;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.train.data.Example;
import dev.coleta.train.data.ExampleTokenizer;
import dev.coleta.train.data.JsonlDataset;
import dev.coleta.train.data.Packer;
import dev.coleta.train.data.TokenizedExample;
import dev.coleta.train.data.Window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Trains a LoRA adapter on a frozen base (F32, F16, Q8_0, Q4_0 ...) or, with
 * {@link TrainOptions#full()}, every F32 tensor of a model, through llama.cpp's training API.
 *
 * <p>Examples are tokenized with the model's own tokenizer and chat template, shuffled per
 * epoch (seeded) and packed into windows, one optimizer step each (a small data set is spread
 * over {@link TrainOptions#minStepsPerEpoch()} windows); the loss is on completion / assistant
 * tokens only. Next to the output it writes {@code <out>.log.jsonl} (one line per step),
 * {@code <out>.loss.png} (where the runtime can draw it)
 * and, with checkpoints, the directory {@code <out>.ckpt/}. Every file is written to a
 * temporary name and renamed, so a crash (even kill -9) never leaves a half-written one; a
 * resumed run ({@link TrainOptions#resume()}) continues from the last checkpoint with the
 * optimizer's state and the same data order.
 *
 * <p>{@link #cancel()} may be called from any thread; the run stops after the current step and
 * still writes its output.
 */
public final class Trainer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainOptions options;
    private final ProgressListener listener;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public Trainer(TrainOptions options, ProgressListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    public Trainer(TrainOptions options) {
        this(options, ProgressListener.NONE);
    }

    public TrainOptions options() {
        return options;
    }

    /** Asks the running {@code train} call to stop after its current step. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Trains on a JSONL file (see {@link JsonlDataset}). */
    public TrainResult train(Path model, Path data, Path out) {
        JsonlDataset ds = JsonlDataset.read(data, options.skipMalformed());
        return train(model, ds.examples(), ds.skipped(), out);
    }

    /** Trains on examples built in code. */
    public TrainResult train(Path model, List<Example> examples, Path out) {
        return train(model, examples, List.of(), out);
    }

    /**
     * The mean loss per unmasked token of {@code examples} (completion / assistant tokens) under
     * {@code model} with {@code adapter} applied, or under the model alone when {@code adapter} is
     * null; nothing is trained. Uses this trainer's context size and threads; examples longer
     * than a window are cut ({@link TrainOptions#truncateTooLong()}) or left out.
     */
    public double evaluate(Path model, Path adapter, List<? extends Example> examples) {
        Objects.requireNonNull(model, "model");
        if (!Files.isRegularFile(model)) throw new TrainingException("model file not found: " + model);
        if (adapter != null && !Files.isRegularFile(adapter)) throw new TrainingException("adapter file not found: " + adapter);
        if (examples.isEmpty()) throw new TrainingException("no examples to evaluate");
        Tokenized t = tokenize(model, examples);
        List<TokenizedExample> tokenized = t.examples();
        int eos = t.eos();
        // a fresh adapter starts with lora_b = 0, so without an adapter file the loss is the base model's
        TrainOptions o = options.withFull(false);
        try (NativeTrainer nt = new NativeTrainer(model, adapter, o)) {
            List<Window> windows = Packer.pack(tokenized, nt.contextSize(), eos, options.truncateTooLong()).windows();
            if (windows.isEmpty()) throw new TrainingException("no example fits a window of " + nt.contextSize() + " tokens");
            return evaluate(nt, windows);
        }
    }

    /** The step log written next to {@code out}. */
    public static Path logPath(Path out) {
        return sibling(out, ".log.jsonl");
    }

    /** The loss-curve PNG written next to {@code out}. */
    public static Path plotPath(Path out) {
        return sibling(out, ".loss.png");
    }

    /** The checkpoint directory next to {@code out}. */
    public static Path checkpointDir(Path out) {
        return sibling(out, ".ckpt");
    }

    private static Path sibling(Path out, String suffix) {
        return out.toAbsolutePath().resolveSibling(out.getFileName() + suffix);
    }

    private TrainResult train(Path model, List<Example> examples, List<String> skipped, Path out) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(out, "out");
        if (!Files.isRegularFile(model)) throw new TrainingException("model file not found: " + model);
        if (examples.isEmpty()) throw new TrainingException("no training examples");
        Path outAbs = out.toAbsolutePath();
        if (!Files.isDirectory(outAbs.getParent())) throw new TrainingException("output directory does not exist: " + outAbs.getParent());
        cancelled.set(false);

        Tokenized t = tokenize(model, examples);
        List<TokenizedExample> tokenized = t.examples();
        int eos = t.eos();

        // held-out examples: a seeded choice, the same on every resume
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tokenized.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(options.seed()));
        int nEval = options.evalSplit() > 0 ? Math.max(1, (int) Math.round(options.evalSplit() * tokenized.size())) : 0;
        if (nEval >= tokenized.size()) throw new TrainingException("evalSplit " + options.evalSplit() + " leaves no training example");
        boolean[] isEval = new boolean[tokenized.size()];
        for (int k = 0; k < nEval; k++) isEval[order.get(k)] = true;
        List<TokenizedExample> evalSet = new ArrayList<>();
        List<TokenizedExample> trainSet = new ArrayList<>();
        for (int i = 0; i < tokenized.size(); i++) (isEval[i] ? evalSet : trainSet).add(tokenized.get(i));

        Path ckptDir = checkpointDir(outAbs);
        Checkpoint ckpt = options.resume() ? Checkpoint.read(ckptDir) : null;
        if (ckpt != null && ckpt.full() != options.full()) {
            throw new TrainingException("the checkpoint in " + ckptDir + " is for " + (ckpt.full() ? "full fine-tuning" : "LoRA")
                    + "; resume with the same mode or delete the directory");
        }
        Path base = ckpt != null && options.full() ? ckpt.weights() : model;
        Path initLora = ckpt != null && !options.full() ? ckpt.weights() : null;

        try (NativeTrainer nt = new NativeTrainer(base, initLora, options)) {
            int nCtx = nt.contextSize();
            Packer.Packing evalPack = Packer.pack(evalSet, nCtx, eos, options.truncateTooLong());
            List<List<Window>> epochs = new ArrayList<>();
            List<Integer> tooLong = new ArrayList<>(evalPack.tooLong());
            for (int e = 0; e < options.epochs(); e++) {
                List<TokenizedExample> shuffled = new ArrayList<>(trainSet);
                Collections.shuffle(shuffled, new Random(options.seed() * 31 + e + 1));
                Packer.Packing p = Packer.pack(shuffled, nCtx, eos, options.truncateTooLong(), options.examplesPerWindow(shuffled.size()));
                if (e == 0) tooLong.addAll(p.tooLong());
                epochs.add(p.windows());
            }
            if (epochs.get(0).isEmpty()) {
                throw new TrainingException("no example fits a window of " + nCtx + " tokens (" + tooLong.size()
                        + " too long); raise the context size or allow truncation");
            }
            int planned = 0;
            for (List<Window> w : epochs) planned += w.size();
            int total = options.maxSteps() > 0 ? Math.min(options.maxSteps(), planned) : planned;

            int start = 0;
            if (ckpt != null) {
                start = (int) nt.loadState(ckpt.optimizer());
                if (start != ckpt.step()) throw new TrainingException("checkpoint " + ckptDir + " is inconsistent; delete it");
            }
            return run(nt, epochs, evalPack.windows(), total, start, outAbs, tooLong, skipped);
        } catch (IOException e) {
            throw new TrainingException("cannot write next to " + outAbs + ": " + e.getMessage(), e);
        }
    }

    private TrainResult run(NativeTrainer nt, List<List<Window>> epochs, List<Window> evalWindows, int total, int start,
                            Path out, List<Integer> tooLong, List<String> skipped) throws IOException {
        int nCtx = nt.contextSize();
        Path ckptDir = checkpointDir(out);
        long t0 = System.nanoTime();
        int done = 0;
        double lastTrain = Double.NaN;
        double lastEval = Double.NaN;
        double tps = 0;
        int step = start;
        try (StepLog log = StepLog.open(logPath(out), start)) {
            for (TrainProgress p : log.steps()) {
                if (!Double.isNaN(p.evalLoss())) lastEval = p.evalLoss();
                lastTrain = p.trainLoss();
            }
            while (step < total && !cancelled.get()) {
                int epoch = 0;
                int index = step;
                while (index >= epochs.get(epoch).size()) index -= epochs.get(epoch++).size();
                float lr = options.learningRateAt(step, total);
                lastTrain = nt.step(epochs.get(epoch).get(index), lr);
                step++;
                done++;
                boolean endOfEpoch = index == epochs.get(epoch).size() - 1;
                double evalLoss = Double.NaN;
                if (!evalWindows.isEmpty() && (endOfEpoch || step == total)) {
                    evalLoss = evaluate(nt, evalWindows);
                    lastEval = evalLoss;
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                tps = done * (double) nCtx / Math.max(elapsed, 1e-9);
                TrainProgress p = new TrainProgress(step, total, epoch + 1, lastTrain, evalLoss, lr, tps, elapsed);
                log.add(p);
                listener.onStep(p);
                if (options.checkpointEvery() > 0 && step % options.checkpointEvery() == 0 && step < total) {
                    Checkpoint.write(ckptDir, nt, step, options.full());
                }
            }
            if (done > 0 || !java.nio.file.Files.exists(out)) nt.save(out);
            if (done > 0) Checkpoint.write(ckptDir, nt, step, options.full(), out.toAbsolutePath()); // the weights are written once
            if (dev.coleta.io.OptionalDependencies.charts()) LossPlot.write(log.steps(), plotPath(out));
        }
        return new TrainResult(out, logPath(out), plotPath(out), step, total, lastTrain, lastEval, tps, cancelled.get(),
                start, epochs.get(0).size(), tooLong, skipped);
    }

    private record Tokenized(List<TokenizedExample> examples, int eos) {
    }

    /** The examples in the model's tokens (its tokenizer and chat template, loaded vocabulary-only). */
    private static Tokenized tokenize(Path model, List<? extends Example> examples) {
        try (Model vocab = Model.load(model, ModelOptions.defaults().withVocabOnly(true))) {
            return new Tokenized(new ExampleTokenizer(vocab).tokenizeAll(new ArrayList<>(examples)), vocab.eosToken());
        }
    }

    /** Mean eval loss per unmasked token over all held-out windows. */
    private static double evaluate(NativeTrainer nt, List<Window> windows) {
        double sum = 0;
        long n = 0;
        for (Window w : windows) {
            int k = w.unmasked();
            if (k == 0) continue;
            sum += nt.eval(w) * k;
            n += k;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** A consistent checkpoint: weights and optimizer state of one step, named by checkpoint.json. */
    record Checkpoint(int step, boolean full, Path weights, Path optimizer) {
        static Checkpoint read(Path dir) {
            Path json = dir.resolve("checkpoint.json");
            if (!Files.isRegularFile(json)) return null;
            try {
                JsonNode o = JSON.readTree(Files.readString(json, StandardCharsets.UTF_8));
                Checkpoint c = new Checkpoint(o.get("step").asInt(), o.get("full").asBoolean(),
                        dir.resolve(o.get("weights").asText()), dir.resolve(o.get("optimizer").asText()));
                if (!Files.isRegularFile(c.weights()) || !Files.isRegularFile(c.optimizer())) {
                    throw new TrainingException("checkpoint " + json + " names missing files; delete " + dir);
                }
                return c;
            } catch (IOException | NullPointerException e) {
                throw new TrainingException("cannot read checkpoint " + json + "; delete " + dir + " to start afresh", e);
            }
        }

        /**
         * Writes the step's files under new names, then points checkpoint.json at them (an atomic
         * rename), then deletes older files: at every instant checkpoint.json names complete files.
         */
        static void write(Path dir, NativeTrainer nt, int step, boolean full) throws IOException {
            write(dir, nt, step, full, null);
        }

        /**
         * As above; {@code saved} (may be null) is a file that already holds these weights (the
         * final output): it is hard-linked instead of written a second time, when the file
         * system allows. The output is written by an atomic rename, so a later run replacing it
         * leaves the checkpoint's link intact.
         */
        static void write(Path dir, NativeTrainer nt, int step, boolean full, Path saved) throws IOException {
            Files.createDirectories(dir);
            String weights = (full ? "model-" : "adapter-") + step + ".gguf";
            String optimizer = "optimizer-" + step + ".gguf";
            Path target = dir.resolve(weights);
            boolean linked = false;
            if (saved != null) {
                try {
                    Files.deleteIfExists(target);
                    Files.createLink(target, saved);
                    linked = true;
                } catch (IOException | UnsupportedOperationException e) {
                    linked = false; // another file system, or no hard links: write it
                }
            }
            if (!linked) nt.save(target);
            nt.saveState(dir.resolve(optimizer), step);
            ObjectNode o = JSON.createObjectNode();
            o.put("step", step);
            o.put("full", full);
            o.put("weights", weights);
            o.put("optimizer", optimizer);
            dev.coleta.io.AtomicFiles.write(dir.resolve("checkpoint.json"), out -> out.write(o.toString().getBytes(StandardCharsets.UTF_8)));
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".gguf") && !name.equals(weights) && !name.equals(optimizer)) Files.deleteIfExists(f);
                }
            }
        }
    }
}
