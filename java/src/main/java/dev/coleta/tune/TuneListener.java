package dev.coleta.tune;

/** Follows a {@link Tuner} run, stage by stage; called on the running thread. */
public interface TuneListener {
    TuneListener NONE = new TuneListener() {
    };

    /** A stage starts; {@code total} units of work ({@code unit}), 0 when unknown. */
    default void stageStarted(String stage, long total, String unit) {
    }

    /** {@code done} of the stage's units are done; {@code detail} e.g. the current loss. */
    default void stageProgress(long done, String detail) {
    }

    /** The stage ended (or was found done by an earlier run: {@code resumed}). */
    default void stageFinished(String stage, String summary, boolean resumed) {
    }
}
