package dev.coleta.train;

/** Receives every optimizer step; called on the training thread, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = p -> { };

    void onStep(TrainProgress progress);
}
