package dev.coleta.tune;

import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener sees each stage start, progress and finish, in order, and a second run find them
 * done. The recorder stops the run when training would start, so that nothing is trained.
 */
class TuneListenerIT {
    @TempDir
    Path dir;

    static final class StopBeforeTraining extends RuntimeException {
    }

    static final class Recorder implements TuneListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void stageStarted(String stage, long total, String unit) {
            events.add("started " + stage + " " + total + " " + unit);
            if (stage.startsWith("adapter")) throw new StopBeforeTraining();
        }

        @Override
        public void stageProgress(long done, String detail) {
            events.add("progress " + done + " " + detail);
        }

        @Override
        public void stageFinished(String stage, String summary, boolean resumed) {
            events.add("finished " + stage + (resumed ? " (resumed) " : " ") + summary);
        }
    }

    /**
     * Checks the order of the calls it forwards: progress only inside a started stage, never
     * past its total nor backwards; a stage finishes under the name it started with (or,
     * found done by an earlier run, finishes without starting).
     */
    static final class InOrder implements TuneListener {
        final TuneListener inner;
        String open;
        long total;
        long done;

        InOrder(TuneListener inner) {
            this.inner = inner;
        }

        @Override
        public void stageStarted(String stage, long total, String unit) {
            assertEquals(null, open, "started " + stage + " inside " + open);
            open = stage;
            this.total = total;
            done = 0;
            inner.stageStarted(stage, total, unit);
        }

        @Override
        public void stageProgress(long done, String detail) {
            assertTrue(open != null, "progress outside a stage");
            assertTrue(done >= this.done && (total == 0 || done <= total), open + ": " + done + " after " + this.done + " of " + total);
            this.done = done;
            inner.stageProgress(done, detail);
        }

        @Override
        public void stageFinished(String stage, String summary, boolean resumed) {
            assertEquals(resumed ? null : stage, open, "finished " + stage);
            open = null;
            inner.stageFinished(stage, summary, resumed);
        }
    }

    static TuneOptions options(Path out, long loraTokens) {
        TunePlan plan = TunePlan.forBudget(Duration.ofMinutes(15)).withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1)
                .withLoraTokens(loraTokens);
        return TuneOptions.defaults(out).withModel(TinyModels.tinyModel()).withTasks(Set.of(TuneTask.NL2SQL)).withThreads(2)
                .withPlan(plan);
    }

    @Test
    void stagesAreReportedInOrderAndFoundDoneOnTheSecondRun() {
        Path out = dir.resolve("run");
        Recorder first = new Recorder();
        assertThrows(StopBeforeTraining.class, () -> new Tuner(options(out, 3 * 1024), new InOrder(first)).run());
        assertEquals(6, first.events.size(), first.events.toString());
        assertEquals("started data 0 ", first.events.get(0));
        assertEquals("finished data 10 nl2sql questions and 2 pages to train on, 1 test examples per task", first.events.get(1));
        assertEquals("started record 1 tasks", first.events.get(2));
        assertEquals("progress 1 nl2sql", first.events.get(3));
        assertTrue(first.events.get(4).startsWith("finished record nl2sql "), first.events.get(4));
        // 3 x 1024 LoRA tokens in windows of the plan's 1024-token context
        assertEquals("started adapter nl2sql 3 steps", first.events.get(5));

        Recorder second = new Recorder();
        assertThrows(StopBeforeTraining.class, () -> new Tuner(options(out, 3 * 1024), new InOrder(second)).run());
        assertEquals(List.of("finished data (resumed) kept from an earlier run", "finished record (resumed) kept from an earlier run",
                "started adapter nl2sql 3 steps"), second.events);
    }

    @Test
    void loraTokensSetTheAdapterStagesSteps() {
        Recorder r = new Recorder();
        assertThrows(StopBeforeTraining.class, () -> new Tuner(options(dir.resolve("five"), 5 * 1024 + 100), new InOrder(r)).run());
        assertEquals("started adapter nl2sql 5 steps", r.events.get(r.events.size() - 1));
    }
}
