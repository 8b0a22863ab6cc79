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
 */
public record TuneOptions(Path outDir, Duration budget, long seed, Path model, int threads, Set<TuneTask> tasks,
                          boolean evalBase, TunePlan plan, boolean scrapeGrounded) {
    public TuneOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(plan, "plan");
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        tasks = tasks == null || tasks.isEmpty() ? EnumSet.allOf(TuneTask.class) : Set.copyOf(tasks);
    }

    public static TuneOptions defaults(Path outDir) {
        Duration budget = Duration.ofMinutes(15);
        return new TuneOptions(outDir, budget, 1, null, Math.max(1, Runtime.getRuntime().availableProcessors()),
                EnumSet.allOf(TuneTask.class), true, TunePlan.forBudget(budget),
                dev.coleta.scrape.ScrapeOptions.defaults().grounded());
    }

    /** A new budget, and the plan made for it. */
    public TuneOptions withBudget(Duration v) { return new TuneOptions(outDir, v, seed, model, threads, tasks, evalBase, TunePlan.forBudget(v), scrapeGrounded); }
    public TuneOptions withSeed(long v) { return new TuneOptions(outDir, budget, v, model, threads, tasks, evalBase, plan, scrapeGrounded); }
    public TuneOptions withModel(Path v) { return new TuneOptions(outDir, budget, seed, v, threads, tasks, evalBase, plan, scrapeGrounded); }
    public TuneOptions withThreads(int v) { return new TuneOptions(outDir, budget, seed, model, v, tasks, evalBase, plan, scrapeGrounded); }
    public TuneOptions withTasks(Set<TuneTask> v) { return new TuneOptions(outDir, budget, seed, model, threads, v, evalBase, plan, scrapeGrounded); }
    public TuneOptions withEvalBase(boolean v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, v, plan, scrapeGrounded); }
    public TuneOptions withPlan(TunePlan v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, evalBase, v, scrapeGrounded); }
    public TuneOptions withScrapeGrounded(boolean v) { return new TuneOptions(outDir, budget, seed, model, threads, tasks, evalBase, plan, v); }
}
