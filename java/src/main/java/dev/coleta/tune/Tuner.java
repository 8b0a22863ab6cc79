package dev.coleta.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.ColetaException;
import dev.coleta.TrainingException;
import dev.coleta.gguf.TinyModel;
import dev.coleta.gguf.Vocabulary;
import dev.coleta.io.AtomicFiles;
import dev.coleta.llama.ChatMessage;
import dev.coleta.llama.LoraAdapter;
import dev.coleta.llama.Model;
import dev.coleta.llama.ModelOptions;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlEvaluator;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.eval.ConfigEvaluator;
import dev.coleta.scrape.eval.ScrapeEvaluator;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.train.Target;
import dev.coleta.train.TrainOptions;
import dev.coleta.train.TrainResult;
import dev.coleta.train.Trainer;
import dev.coleta.train.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Coleta's main job: make a model that does the three data-collection tasks, on a CPU, with
 * nothing downloaded.
 *
 * <ol>
 * <li><b>data</b>: synthetic nl2sql databases and questions and generated pages, train and test
 * splits (the test split uses domains and page templates never seen in training);</li>
 * <li><b>vocabulary</b>: a small vocabulary learnt on the training prompts, and a base model
 * with random weights ({@link TinyModel}) that uses it;</li>
 * <li><b>record</b>: each task's training prompts, recorded by running the task's own code
 * (so training prompts are inference prompts, chat template included);</li>
 * <li><b>copy</b>: a copying curriculum ({@link TunePlan#copyWarmup()} steps, every projection
 * trained), so that attention learns to copy from the prompt first;</li>
 * <li><b>cram</b>: full training of the base on the mixture of the three tasks;</li>
 * <li><b>adapters</b>: one LoRA adapter per task on the crammed base;</li>
 * <li><b>evaluation</b>: each task on its test split under its grammar with its own
 * evaluator, with and without its adapter; then a report.</li>
 * </ol>
 * With {@link TuneOptions#model()} the base is that model: no vocabulary, no cramming.
 *
 * <p>Every stage's result is a file in the output directory, written atomically; a stage
 * whose file exists is skipped, and training resumes from its last checkpoint, so a run that
 * was killed continues where it stopped. A directory holds one run: its settings are kept in
 * {@code run.json} and a run with other settings is refused.
 */
public final class Tuner {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** Checkpoint every this many optimizer steps, so a killed run loses little. */
    private static final int CHECKPOINT_EVERY = 25;
    /** Copying words per curriculum step: a 1,024-token window holds about 70, so each word is seen about once. */
    private static final int COPY_WORDS_PER_STEP = 80;
    /** What the adapters train: every projection of every layer, and the output projection. */
    static final Set<Target> LORA_TARGETS = EnumSet.allOf(Target.class);
    /**
     * What cramming trains: every weight but the K and V projections, which keep what the copy
     * stage made of them (or their random initialisation without it; gradients still flow
     * through them). Training them too, at the cramming rate, grows the attention logits too
     * fast: after 300 steps the loss was 3.41 instead of 2.17 (docs/EXPERIMENTS.md E9), and after
     * the copy stage K and V frozen gave the lower test losses (E13).
     */
    static final Set<Target> CRAM_TARGETS = EnumSet.of(Target.Q, Target.O, Target.GATE, Target.UP, Target.DOWN);

    private final TuneOptions options;
    private final TuneListener listener;

    public Tuner(TuneOptions options, TuneListener listener) {
        this.options = Objects.requireNonNull(options, "options");
        this.listener = listener == null ? TuneListener.NONE : listener;
    }

    public Tuner(TuneOptions options) {
        this(options, TuneListener.NONE);
    }

    /** Runs (or resumes) every stage and returns the scores. */
    public TuneResult run() {
        try {
            return runStages();
        } catch (IOException e) {
            throw new ColetaException("cannot write in " + options.outDir() + ": " + e.getMessage(), e);
        }
    }

    private TuneResult runStages() throws IOException {
        Path out = options.outDir().toAbsolutePath();
        Files.createDirectories(out);
        checkRunFile(out);
        TunePlan plan = options.plan();
        Path data = out.resolve("data");

        if (Files.isRegularFile(TuneData.pagesFile(data, "test")) && Files.isRegularFile(TuneData.nl2sqlFile(data, "test"))) {
            listener.stageFinished("data", "kept from an earlier run", true);
        } else {
            listener.stageStarted("data", 0, "");
            TuneData.writeRaw(data, plan, options.seed());
            listener.stageFinished("data", plan.nl2sqlTrain() + " nl2sql questions and " + plan.pagesTrain()
                    + " pages to train on, " + plan.evalExamples() + " test examples per task", false);
        }

        Path tokenizerModel;
        if (options.model() == null) {
            tokenizerModel = out.resolve("base").resolve("init.gguf");
            if (Files.isRegularFile(tokenizerModel)) {
                listener.stageFinished("vocabulary", "kept from an earlier run", true);
            } else {
                createBase(data, tokenizerModel, plan);
            }
        } else {
            if (!Files.isRegularFile(options.model())) throw new ColetaException("model file not found: " + options.model());
            tokenizerModel = options.model().toAbsolutePath();
        }

        Map<TuneTask, List<Example.PromptCompletion>> examples = recordAll(data, tokenizerModel, plan);
        // what each task trains on, built once for cramming and its adapter (nl2sql's chats read every database)
        Map<TuneTask, List<Example>> training = new java.util.EnumMap<>(TuneTask.class);

        Path base;
        if (options.model() == null) {
            base = out.resolve("base").resolve("base.gguf");
            if (Files.isRegularFile(base)) {
                listener.stageFinished("cram", "kept from an earlier run", true);
            } else {
                List<Example> mixture = new ArrayList<>();
                for (TuneTask t : TuneTask.values()) {
                    if (plan.cramAllTokens()) {
                        for (Example.PromptCompletion e : examples.get(t)) mixture.add(wholeText(e));
                    } else {
                        mixture.addAll(training.computeIfAbsent(t, k -> trainingExamples(k, data, examples.get(k), plan)));
                    }
                }
                for (Example.PromptCompletion e : CopyExercises.generate(plan.copyExamples(), options.seed())) {
                    mixture.add(plan.cramAllTokens() ? wholeText(e) : e);
                }
                Path from = tokenizerModel;
                if (plan.copyWarmup() > 0) {
                    from = out.resolve("base").resolve("copy.gguf");
                    if (Files.isRegularFile(from)) {
                        listener.stageFinished("copy", "kept from an earlier run", true);
                    } else {
                        // every projection trains here: copying is attention's work, K and V included
                        train("copy", tokenizerModel, CopyExercises.words(plan.copyWarmup() * COPY_WORDS_PER_STEP, options.seed()), from,
                                true, EnumSet.allOf(Target.class), (long) plan.copyWarmup() * plan.contextSize(), plan.copyLr(), plan);
                    }
                }
                train("cram", from, mixture, base, true, CRAM_TARGETS, plan.cramTokens(), plan.cramLr(), plan);
            }
        } else {
            base = tokenizerModel;
        }

        List<Path> adapters = new ArrayList<>();
        for (TuneTask t : options.tasks().stream().sorted().toList()) {
            Path adapter = out.resolve("adapters").resolve(t.id() + ".gguf");
            adapters.add(adapter);
            if (Files.isRegularFile(adapter)) {
                listener.stageFinished("adapter " + t.id(), "kept from an earlier run", true);
                continue;
            }
            Files.createDirectories(adapter.getParent());
            train("adapter " + t.id(), base, training.computeIfAbsent(t, k -> trainingExamples(k, data, examples.get(k), plan)),
                    adapter, false, LORA_TARGETS, plan.loraTokens(), plan.loraLr(), plan);
        }

        List<TaskScore> scores = evaluateAll(out, data, base, plan);
        Path report = TuneReport.write(out, options, scores);
        return new TuneResult(base, adapters, scores, report);
    }

    /**
     * The example as one text whose every token is trained: cramming then learns the language
     * of schemas, pages and questions too, not only the answers (prompt tokens are most of the
     * compute, and with masked prompts they teach nothing). The template's BOS text is dropped:
     * the tokenizer adds BOS itself.
     */
    static Example.PromptCompletion wholeText(Example.PromptCompletion e) {
        String text = e.prompt() + e.completion();
        if (text.startsWith("<s>")) text = text.substring("<s>".length());
        return new Example.PromptCompletion("", text);
    }

    /** What a task trains on: its recorded examples, nl2sql's grouped by database ({@link TunePlan#sqlGroup()}). */
    private static List<Example> trainingExamples(TuneTask t, Path data, List<Example.PromptCompletion> recorded, TunePlan plan) {
        return t == TuneTask.NL2SQL ? TuneData.nl2sqlTraining(data, recorded, plan) : new ArrayList<>(recorded);
    }

    /** The run's settings: written by the first run, compared by every later one. */
    private void checkRunFile(Path out) throws IOException {
        ObjectNode run = JSON.createObjectNode();
        run.put("seed", options.seed());
        run.put("model", options.model() == null ? null : options.model().toAbsolutePath().toString());
        run.put("plan", options.plan().describe());
        Path file = out.resolve("run.json");
        if (Files.isRegularFile(file)) {
            JsonNode old = JSON.readTree(file.toFile());
            // compared as parsed text: a long written and read back is an int node
            if (!old.equals(JSON.readTree(JSON.writeValueAsString(run)))) {
                throw new ColetaException(out + " holds a run with other settings (" + file + "); use another output "
                        + "directory or delete that one");
            }
            return;
        }
        AtomicFiles.write(file, o -> o.write(JSON.writeValueAsBytes(run)));
    }

    /** Learns the vocabulary on the training prompts (recorded with Llama 2's tokenizer) and creates the base. */
    private void createBase(Path data, Path init, TunePlan plan) throws IOException {
        listener.stageStarted("vocabulary", TuneTask.values().length, "tasks");
        List<String> corpus = new ArrayList<>();
        try (Model llama = Model.load(TinyModel.packagedVocab(), ModelOptions.defaults().withVocabOnly(true))) {
            int done = 0;
            for (TuneTask t : TuneTask.values()) {
                for (Example.PromptCompletion e : TuneData.record(t, llama, plan.contextSize(), data, plan).examples()) {
                    corpus.add(e.prompt());
                    corpus.add(e.completion());
                }
                listener.stageProgress(++done, t.id());
            }
        }
        Vocabulary vocab = Vocabulary.learn(corpus, plan.vocabSize(), 3);
        Files.createDirectories(init.getParent());
        TinyModel.create(plan.recipe().withSeed(options.seed()), init, vocab);
        listener.stageFinished("vocabulary", vocab.size() + " tokens learnt on " + corpus.size() / 2 + " examples; base "
                + plan.recipe().embd() + "x" + plan.recipe().layers() + " created", false);
    }

    private Map<TuneTask, List<Example.PromptCompletion>> recordAll(Path data, Path tokenizerModel, TunePlan plan) throws IOException {
        Map<TuneTask, List<Example.PromptCompletion>> out = new LinkedHashMap<>();
        List<TuneTask> missing = new ArrayList<>();
        // cramming trains on every task's data; adapters on a given model need only their own
        List<TuneTask> needed = options.model() == null ? List.of(TuneTask.values()) : options.tasks().stream().sorted().toList();
        for (TuneTask t : needed) {
            Path f = TuneData.examplesFile(data, t);
            if (Files.isRegularFile(f)) out.put(t, TuneData.readExamples(f));
            else missing.add(t);
        }
        if (missing.isEmpty()) {
            listener.stageFinished("record", "kept from an earlier run", true);
            return out;
        }
        listener.stageStarted("record", missing.size(), "tasks");
        StringBuilder summary = new StringBuilder();
        try (Model m = Model.load(tokenizerModel, ModelOptions.defaults().withVocabOnly(true))) {
            int done = 0;
            for (TuneTask t : missing) {
                TuneData.Recorded r = TuneData.record(t, m, plan.contextSize(), data, plan);
                if (r.examples().isEmpty() && options.tasks().contains(t)) {
                    throw new TrainingException("no " + t.id() + " training example could be recorded: " + r.skipped());
                }
                TuneData.writeExamples(TuneData.examplesFile(data, t), r.examples());
                out.put(t, r.examples());
                summary.append(t.id()).append(' ').append(r.examples().size()).append(r.skipped().isEmpty() ? "" : " (left out " + r.skipped() + ")").append("; ");
                listener.stageProgress(++done, t.id());
            }
        }
        Map<TuneTask, List<Example.PromptCompletion>> ordered = new LinkedHashMap<>();
        for (TuneTask t : needed) ordered.put(t, out.get(t));
        listener.stageFinished("record", summary.toString(), false);
        return ordered;
    }

    private void train(String stage, Path model, List<? extends Example> examples, Path outFile, boolean full, Set<Target> targets,
                       long tokens, float lr, TunePlan plan) throws IOException {
        Files.createDirectories(outFile.getParent());
        int ctx = plan.contextSize();
        int steps = (int) Math.max(1, tokens / ctx);
        long exampleTokens = 0;
        for (Example e : examples) {
            long chars = 0;
            if (e instanceof Example.PromptCompletion pc) chars = pc.prompt().length() + pc.completion().length();
            else for (ChatMessage m : ((Example.Chat) e).messages()) chars += m.content().length();
            exampleTokens += chars / 2; // at least 2 characters per token
        }
        // enough epochs to reach the step count; packing uses fewer windows, never more, than this estimate
        int windowsPerEpoch = (int) Math.max(1, exampleTokens / ctx);
        int epochs = Math.max(1, (int) Math.ceil((double) steps / windowsPerEpoch) + 1);
        TrainOptions to = TrainOptions.defaults().withFull(full).withRank(plan.loraRank()).withAlpha(2f * plan.loraRank())
                .withTargets(targets)
                .withContextSize(ctx).withEpochs(epochs).withMaxSteps(steps).withLearningRate(lr)
                .withWarmupSteps(Math.min(20, steps / 10)).withSeed(options.seed()).withThreads(options.threads())
                .withCheckpointEvery(CHECKPOINT_EVERY).withResume(true).withTruncateTooLong(false)
                .withMinStepsPerEpoch(0) // the plan counts tokens: every window packed full
                .withBeta2(plan.beta2());
        listener.stageStarted(stage, steps, "steps");
        long t0 = System.nanoTime();
        Trainer trainer = new Trainer(to, p -> listener.stageProgress(p.step(), String.format(java.util.Locale.ROOT, "loss %.3f", p.trainLoss())));
        TrainResult r = trainer.train(model, new ArrayList<>(examples), outFile);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ObjectNode info = JSON.createObjectNode();
        info.put("steps", r.steps());
        info.put("seconds", seconds);
        info.put("resumedFrom", r.resumedFrom());
        info.put("finalLoss", r.finalTrainLoss());
        info.put("tokensPerSecond", r.tokensPerSecond());
        info.put("tooLong", r.tooLong().size());
        AtomicFiles.write(trainInfo(outFile), o -> o.write(JSON.writeValueAsBytes(info)));
        listener.stageFinished(stage, String.format(java.util.Locale.ROOT, "%d steps, loss %.3f, %.0f tok/s, %.0f s%s", r.steps(),
                r.finalTrainLoss(), r.tokensPerSecond(), seconds, r.tooLong().isEmpty() ? "" : ", " + r.tooLong().size() + " examples too long"), false);
    }

    private static Path trainInfo(Path outFile) {
        return outFile.resolveSibling(outFile.getFileName() + ".train.json");
    }

    private List<TaskScore> evaluateAll(Path out, Path data, Path base, TunePlan plan) throws IOException {
        Path evalDir = out.resolve("eval");
        Files.createDirectories(evalDir);
        List<TaskScore> scores = new ArrayList<>();
        try (Model model = Model.load(base, ModelOptions.defaults());
             Session session = model.newSession(SessionOptions.defaults().withAnswerRoom(plan.contextSize(), options.beams())
                     .withThreads(options.threads()))) {
            for (TuneTask t : options.tasks().stream().sorted().toList()) {
                List<String> variants = options.evalBase() ? List.of("base", "adapter") : List.of("adapter");
                for (String variant : variants) {
                    Path file = evalDir.resolve(evalFileName(t, variant, options.scrapeGrounded(), options.beams()));
                    String stage = "eval " + t.id() + " " + variant;
                    if (Files.isRegularFile(file)) {
                        scores.add(JSON.readValue(file.toFile(), TaskScore.class));
                        listener.stageFinished(stage, "kept from an earlier run", true);
                        continue;
                    }
                    Path adapterFile = out.resolve("adapters").resolve(t.id() + ".gguf");
                    LoraAdapter adapter = variant.equals("adapter") ? model.loadAdapter(adapterFile) : null;
                    try {
                        if (adapter != null) session.setAdapter(adapter, 1f);
                        else session.clearAdapters();
                        TaskScore s = evaluate(t, variant, new MeteredGenerator(session, options.beams(), plan.contextSize()), data, plan,
                                evalDir.resolve(t.id() + "-" + variant + (options.beams() > 1 ? "-beams" + options.beams() : "") + ".outcomes.json"));
                        s = s.withMetric("test_loss", testLoss(t, base, adapter == null ? null : adapterFile, data, plan));
                        if (adapter != null && Files.isRegularFile(trainInfo(adapterFile))) {
                            s = s.withTrainSeconds(JSON.readTree(trainInfo(adapterFile).toFile()).path("seconds").asDouble());
                        }
                        TaskScore score = s;
                        AtomicFiles.write(file, o -> o.write(JSON.writeValueAsBytes(score)));
                        scores.add(s);
                        listener.stageFinished(stage, String.format(java.util.Locale.ROOT, "%s %.3f, valid %.3f", s.primaryName(),
                                s.primary(), s.validity()), false);
                    } finally {
                        session.clearAdapters();
                        if (adapter != null) adapter.close();
                    }
                }
            }
        }
        return scores;
    }

    /**
     * The file of one evaluation in {@code eval/}. Grounded scrape scores are kept apart: a
     * directory evaluated before grounding existed (or with it off) holds ungrounded ones under
     * the plain name, and they must not pass for grounded ones; so are beam searches'.
     */
    static String evalFileName(TuneTask task, String variant, boolean scrapeGrounded, int beams) {
        return task.id() + "-" + variant + (task == TuneTask.SCRAPE && scrapeGrounded ? "-grounded" : "")
                + (beams > 1 ? "-beams" + beams : "") + ".json";
    }

    /**
     * The loss per answer token on the task's test split (prompts recorded like the training
     * ones), with the adapter or without: a continuous measure of what tuning taught, which
     * moves long before exact-match metrics leave zero.
     */
    private double testLoss(TuneTask task, Path base, Path adapter, Path data, TunePlan plan) throws IOException {
        Path file = TuneData.examplesFile(data, task, "test");
        List<Example.PromptCompletion> examples;
        if (Files.isRegularFile(file)) {
            examples = TuneData.readExamples(file);
        } else {
            try (Model m = Model.load(base, ModelOptions.defaults().withVocabOnly(true))) {
                examples = TuneData.record(task, m, plan.contextSize(), data, plan, "test").examples();
            }
            TuneData.writeExamples(file, examples);
        }
        if (examples.isEmpty()) return Double.NaN;
        TrainOptions o = TrainOptions.defaults().withContextSize(plan.contextSize()).withThreads(options.threads())
                .withRank(plan.loraRank()).withTargets(LORA_TARGETS);
        return new Trainer(o).evaluate(base, adapter, examples);
    }

    /**
     * Scores one task and variant on the test split; for nl2sql, every question's prediction and
     * verdict also go to {@code outcomes} (what the model wrote, and why it was refused).
     */
    private TaskScore evaluate(TuneTask task, String variant, MeteredGenerator gen, Path data, TunePlan plan,
                               Path outcomes) throws IOException {
        long t0 = System.nanoTime();
        String stage = "eval " + task.id() + " " + variant;
        Map<String, Double> metrics = new LinkedHashMap<>();
        double validity;
        double hallucination = Double.NaN;
        int n;
        switch (task) {
            case NL2SQL -> {
                var examples = TuneData.nl2sql(data, "test");
                n = examples.size();
                listener.stageStarted(stage, n, "questions");
                Nl2Sql nl = new Nl2Sql(gen, TuneData.nl2sqlOptions(plan));
                int[] done = {0};
                Nl2SqlEvaluator.Report r = Nl2SqlEvaluator.evaluate(examples, e -> {
                    listener.stageProgress(++done[0], "");
                    return nl.sql(e.db(), e.question());
                });
                AtomicFiles.write(outcomes, o -> o.write(r.json().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                metrics.put("execution_accuracy", r.overall().executionAccuracy());
                metrics.put("exact_match", r.overall().exactMatch());
                validity = r.overall().validity();
            }
            case SCRAPE -> {
                var pages = TuneData.pages(data, "test");
                n = pages.size();
                listener.stageStarted(stage, n, "pages");
                ScrapeEvaluator.Report r = ScrapeEvaluator.evaluate(gen, pages, ScrapeOptions.defaults().withGrounded(options.scrapeGrounded()));
                metrics.put("field_f1", r.fields().f1());
                metrics.put("precision", r.fields().precision());
                metrics.put("recall", r.fields().recall());
                metrics.put("exact", r.exactMatch());
                hallucination = r.hallucinationRate();
                validity = n == 0 ? 0 : 1.0 - (double) r.failures() / n;
            }
            case SCRAPE_CONFIG -> {
                var pages = TuneData.pages(data, "test");
                n = pages.size();
                listener.stageStarted(stage, n, "pages");
                ConfigEvaluator.Report r = ConfigEvaluator.evaluate(gen, pages, CleanOptions.defaults(), TunePlan.CONFIG_TOKENS_PER_FIELD);
                metrics.put("success", r.accuracy());
                metrics.put("accepted", r.acceptedShare());
                metrics.put("field_f1", r.fields().f1());
                validity = n == 0 ? 0 : 1.0 - (double) r.failures() / n;
            }
            default -> throw new IllegalStateException();
        }
        listener.stageProgress(n, "");
        return new TaskScore(task, variant, n, validity, metrics, hallucination, gen.tokensPerSecond(), 0,
                (System.nanoTime() - t0) / 1e9);
    }
}
