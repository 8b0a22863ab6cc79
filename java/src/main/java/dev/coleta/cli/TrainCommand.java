package dev.coleta.cli;

import dev.coleta.train.ProgressListener;
import dev.coleta.train.Target;
import dev.coleta.train.TrainOptions;
import dev.coleta.train.TrainProgress;
import dev.coleta.train.TrainResult;
import dev.coleta.train.Trainer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code coleta train}: LoRA on a frozen base, or full fine-tuning with {@code --full}. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a LoRA adapter on a frozen (possibly quantised) model, or fine-tune every weight of an F32 model (--full).",
                "Data: JSONL with {\"prompt\",\"completion\"} or {\"messages\":[{\"role\",\"content\"}...]}; the loss is on completions / assistant turns only.",
                "Writes OUT, OUT.log.jsonl (one line per step), OUT.loss.png and, with checkpoints, OUT.ckpt/."})
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Base GGUF model (F32, F16, Q8_0, Q4_0 ...; F32 for --full).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (JSONL).")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output adapter GGUF (a model GGUF with --full).")
    Path out;

    @Option(names = "--full", description = "Full fine-tuning of every F32 weight instead of a LoRA adapter.")
    boolean full;

    @Option(names = "--rank", paramLabel = "N", description = "LoRA rank (default: ${DEFAULT-VALUE}).", defaultValue = "8")
    int rank;

    @Option(names = "--alpha", paramLabel = "F", description = "LoRA alpha; the adapter is scaled by alpha/rank (default: ${DEFAULT-VALUE}).", defaultValue = "16")
    float alpha;

    @Option(names = "--targets", paramLabel = "LIST", description = "Projections to adapt (with --full: to train, the others stay frozen): q,k,v,o,gate,up,down or all (default: ${DEFAULT-VALUE}).", defaultValue = "all")
    String targets;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int epochs;

    @Option(names = "--min-steps-per-epoch", paramLabel = "N", description = "An epoch is at least N optimizer steps: a data set too small to fill N windows is spread over N (one example per window below N examples); 0 packs every window full (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int minStepsPerEpoch;

    @Option(names = "--max-steps", paramLabel = "N", description = "Stop after N optimizer steps in all (0: no limit; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int maxSteps;

    @Option(names = "--lr", paramLabel = "F", description = "Peak learning rate (default: ${DEFAULT-VALUE}).", defaultValue = "1e-3")
    float lr;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up steps, then cosine decay (default: ${DEFAULT-VALUE}).", defaultValue = "10")
    int warmup;

    @Option(names = "--min-lr-ratio", paramLabel = "F", description = "The decay ends at this fraction of the peak rate (default: ${DEFAULT-VALUE}).", defaultValue = "0.1")
    float minLrRatio;

    @Option(names = "--beta2", paramLabel = "F", description = "AdamW's second-moment decay rate, in [0, 1) (default: ${DEFAULT-VALUE}).", defaultValue = "0.999")
    float beta2;

    @Option(names = "--weight-decay", paramLabel = "F", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    float weightDecay;

    @Option(names = "--ctx", paramLabel = "N", description = "Tokens per training window; llama.cpp rounds it up to a multiple of 256 (default: ${DEFAULT-VALUE}).", defaultValue = "256")
    int ctx;

    @Option(names = "--batch", paramLabel = "N", description = "Tokens per micro-batch, dividing --ctx (0: the whole window; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int batch;

    @Option(names = "--eval-split", paramLabel = "F", description = "Fraction of examples held out for the eval loss (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    float evalSplit;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint every N steps (0: only at the end; default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int checkpointEvery;

    @Option(names = "--resume", description = "Continue from the last checkpoint in OUT.ckpt/ (starts afresh if there is none).")
    boolean resume;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the initial adapter and the data order (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
    Integer threads;

    @Option(names = "--gpu-layers", paramLabel = "N", description = "Layers offloaded to the GPU (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int gpuLayers;

    @Option(names = "--truncate", description = "Cut examples longer than a window instead of skipping them.")
    boolean truncate;

    @Option(names = "--skip-malformed", description = "Skip (and count) malformed data lines instead of failing.")
    boolean skipMalformed;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() {
        TrainOptions d = TrainOptions.defaults();
        TrainOptions o;
        try {
            o = new TrainOptions(full, rank, alpha, Target.parseList(targets), epochs, maxSteps, lr, warmup, minLrRatio,
                    weightDecay, ctx, batch, evalSplit, checkpointEvery, resume, seed, threads == null ? d.threads() : threads,
                    gpuLayers, truncate, skipMalformed, minStepsPerEpoch, beta2);
        } catch (IllegalArgumentException e) {
            // an option value out of range is a wrong command line (exit 2), not a bad input file (3)
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressBar[] bar = new ProgressBar[1];
        ProgressListener listener = quiet ? ProgressListener.NONE : p -> {
            if (bar[0] == null) bar[0] = bar(err, p);
            bar[0].stepTo(p.step());
            bar[0].setExtraMessage(String.format(Locale.ROOT, " | loss %.4f%s | %.0f tok/s", p.trainLoss(),
                    Double.isNaN(p.evalLoss()) ? "" : String.format(Locale.ROOT, " eval %.4f", p.evalLoss()), p.tokensPerSecond()));
        };
        Trainer trainer = new Trainer(o, listener);
        TrainResult r;
        try {
            r = trainer.train(model, data, this.out);
        } finally {
            if (bar[0] != null) {
                bar[0].close();
                err.println();
                err.flush();
            }
        }
        if (!r.skippedLines().isEmpty()) {
            stdout.printf("skipped %d malformed line(s):%n", r.skippedLines().size());
            r.skippedLines().forEach(s -> stdout.println("  " + s));
        }
        if (!r.tooLong().isEmpty()) {
            stdout.printf("%s %d example(s) longer than the %s-token window: lines %s%n", o.truncateTooLong() ? "truncated" : "skipped",
                    r.tooLong().size(), ctx, r.tooLong());
        }
        if (r.resumedFrom() > 0) stdout.printf("resumed from step %d%n", r.resumedFrom());
        stdout.printf(Locale.ROOT, "%s %d/%d steps: train loss %.4f%s, %.0f tok/s%n", r.cancelled() ? "cancelled after" : "trained",
                r.steps(), r.totalSteps(), r.finalTrainLoss(),
                Double.isNaN(r.finalEvalLoss()) ? "" : String.format(Locale.ROOT, ", eval loss %.4f", r.finalEvalLoss()), r.tokensPerSecond());
        stdout.println("wrote " + r.output());
        stdout.println("log   " + r.log());
        if (java.nio.file.Files.exists(r.plot())) stdout.println("plot  " + r.plot());
        return ExitCodes.OK;
    }

    private static ProgressBar bar(PrintWriter err, TrainProgress first) {
        return new ProgressBarBuilder().setTaskName("train").setInitialMax(first.totalSteps()).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" steps", 1).showSpeed().startsFrom(first.step() - 1, java.time.Duration.ZERO)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r');
                    err.print(line);
                    err.flush();
                }, 120)).build();
    }
}
