package dev.coleta.tune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One task evaluated on its test split, with or without its adapter.
 *
 * @param task            the task
 * @param variant         "base" (no adapter) or "adapter"
 * @param examples        test examples scored
 * @param validity        share of outputs that parse, pass the task's checks and run
 * @param metrics         the task's accuracy figures, by name (e.g. execution_accuracy, f1)
 * @param hallucination   share of produced string values absent from the page (scrape), else NaN
 * @param tokensPerSecond generated tokens per second under the task's grammar
 * @param trainSeconds    training time of the adapter (0 for the base)
 * @param evalSeconds     time the evaluation took
 */
public record TaskScore(TuneTask task, String variant, int examples, double validity, Map<String, Double> metrics,
                        double hallucination, double tokensPerSecond, double trainSeconds, double evalSeconds) {
    public TaskScore {
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The task's headline figure: execution accuracy, field F1 or configuration success. */
    public double primary() {
        return metrics.values().iterator().next();
    }

    public String primaryName() {
        return metrics.keySet().iterator().next();
    }

    /** A copy with one more metric (after the existing ones). */
    public TaskScore withMetric(String name, double value) {
        Map<String, Double> m = new LinkedHashMap<>(metrics);
        m.put(name, value);
        return new TaskScore(task, variant, examples, validity, m, hallucination, tokensPerSecond, trainSeconds, evalSeconds);
    }

    public TaskScore withTrainSeconds(double v) {
        return new TaskScore(task, variant, examples, validity, metrics, hallucination, tokensPerSecond, v, evalSeconds);
    }
}
