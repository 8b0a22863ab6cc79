package dev.coleta.cli;

import dev.coleta.gguf.TinyModel;
import dev.coleta.tune.TaskScore;
import dev.coleta.tune.TuneListener;
import dev.coleta.tune.TuneOptions;
import dev.coleta.tune.TunePlan;
import dev.coleta.tune.TuneReport;
import dev.coleta.tune.TuneResult;
import dev.coleta.tune.TuneTask;
import dev.coleta.tune.Tuner;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code coleta tune}: the main job (data, base, cramming, one adapter per task, evaluation, report). */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Create a base model, cram it on the three tasks' synthetic data, train one LoRA adapter per task,",
                "evaluate each on its test split and write a report. A second run in the same directory resumes."})
public final class TuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "tune-out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--budget", defaultValue = "15", paramLabel = "MINUTES", description = "Time budget of all stages on 2 cores (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of data, weights and data order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "FILE", description = "Tune adapters on this GGUF instead of creating and cramming a base.")
    Path model;

    @Option(names = "--tasks", paramLabel = "LIST", description = "Tasks to tune: nl2sql,scrape,scrape-config (default: all).")
    String tasks;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all).")
    Integer threads;

    @Option(names = "--no-eval-base", description = "Do not evaluate the base without adapters.")
    boolean noEvalBase;

    @Option(names = "--scrape-grounded", paramLabel = "BOOL", arity = "1", defaultValue = "true",
            description = {"Evaluate scrape with page-grounded strings (true) or free ones (false); default ${DEFAULT-VALUE}.",
                    "Evaluation only: a directory's trained stages are kept either way."})
    boolean scrapeGrounded;

    @Option(names = "--beams", paramLabel = "N", description = {"Beams of the evaluations' generation: 1 is greedy token by token, 2-8 "
            + "a beam search under each task's grammar (default: " + TuneOptions.DEFAULT_BEAMS + ").",
            "Evaluation only: a directory's trained stages are kept either way."})
    Integer beams;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @CommandLine.ArgGroup(exclusive = false, heading = "%nPlan overrides (experiments; the budget sets them otherwise):%n")
    Overrides overrides = new Overrides();

    static final class Overrides {
        @Option(names = "--embd", paramLabel = "N") Integer embd;
        @Option(names = "--layers", paramLabel = "N") Integer layers;
        @Option(names = "--heads", paramLabel = "N") Integer heads;
        @Option(names = "--ff", paramLabel = "N") Integer ff;
        @Option(names = "--vocab", paramLabel = "N", description = "Size of the learnt vocabulary.") Integer vocab;
        @Option(names = "--ctx", paramLabel = "N") Integer ctx;
        @Option(names = "--questions", paramLabel = "N", description = "nl2sql training questions.") Integer questions;
        @Option(names = "--domains", paramLabel = "N", description = "Drawn nl2sql training schemas beside the seven hand-made ones.") Integer domains;
        @Option(names = "--pages", paramLabel = "N", description = "Training pages.") Integer pages;
        @Option(names = "--eval-n", paramLabel = "N", description = "Test examples per task.") Integer evalN;
        @Option(names = "--cram-tokens", paramLabel = "N") Long cramTokens;
        @Option(names = "--lora-tokens", paramLabel = "N") Long loraTokens;
        @Option(names = "--rank", paramLabel = "N") Integer rank;
        @Option(names = "--cram-lr", paramLabel = "F", description = "Peak learning rate of cramming (default 3e-3; the copying curriculum keeps its own, --copy-lr).") Float cramLr;
        @Option(names = "--lora-lr", paramLabel = "F") Float loraLr;
        @Option(names = "--sql-samples", paramLabel = "BOOL", arity = "1") Boolean sqlSamples;
        @Option(names = "--strict-sql", paramLabel = "BOOL", arity = "1", description = "nl2sql under the strict SQL grammar (default true).") Boolean strictSql;
        @Option(names = "--sql-group", paramLabel = "N", description = "nl2sql training questions per example (one schema, several questions).") Integer sqlGroup;
        @Option(names = "--copy-examples", paramLabel = "N", description = "Synthetic copying exercises mixed into cramming.") Integer copyExamples;
        @Option(names = "--cram-all-tokens", paramLabel = "BOOL", arity = "1", description = "Cram on every token (true) or on answers only.") Boolean cramAll;
        @Option(names = "--copy-warmup", paramLabel = "STEPS", description = "Steps of a copying curriculum (repeat a word from the prompt) before cramming (default: 300, at most a quarter of the cram; 0 for none).") Integer copyWarmup;
        @Option(names = "--copy-lr", paramLabel = "F", description = "Peak learning rate of the copying curriculum (default 3e-3).") Float copyLr;
        @Option(names = "--beta2", paramLabel = "F", description = "AdamW's second-moment decay rate in every training stage (default 0.999).") Float beta2;
        @Option(names = "--attn-std", paramLabel = "F", description = "Standard deviation of the created base's random attention weights (default 0.1; 0.02 draws them like the other weights).") Double attnStd;
        @Option(names = "--sql-link", paramLabel = "BOOL", arity = "1", description = "nl2sql prompts and grammars hold only the tables each question names (schema linking; default false).") Boolean sqlLink;

        TunePlan apply(TunePlan p) {
            TinyModel.Recipe r = p.recipe();
            if (embd != null) r = r.withEmbd(embd);
            if (layers != null) r = r.withLayers(layers);
            if (heads != null) r = r.withHeads(heads);
            if (ff != null) r = r.withFf(ff);
            if (attnStd != null) r = r.withAttnStd(attnStd);
            p = p.withRecipe(r);
            if (vocab != null) p = p.withVocabSize(vocab);
            if (ctx != null) p = p.withContextSize(ctx);
            if (questions != null) p = p.withNl2sqlTrain(questions).withNl2sqlDomains(TunePlan.domainsFor(questions));
            if (domains != null) p = p.withNl2sqlDomains(domains);
            if (pages != null) p = p.withPagesTrain(pages);
            if (evalN != null) p = p.withEvalExamples(evalN);
            if (cramTokens != null) p = p.withCramTokens(cramTokens);
            if (loraTokens != null) p = p.withLoraTokens(loraTokens);
            if (rank != null) p = p.withLoraRank(rank);
            if (cramLr != null) p = p.withCramLr(cramLr);
            if (loraLr != null) p = p.withLoraLr(loraLr);
            if (sqlSamples != null) p = p.withSqlSamples(sqlSamples);
            if (cramAll != null) p = p.withCramAllTokens(cramAll);
            if (strictSql != null) p = p.withStrictSql(strictSql);
            if (sqlGroup != null) p = p.withSqlGroup(sqlGroup);
            if (copyExamples != null) p = p.withCopyExamples(copyExamples);
            if (sqlLink != null) p = p.withSqlLink(sqlLink);
            if (copyLr != null) p = p.withCopyLr(copyLr);
            if (beta2 != null) p = p.withBeta2(beta2);
            if (copyWarmup != null) p = p.withCopyWarmup(copyWarmup);
            else if (cramTokens != null || ctx != null) p = p.withCopyWarmup(TunePlan.copyWarmupFor(p.cramTokens() / p.contextSize()));
            return p;
        }
    }

    @Override
    public Integer call() {
        if (!(budget >= 1)) throw new CommandLine.ParameterException(spec.commandLine(), "--budget must be at least 1 minute, got " + budget);
        TuneOptions o = TuneOptions.defaults(out).withBudget(Duration.ofSeconds(Math.round(budget * 60))).withSeed(seed)
                .withModel(model).withEvalBase(!noEvalBase).withScrapeGrounded(scrapeGrounded);
        if (threads != null) o = o.withThreads(threads);
        if (beams != null) {
            o = o.withBeams(ModelMixin.checkBeams(spec.commandLine(), beams));
        }
        if (tasks != null) {
            Set<TuneTask> ts = EnumSet.noneOf(TuneTask.class);
            for (String t : tasks.split(",")) ts.add(TuneTask.parse(t));
            o = o.withTasks(ts);
        }
        try {
            o = o.withPlan(overrides.apply(o.plan()));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stdout.println("plan: " + o.plan().describe());
        stdout.flush();
        long t0 = System.nanoTime();
        Bars bars = new Bars(err, stdout, quiet);
        TuneResult r;
        try {
            r = new Tuner(o, bars).run();
        } finally {
            bars.close();
        }
        stdout.println();
        stdout.print(TuneReport.table(r.scores()));
        stdout.printf(Locale.ROOT, "%ntotal %.1f min; report %s%n", (System.nanoTime() - t0) / 60e9, r.report());
        for (TaskScore s : r.scores()) {
            if (s.variant().equals("adapter")) stdout.println("adapter " + s.task().id() + ": " + out.resolve("adapters").resolve(s.task().id() + ".gguf"));
        }
        stdout.flush();
        return ExitCodes.OK;
    }

    /** One progress bar per stage (with ETA) on stderr; a line per finished stage on stdout. */
    private static final class Bars implements TuneListener {
        private final PrintWriter err;
        private final PrintWriter out;
        private final boolean quiet;
        private ProgressBar bar;

        Bars(PrintWriter err, PrintWriter out, boolean quiet) {
            this.err = err;
            this.out = out;
            this.quiet = quiet;
        }

        @Override
        public void stageStarted(String stage, long total, String unit) {
            close();
            if (quiet || total <= 0) return;
            bar = new ProgressBarBuilder().setTaskName(stage).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" " + unit, 1).setConsumer(new DelegatingProgressBarConsumer(line -> {
                        err.print('\r');
                        err.print(line);
                        err.flush();
                    }, 110)).build();
        }

        @Override
        public void stageProgress(long done, String detail) {
            if (bar == null) return;
            bar.stepTo(done);
            bar.setExtraMessage(detail.isEmpty() ? "" : " | " + detail);
        }

        @Override
        public void stageFinished(String stage, String summary, boolean resumed) {
            close();
            out.printf("%-22s %s%s%n", stage, resumed ? "(resumed) " : "", summary);
            out.flush();
        }

        void close() {
            if (bar != null) {
                bar.close();
                bar = null;
                err.println();
                err.flush();
            }
        }
    }
}
