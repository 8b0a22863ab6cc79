package dev.coleta.tune;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link Tuner} run produced.
 *
 * @param base     the base model the adapters were trained on
 * @param adapters one adapter per task, in task order
 * @param scores   every evaluation (base and adapter per task)
 * @param report   the markdown report
 */
public record TuneResult(Path base, List<Path> adapters, List<TaskScore> scores, Path report) {
    public TuneResult {
        adapters = List.copyOf(adapters);
        scores = List.copyOf(scores);
    }

    /** The score of {@code task} with its adapter ("adapter") or without ("base"), or null. */
    public TaskScore score(TuneTask task, String variant) {
        return scores.stream().filter(s -> s.task() == task && s.variant().equals(variant)).findFirst().orElse(null);
    }
}
