package dev.coleta.train;

/**
 * One optimizer step, as reported to a {@link ProgressListener} and written to the step log.
 *
 * @param step            1-based optimizer step
 * @param totalSteps      steps of the whole run
 * @param epoch           1-based epoch
 * @param trainLoss       mean loss per unmasked token of this step's window
 * @param evalLoss        mean loss per unmasked token on the held-out examples, or NaN when
 *                        not evaluated at this step
 * @param learningRate    the learning rate of this step
 * @param tokensPerSecond window tokens processed per second, averaged over this run
 * @param elapsedSeconds  seconds since this run (or resume) started
 */
public record TrainProgress(int step, int totalSteps, int epoch, double trainLoss, double evalLoss, float learningRate,
                            double tokensPerSecond, double elapsedSeconds) {
    /** Estimated seconds left, from this run's pace. */
    public double etaSeconds() {
        return tokensPerSecond <= 0 || step <= 0 ? Double.NaN : elapsedSeconds / Math.max(1, step) * (totalSteps - step);
    }
}
