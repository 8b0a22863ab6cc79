package dev.coleta.tune;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link Tuner} runs.
 *
 * @param outDir    where every artefact goes (data, base, adapters, evaluations, report); a
 *                  second run in the same directory resumes
 * @param budget    time for all stages on 2 cores; default 15 minutes. Sets the {@link #plan()}
 * @param seed      seed of data, weights and data order; default 1
 * @param model     a Llama-family GGUF to tune adapters on instead of creating and cramming a
 *                  base (null, the default: create and cram one)
 * @param threads   CPU threads; default: available processors
 * @param tasks     tasks to tune; default all three
 * @param evalBase  also evaluate the base without an adapter (the baseline column); default true
 * @param plan      sizes and lengths; default {@link TunePlan#forBudget(Duration)} of the budget
 * @param scrapeGrounded evaluate scrape with page-grounded strings ({@link dev.coleta.scrape.ScrapeOptions#grounded()});
 *                  default as {@code ScrapeOptions.defaults()} (true). An evaluation setting only:
 *                  not part of {@code run.json}, so changing it keeps every trained stage and
 *                  re-evaluates scrape alone (its results are kept under another name)
 * @param beams     beams of the evaluations' generation ({@link dev.coleta.llama.GenerateOptions#beams()}):
 *                  1 is greedy token by token; default {@value #DEFAULT_BEAMS}. An evaluation setting
 *                  like {@code scrapeGrounded}: results with other beams are kept under other names
 */
public record TuneOptions(Path outDir, Duration budget, long seed, Path model, int threads, Set<TuneTask> tasks,
                          boolean evalBase, TunePlan plan, boolean scrapeGrounded, int beams) {
    /** Beams of the default evaluation (docs/EXPERIMENTS.md E26). */
    public static final int DEFAULT_BEAMS = 1;

    public TuneOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(plan, "plan");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        dev.coleta.llama.GenerateOptions.requireBeams(beams);
        tasks = tasks == null || tasks.isEmpty() ? EnumSet.allOf(TuneTask.class) : Set.copyOf(tasks);
    }

    public static TuneOptions defaults(Path outDir) {
        Duration budget = Duration.ofMinutes(15);
        return new TuneOptions(outDir, budget, 1, null, Math.max(1, Runtime.getRuntime().availableProcessors()),
                EnumSet.allOf(TuneTask.class), true, TunePlan.forBudget(budget),
                dev.coleta.scrape.ScrapeOptions.defaults().grounded(), DEFAULT_BEAMS);
    }

    /** A new budget, and the plan made for it. */
    public TuneOptions withBudget(Duration v) { return new TuneOptions(outDir, v, seed, model, threads, tasks, evalBase, TunePlan.forBudget(v), scrapeGrounded, beams); }
    public TuneOptions withSeed(long v) { return new TuneOptions(outDir, budget, v, model, threads, tasks, evalBase, plan, scrapeGrounded, beams); }
    public TuneOptions withModel(Path v) { return new TuneOptions(outDir, budget, seed, v, threads, tasks, evalBase, plan, scrapeGrounded, beams); }
    public TuneOptions withThreads(int v) { return new TuneOptions(outDir, budget, seed, model, v, tasks, evalBase, plan, scrapeGrounded, beams); }
    public TuneOptions withTasks(Set<TuneTask> v) { return new TuneOptions(outDir, budget, seed, model, threads, v, evalBase, plan, scrapeGrounded, beams); }
    public TuneOptions withEvalBase(boolean v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, v, plan, scrapeGrounded, beams); }
    public TuneOptions withPlan(TunePlan v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, evalBase, v, scrapeGrounded, beams); }
    public TuneOptions withScrapeGrounded(boolean v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, evalBase, plan, v, beams); }
    public TuneOptions withBeams(int v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, evalBase, plan, scrapeGrounded, v); }
}
