package dev.coleta.train;

import java.util.EnumSet;
import java.util.Set;

/**
 * How to train. Defaults ({@link #defaults()}) suit a LoRA on a small model.
 *
 * @param full            full fine-tuning of every F32 tensor (the token embeddings too, patch
 *                        0105) instead of a LoRA adapter; default false. Needs an F32 model.
 * @param rank            LoRA rank; default 8
 * @param alpha           LoRA alpha (the adapter is scaled by alpha/rank); default 16
 * @param targets         projections that get an adapter; default the seven of every layer
 *                        ({@link Target#PROJECTIONS}; {@link Target#OUTPUT} is opt-in). With
 *                        {@code full}, the projections that train: the others stay frozen
 *                        (norms and the output layer always train; OUTPUT has no effect)
 * @param epochs          passes over the training examples; default 3
 * @param maxSteps        stop after this many optimizer steps in all (0: no limit); default 0
 * @param learningRate    peak AdamW learning rate; default 1e-3
 * @param warmupSteps     steps of linear warm-up from 0 to the peak; default 10
 * @param minLrRatio      the cosine decay ends at this fraction of the peak; default 0.1
 * @param weightDecay     AdamW weight decay; default 0
 * @param contextSize     tokens per training window (llama.cpp may round it up to 256); default 256
 * @param batchSize       tokens per micro-batch; must divide the window; gradients of a window's
 *                        micro-batches add up to one optimizer step; 0 (default) = the window
 * @param evalSplit       fraction of the examples held out for the eval loss; default 0
 * @param checkpointEvery write a checkpoint every N steps (0: only at the end); default 0
 * @param resume          continue from the last checkpoint next to the output; default false
 * @param seed            seed of the adapter's initial weights and of the data order; default 42
 * @param threads         CPU threads; default: available processors
 * @param gpuLayers       layers offloaded to the GPU (0: CPU only); default 0
 * @param truncateTooLong cut examples longer than a window instead of skipping them; default false
 * @param skipMalformed   skip (and count) malformed data lines instead of failing; default false
 * @param minStepsPerEpoch optimizer steps an epoch has at least: a data set too small to fill that
 *                        many windows is spread over that many (one example per window when it has
 *                        fewer examples), so that a few dozen epochs of ten examples are a few hundred
 *                        steps, not a few dozen (docs/EXPERIMENTS.md E14); 0 packs every window full.
 *                        Default 32
 * @param beta2           AdamW's decay rate of the second moment (the running mean of squared
 *                        gradients that scales each step); default {@value #DEFAULT_BETA2}, ggml's.
 *                        Lower values forget the large gradients of the first steps sooner
 */
