package dev.coleta.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a training run produced.
 *
 * @param output          the adapter (LoRA) or model (full) file
 * @param log             the JSONL step log
 * @param plot            the loss-curve PNG
 * @param steps           optimizer steps done in all (including those before a resume)
 * @param totalSteps      steps planned
 * @param finalTrainLoss  the train loss of the last step
 * @param finalEvalLoss   the last eval loss (NaN without an eval split)
 * @param tokensPerSecond window tokens per second of this run
 * @param cancelled       the run was cancelled; the output holds the weights at that point
 * @param resumedFrom     the step a resume started from (0 for a fresh run)
 * @param trainWindows    windows per epoch
 * @param tooLong         lines of the examples that were longer than a window
 * @param skippedLines    problems of the malformed lines that were skipped
 */
public record TrainResult(Path output, Path log, Path plot, int steps, int totalSteps, double finalTrainLoss,
                          double finalEvalLoss, double tokensPerSecond, boolean cancelled, int resumedFrom,
                          int trainWindows, List<Integer> tooLong, List<String> skippedLines) {
    public TrainResult {
        tooLong = List.copyOf(tooLong);
        skippedLines = List.copyOf(skippedLines);
    }
}