public record TrainOptions(boolean full, int rank, float alpha, Set<Target> targets, int epochs, int maxSteps,
                           float learningRate, int warmupSteps, float minLrRatio, float weightDecay, int contextSize,
                           int batchSize, float evalSplit, int checkpointEvery, boolean resume, long seed, int threads,
                           int gpuLayers, boolean truncateTooLong, boolean skipMalformed, int minStepsPerEpoch, float beta2) {
    public TrainOptions {
        targets = targets == null ? Set.of() : Set.copyOf(targets);
        if (rank < 1) throw new IllegalArgumentException("rank must be >= 1, got " + rank);
        if (!(alpha > 0) || !Float.isFinite(alpha)) throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        if (!full && targets.isEmpty()) throw new IllegalArgumentException("targets must name at least one projection");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
        if (!(minLrRatio >= 0 && minLrRatio <= 1)) throw new IllegalArgumentException("minLrRatio must be in [0, 1], got " + minLrRatio);
        if (!(weightDecay >= 0 && weightDecay <= 1)) throw new IllegalArgumentException("weightDecay must be in [0, 1], got " + weightDecay);
        if (contextSize < 8) throw new IllegalArgumentException("contextSize must be >= 8, got " + contextSize);
        if (batchSize < 0) throw new IllegalArgumentException("batchSize must be >= 0, got " + batchSize);
        if (batchSize > 0 && contextSize % batchSize != 0) {
            throw new IllegalArgumentException("batchSize " + batchSize + " must divide contextSize " + contextSize);
        }
        if (!(evalSplit >= 0 && evalSplit < 1)) throw new IllegalArgumentException("evalSplit must be in [0, 1), got " + evalSplit);
        if (checkpointEvery < 0) throw new IllegalArgumentException("checkpointEvery must be >= 0, got " + checkpointEvery);
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (gpuLayers < 0) throw new IllegalArgumentException("gpuLayers must be >= 0, got " + gpuLayers);
        if (minStepsPerEpoch < 0) throw new IllegalArgumentException("minStepsPerEpoch must be >= 0, got " + minStepsPerEpoch);
        requireBeta2(beta2);
    }

    /** ggml_opt's default second-moment decay rate. */
    public static final float DEFAULT_BETA2 = 0.999f;

    /** {@code beta2}, or an IllegalArgumentException that names the allowed range. */
    public static float requireBeta2(float beta2) {
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        return beta2;
    }

    public static TrainOptions defaults() {
        return new TrainOptions(false, 8, 16f, Target.PROJECTIONS, 3, 0, 1e-3f, 10, 0.1f, 0f, 256, 0, 0f, 0,
                false, 42, Math.max(1, Runtime.getRuntime().availableProcessors()), 0, false, false, 32, DEFAULT_BETA2);
    }

    public TrainOptions withFull(boolean v) { return new TrainOptions(v, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withRank(int v) { return new TrainOptions(full, v, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withAlpha(float v) { return new TrainOptions(full, rank, v, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withTargets(Set<Target> v) { return new TrainOptions(full, rank, alpha, v, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withEpochs(int v) { return new TrainOptions(full, rank, alpha, targets, v, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withMaxSteps(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, v, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withLearningRate(float v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, v, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withWarmupSteps(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, v, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withMinLrRatio(float v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, v, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withWeightDecay(float v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, v, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withContextSize(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, v, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withBatchSize(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, v, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withEvalSplit(float v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, v, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withCheckpointEvery(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, v, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withResume(boolean v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, v, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withSeed(long v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, v, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withThreads(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, v, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withGpuLayers(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, v, truncateTooLong, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withTruncateTooLong(boolean v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, v, skipMalformed, minStepsPerEpoch, beta2); }
    public TrainOptions withSkipMalformed(boolean v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, v, minStepsPerEpoch, beta2); }

    public TrainOptions withMinStepsPerEpoch(int v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, v, beta2); }
    public TrainOptions withBeta2(float v) { return new TrainOptions(full, rank, alpha, targets, epochs, maxSteps, learningRate, warmupSteps, minLrRatio, weightDecay, contextSize, batchSize, evalSplit, checkpointEvery, resume, seed, threads, gpuLayers, truncateTooLong, skipMalformed, minStepsPerEpoch, v); }

    /**
     * Most examples packed into one window of an epoch of {@code examples}: as many as fit
     * (0) when the data set is large, fewer when packing would leave an epoch fewer than
     * {@link #minStepsPerEpoch} optimizer steps (one example per window below that many examples).
     */
    public int examplesPerWindow(int examples) {
        if (minStepsPerEpoch == 0) return 0;
        int windows = Math.min(minStepsPerEpoch, Math.max(1, examples));
        return (examples + windows - 1) / windows;
    }

    /** The learning rate at optimizer step {@code step} (0-based) of {@code totalSteps}: linear warm-up, then cosine decay. */
    public float learningRateAt(int step, int totalSteps) {
        if (warmupSteps > 0 && step < warmupSteps) return learningRate * (step + 1) / (warmupSteps + 1);
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (learningRate * (minLrRatio + (1 - minLrRatio) * cosine));
    }
}
