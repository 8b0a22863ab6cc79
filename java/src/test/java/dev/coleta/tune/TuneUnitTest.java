package dev.coleta.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.gguf.TinyModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuneUnitTest {
    @Test
    void aLargerBudgetBuysMoreDataAndTraining() {
        TunePlan small = TunePlan.forBudget(Duration.ofMinutes(15));
        TunePlan large = TunePlan.forBudget(Duration.ofMinutes(60));
        assertTrue(large.cramTokens() > small.cramTokens());
        assertTrue(large.loraTokens() > small.loraTokens());
        assertTrue(large.nl2sqlTrain() > small.nl2sqlTrain());
        assertTrue(large.pagesTrain() > small.pagesTrain());
        assertEquals(small, TunePlan.forBudget(Duration.ofMinutes(15)), "deterministic");
        assertThrows(IllegalArgumentException.class, () -> TunePlan.forBudget(Duration.ofSeconds(30)));
    }

    @Test
    void chunkGoldKeepsWhatTheChunkShows() throws Exception {
        ObjectNode gold = (ObjectNode) new ObjectMapper().readTree("""
                {"title":"Shop","count":3,"products":[{"name":"Blue Kettle","price":"$12.99"},
                 {"name":"Red Lamp","price":"$5.00"}]}""");
        // the chunk shows the second product only, and the price of the first without its name
        String chunk = "<ul><li>Red Lamp <b>$5.00</b></li></ul><p>$12.99</p>";
        assertEquals("{\"title\":null,\"count\":3,\"products\":[{\"name\":null,\"price\":\"$12.99\"},{\"name\":\"Red Lamp\",\"price\":\"$5.00\"}]}",
                ChunkGold.restrict(gold, chunk).toString());
        assertEquals("{\"title\":null,\"count\":3,\"products\":[]}", ChunkGold.restrict(gold, "<p>nothing here</p>").toString());
        assertEquals("page text", ChunkGold.pageOf("JSON Schema:\n{}\n\nPage:\npage text"));
    }

    @Test
    void theTableShowsEveryScore() {
        TaskScore s = new TaskScore(TuneTask.NL2SQL, "adapter", 40, 0.95, Map.of("execution_accuracy", 0.5), Double.NaN, 321, 60, 10)
                .withMetric("test_loss", 0.25);
        String t = TuneReport.table(List.of(s));
        assertTrue(t.lines().anyMatch(l -> l.startsWith("nl2sql") && l.contains("exec 0.500") && l.contains("loss 0.250")
                && l.contains("0.950") && l.contains(" 321") && l.contains(" 60")), t);
        assertEquals(0.5, s.primary());
        assertEquals("execution_accuracy", s.primaryName());
    }
    /**
     * {@code coleta tune} prints its plan before any stage: --budget picks the plan and the
     * overrides (--rank, --cram-all-tokens, sizes) change exactly their part of it. A missing
     * --model then ends the run right after the data stage, before any model work.
     */
    @Test
    void tuneCommandPrintsThePlanItsOptionsShape(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        dev.coleta.cli.CliHarness.Result r = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("t").toString(), "--budget", "30",
                "--rank", "4", "--cram-all-tokens", "true", "--sql-samples", "false", "--questions", "10", "--domains", "2", "--pages", "2",
                "--eval-n", "1", "--strict-sql", "false", "--sql-group", "2", "--copy-examples", "30", "--sql-link", "true",
                "--copy-warmup", "40", "--copy-lr", "1e-3", "--beta2", "0.98", "--attn-std", "0.1", "--tasks", "nl2sql", "--model", dir.resolve("missing.gguf").toString(), "--scrape-grounded", "false", "--quiet");
        TunePlan expected = TunePlan.forBudget(Duration.ofMinutes(30)).withLoraRank(4).withCramAllTokens(true).withSqlSamples(false)
                .withNl2sqlTrain(10).withNl2sqlDomains(2).withPagesTrain(2).withEvalExamples(1).withStrictSql(false).withSqlGroup(2).withCopyExamples(30).withSqlLink(true)
                .withCopyWarmup(40).withCopyLr(1e-3f).withBeta2(0.98f).withRecipe(TunePlan.forBudget(Duration.ofMinutes(30)).recipe().withAttnStd(0.1));
        assertTrue(expected.describe().contains("10 nl2sql questions (on 7 + 2 drawn schemas)") && expected.describe().endsWith("loose SQL grammar; 2 nl2sql questions per training example; 30 copying exercises in the cram; schema linking; 40 copying steps before the cram (lr 1e-03); attention init std 0.100; AdamW beta2 0.98"),
                expected.describe());
        assertTrue(r.out().startsWith("plan: " + expected.describe() + "\n"), r.out());
        assertTrue(!expected.describe().equals(TunePlan.forBudget(Duration.ofMinutes(15)).withLoraRank(4).withCramAllTokens(true)
                .withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1).describe()), "the budget changes the plan");
        assertTrue(r.out().contains("LoRA rank 4 ") && r.out().contains("loss on all tokens"), r.out());
        assertEquals(dev.coleta.cli.ExitCodes.FAILURE, r.exitCode(), r.err());
        assertTrue(r.err().contains("model file not found: " + dir.resolve("missing.gguf")), r.err());
        dev.coleta.cli.CliHarness.Result bad = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("u").toString(),
                "--sql-samples", "maybe");
        assertEquals(dev.coleta.cli.ExitCodes.USAGE, bad.exitCode(), bad.err());
        dev.coleta.cli.CliHarness.Result badGrounded = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("v").toString(),
                "--scrape-grounded", "sometimes");
        assertEquals(dev.coleta.cli.ExitCodes.USAGE, badGrounded.exitCode(), badGrounded.err());
        dev.coleta.cli.CliHarness.Result badRate = dev.coleta.cli.CliHarness.run("tune", "--out", dir.resolve("w").toString(),
                "--copy-lr", "0");
        assertEquals(dev.coleta.cli.ExitCodes.USAGE, badRate.exitCode(), badRate.err());
        assertTrue(badRate.err().contains("learning rates must be > 0"), badRate.err());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("w")), "nothing written for a refused plan");
    }

    /** The front door runs the same Tuner: options pass through, and a missing model fails after the data stage. */
    @Test
    void coletaTuneRunsTheTuner(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TuneOptions o = TuneOptions.defaults(dir.resolve("c")).withModel(dir.resolve("missing.gguf")).withTasks(java.util.Set.of(TuneTask.NL2SQL))
                .withPlan(TunePlan.forBudget(Duration.ofMinutes(15)).withNl2sqlTrain(10).withPagesTrain(2).withEvalExamples(1))
                .withScrapeGrounded(false);
        org.junit.jupiter.api.Assertions.assertFalse(o.scrapeGrounded());
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> dev.coleta.Coleta.tune(o));
        assertTrue(e.getMessage().contains("model file not found"), e.getMessage());
        assertTrue(java.nio.file.Files.isDirectory(dir.resolve("c").resolve("data")), "the data stage ran first");
    }

    @Test
    void planCopiesCarryTheirValueIntoThePlanAndItsDescription() {
        TunePlan base = TunePlan.forBudget(Duration.ofMinutes(15));
        TinyModel.Recipe small = new TinyModel.Recipe(64, 2, 2, 192, 1024, 42);
        TunePlan p = base.withRecipe(small).withVocabSize(600).withCramTokens(60_000).withLoraTokens(30_000)
                .withCramLr(1e-2f).withLoraLr(5e-4f);
        assertEquals(small, p.recipe());
        assertEquals(600, p.vocabSize());
        assertEquals(60_000, p.cramTokens());
        assertEquals(30_000, p.loraTokens());
        assertEquals(1e-2f, p.cramLr());
        assertEquals(5e-4f, p.loraLr());
        assertEquals(base.nl2sqlTrain(), p.nl2sqlTrain(), "the rest is kept");
        assertEquals(375, base.nl2sqlDomains(), "one drawn schema per 12 of the 4,500 questions");
        assertEquals(TunePlan.domainsFor(4500), base.nl2sqlDomains());
        assertTrue(base.strictSql(), "the strict SQL grammar by default");
        assertTrue(base.describe().endsWith("strict SQL grammar; 4 nl2sql questions per training example; 300 copying steps before the cram; "
                + "attention init std 0.100"), base.describe());
        assertEquals(0, base.withNl2sqlDomains(0).nl2sqlDomains());
        assertThrows(IllegalArgumentException.class, () -> base.withNl2sqlDomains(-1));
        // describe() is what run.json compares: each change shows there
        String d = p.describe();
        assertTrue(d.startsWith("base embd 64, 2 layers, 2 heads, ff 192, vocabulary 600, "), d);
        assertTrue(d.contains("cram 60,000 tokens (lr 1e-02, loss on answers)"), d);
        assertTrue(d.contains("LoRA rank 16 30,000 tokens per task (lr 5e-04)"), d);
        // the copying curriculum keeps its own rate when the cram's changes
        assertEquals(3e-3f, p.copyLr());
        assertTrue(d.contains("300 copying steps before the cram (lr 3e-03)"), d);
        assertEquals(6e-3f, p.withCopyLr(6e-3f).copyLr());
        assertTrue(base.withCopyLr(1e-3f).describe().contains("300 copying steps before the cram (lr 1e-03)"));
        assertEquals(base.describe(), base.withCopyLr(base.cramLr()).describe(), "the same rate as the cram's is not repeated");
        assertEquals(0.999f, base.beta2());
        assertTrue(base.withBeta2(0.95f).describe().endsWith("; AdamW beta2 0.95"), base.withBeta2(0.95f).describe());
        assertEquals("beta2 must be in [0, 1), got 1.0", assertThrows(IllegalArgumentException.class, () -> base.withBeta2(1f)).getMessage());
    }

    @Test
    void planValidationNamesTheValue() {
        TunePlan base = TunePlan.forBudget(Duration.ofMinutes(15));
        assertEquals("vocabSize must be >= 300, got 299",
                assertThrows(IllegalArgumentException.class, () -> base.withVocabSize(299)).getMessage());
        assertEquals(300, base.withVocabSize(300).vocabSize());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withCramTokens(-1)).getMessage().contains("token budgets"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> base.withLoraTokens(-1)).getMessage().contains("token budgets"));
        assertEquals(0, base.withCramTokens(0).withLoraTokens(0).loraTokens(), "0 is allowed");
        for (java.util.function.Supplier<TunePlan> bad : List.<java.util.function.Supplier<TunePlan>>of(
                () -> base.withCramLr(0), () -> base.withLoraLr(-1e-3f), () -> base.withCopyLr(Float.NaN))) {
            assertTrue(assertThrows(IllegalArgumentException.class, bad::get).getMessage().startsWith("learning rates must be > 0"));
        }
    }

    /** forBudget by hand for 30 minutes: 80 test examples, 900 pages, 9,000 questions, 1,320 s of training on 2 layers. */
    @Test
    void withBudgetTakesThePlanMadeForIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TuneOptions o = TuneOptions.defaults(dir).withBudget(Duration.ofMinutes(30));
        assertEquals(Duration.ofMinutes(30), o.budget());
        TunePlan p = o.plan();
        assertEquals(80, p.evalExamples());
        assertEquals(900, p.pagesTrain());
        assertEquals(9000, p.nl2sqlTrain());
        assertEquals(3_049_200L, p.cramTokens(), "1320 s x 55 % x 4200 tokens/s");
        assertEquals(910_800L, p.loraTokens(), "1320 s x 45 % / 3 x 4600 tokens/s");
        assertEquals(2, p.recipe().layers());
        // from 60 minutes on, depth: 2,760 s of training at the 4-layer rates
        TunePlan deep = TunePlan.forBudget(Duration.ofMinutes(60));
        assertEquals(4, deep.recipe().layers(), "60 minutes buy depth");
        assertEquals(3_339_600L, deep.cramTokens(), "2760 s x 55 % x 2200 tokens/s");
        assertEquals(807_300L, deep.loraTokens(), "2760 s x 45 % / 3 x 1950 tokens/s");
        assertEquals(TunePlan.defaultRecipe().withLayers(4), deep.recipe(), "only the depth changes");
        TunePlan below = TunePlan.forBudget(Duration.ofSeconds(59 * 60 + 59));
        assertEquals(2, below.recipe().layers());
        assertTrue(below.cramTokens() > deep.cramTokens(), "the deeper model trains fewer tokens in the same time");
        assertEquals(TunePlan.forBudget(Duration.ofMinutes(15)), TuneOptions.defaults(dir).plan(), "the default budget's plan");
        assertThrows(IllegalArgumentException.class, () -> TuneOptions.defaults(dir).withBudget(Duration.ofSeconds(30)));
    }

    @Test
    void optionsCopiesAndValidation(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        TuneOptions o = TuneOptions.defaults(dir);
        assertTrue(o.evalBase(), "default true");
        assertEquals(TuneOptions.DEFAULT_BEAMS, o.beams());
        assertEquals(4, o.withBeams(4).beams());
        assertEquals(4, o.withBeams(4).withSeed(2).beams(), "withers keep the beams");
        assertThrows(IllegalArgumentException.class, () -> o.withBeams(0));
        assertThrows(IllegalArgumentException.class, () -> o.withBeams(9));
        assertEquals("nl2sql-adapter-beams4.json", Tuner.evalFileName(TuneTask.NL2SQL, "adapter", true, 4));
        assertEquals("scrape-base-grounded.json", Tuner.evalFileName(TuneTask.SCRAPE, "base", true, 1));
        assertEquals(false, o.withEvalBase(false).evalBase());
        assertEquals(o.plan(), o.withEvalBase(false).plan());
        assertEquals(java.util.EnumSet.allOf(TuneTask.class), o.withTasks(java.util.Set.of()).tasks(), "no tasks: all");
        assertEquals("threads must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> o.withThreads(0)).getMessage());
        assertEquals("outDir", assertThrows(NullPointerException.class,
                () -> new TuneOptions(null, o.budget(), 1, null, 1, null, true, o.plan(), true, 1)).getMessage());
        assertEquals("plan", assertThrows(NullPointerException.class, () -> o.withPlan(null)).getMessage());
    }

    @Test
    void resultScoreFindsTheTaskAndVariant() {
        TaskScore nl2sqlBase = new TaskScore(TuneTask.NL2SQL, "base", 5, 0.4, Map.of("execution_accuracy", 0.2), Double.NaN, 100, 0, 3);
        TaskScore nl2sqlAdapter = new TaskScore(TuneTask.NL2SQL, "adapter", 5, 1.0, Map.of("execution_accuracy", 0.8), Double.NaN, 100, 60, 3);
        TaskScore scrapeAdapter = new TaskScore(TuneTask.SCRAPE, "adapter", 5, 1.0, Map.of("f1", 0.7), 0.1, 100, 60, 3);
        TuneResult r = new TuneResult(java.nio.file.Path.of("base.gguf"), List.of(), List.of(nl2sqlBase, nl2sqlAdapter, scrapeAdapter),
                java.nio.file.Path.of("report.md"));
        assertEquals(nl2sqlAdapter, r.score(TuneTask.NL2SQL, "adapter"));
        assertEquals(nl2sqlBase, r.score(TuneTask.NL2SQL, "base"));
        assertEquals(scrapeAdapter, r.score(TuneTask.SCRAPE, "adapter"));
        assertEquals(null, r.score(TuneTask.SCRAPE, "base"), "not evaluated");
        assertEquals(null, r.score(TuneTask.SCRAPE_CONFIG, "adapter"));
    }

    @Test
    void withTrainSecondsShowsInTheTable() {
        TaskScore s = new TaskScore(TuneTask.NL2SQL, "adapter", 40, 0.95, Map.of("execution_accuracy", 0.5), Double.NaN, 321, 0, 10);
        TaskScore trained = s.withTrainSeconds(125.4);
        assertEquals(125.4, trained.trainSeconds());
        assertEquals(s.metrics(), trained.metrics());
        assertEquals(s.evalSeconds(), trained.evalSeconds());
        assertTrue(TuneReport.table(List.of(s)).lines().skip(1).allMatch(l -> l.endsWith(" -")), "no training: -");
        assertTrue(TuneReport.table(List.of(trained)).lines().skip(1).allMatch(l -> l.endsWith(" 125")), TuneReport.table(List.of(trained)));
    }

    /** nl2sql trains on chats of several questions over one database; the first turn is the inference prompt. */
    @Test
    void nl2sqlTrainingGroupsQuestionsOfOneDatabaseIntoChats(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TunePlan plan = TunePlan.forBudget(Duration.ofMinutes(15)).withNl2sqlTrain(40).withNl2sqlDomains(3).withPagesTrain(1)
                .withEvalExamples(1).withSqlGroup(3);
        TuneData.writeRaw(dir, plan, 5);
        List<dev.coleta.nl2sql.Nl2SqlExample> questions = TuneData.nl2sql(dir, "train");
        List<dev.coleta.train.data.Example> chats = TuneData.nl2sqlTraining(dir, List.of(), plan);
        int answers = 0;
        java.util.Set<String> firstQuestions = new java.util.HashSet<>();
        for (dev.coleta.train.data.Example e : chats) {
            List<dev.coleta.llama.ChatMessage> ms = ((dev.coleta.train.data.Example.Chat) e).messages();
            assertEquals(dev.coleta.nl2sql.SqlPrompt.SYSTEM, ms.get(0).content());
            assertTrue(ms.size() >= 3 && ms.size() <= 7 && ms.size() % 2 == 1, "system, then 1 to 3 question/answer turns: " + ms.size());
            String first = ms.get(1).content();
            assertTrue(first.startsWith("Database schema:\nCREATE TABLE "), first);
            for (int k = 3; k < ms.size(); k += 2) {
                assertTrue(ms.get(k).content().startsWith("Question: ") && ms.get(k).content().endsWith("\nSQL:")
                        && !ms.get(k).content().contains("CREATE TABLE"), ms.get(k).content());
            }
            firstQuestions.add(first.substring(first.indexOf("\nQuestion: ") + 11, first.length() - 5));
            answers += (ms.size() - 1) / 2;
        }
        assertEquals(40, answers, "every training question once");
        // one database per chat: each first turn is exactly the prompt Nl2Sql builds for that question
        for (dev.coleta.nl2sql.Nl2SqlExample q : questions) {
            if (!firstQuestions.contains(q.question())) continue;
            dev.coleta.nl2sql.Schema schema = dev.coleta.nl2sql.SchemaReader.fromDatabase(q.db());
            String prompt = dev.coleta.nl2sql.SqlPrompt.user(schema, q.question(), plan.sqlSamples());
            assertTrue(chats.stream().anyMatch(c -> ((dev.coleta.train.data.Example.Chat) c).messages().get(1).content().equals(prompt)), q.question());
        }
        Map<String, Long> perDb = questions.stream().collect(java.util.stream.Collectors.groupingBy(
                dev.coleta.nl2sql.Nl2SqlExample::db, java.util.stream.Collectors.counting()));
        assertEquals(10, perDb.size(), "7 hand-made and 3 drawn databases");
        assertEquals(perDb.values().stream().mapToLong(n -> (n + 2) / 3).sum(), chats.size(), "chats of up to 3 questions per database");
        List<dev.coleta.train.data.Example.PromptCompletion> recorded = List.of(new dev.coleta.train.data.Example.PromptCompletion("p", "c"));
        assertEquals(List.of(recorded.get(0)), TuneData.nl2sqlTraining(dir, recorded, plan.withSqlGroup(1)), "a group of 1: the recorded examples");
        // with linking, a chat's schema holds the tables its questions name, and no fewer
        TunePlan linked = plan.withSqlLink(true);
        assertTrue(linked.sqlLink() && !plan.sqlLink(), "off by default");
        assertTrue(TuneData.nl2sqlOptions(linked).linking());
        int smaller = 0;
        for (dev.coleta.train.data.Example e : TuneData.nl2sqlTraining(dir, List.of(), linked)) {
            List<dev.coleta.llama.ChatMessage> ms = ((dev.coleta.train.data.Example.Chat) e).messages();
            String first = ms.get(1).content();
            String db = questions.stream().filter(q -> first.endsWith(dev.coleta.nl2sql.SqlPrompt.question(q.question()))).findFirst().orElseThrow().db();
            dev.coleta.nl2sql.Schema full = dev.coleta.nl2sql.SchemaReader.fromDatabase(db);
            java.util.List<String> asked = new java.util.ArrayList<>();
            for (int k = 1; k < ms.size(); k += 2) {
                String turn = ms.get(k).content();
                asked.add(turn.substring(turn.lastIndexOf("Question: ") + 10, turn.length() - 5));
            }
            dev.coleta.nl2sql.Schema shown = dev.coleta.nl2sql.SchemaLinker.link(full, asked);
            assertTrue(first.startsWith("Database schema:\n" + shown.ddl(plan.sqlSamples())), first);
            if (shown.tables().size() < full.tables().size()) smaller++;
        }
        assertTrue(smaller > 0, "linking dropped tables from some chats");
        assertThrows(IllegalArgumentException.class, () -> plan.withSqlGroup(0));
    }

    /** Copying exercises: each answer is written in its prompt, in the three kinds, deterministic by seed. */
    @Test
    void copyExercisesAnswerWithWhatThePromptShows() {
        List<dev.coleta.train.data.Example.PromptCompletion> a = CopyExercises.generate(300, 4);
        assertEquals(a, CopyExercises.generate(300, 4));
        assertTrue(!a.equals(CopyExercises.generate(300, 5)));
        int repeat = 0, follows = 0, about = 0;
        for (var e : a) {
            assertTrue(e.prompt().contains(e.completion()), e.prompt() + " -> " + e.completion());
            if (e.prompt().endsWith("Repeat the names:\n")) {
                repeat++;
                assertTrue(e.prompt().startsWith("Names: " + e.completion() + "\n"), e.prompt());
            } else if (e.prompt().contains("Which name follows ")) {
                follows++;
                String list = e.prompt().substring("Names: ".length(), e.prompt().indexOf('\n'));
                String after = e.prompt().substring(e.prompt().indexOf("follows ") + 8, e.prompt().length() - 2);
                List<String> names = List.of(list.split(", "));
                assertEquals(names.get(names.indexOf(after) + 1), e.completion(), e.prompt());
            } else {
                about++;
                assertTrue(e.prompt().contains("Which column is about " + dev.coleta.nl2sql.Domains.phrase(e.completion()) + "?"), e.prompt());
            }
            for (String w : dev.coleta.nl2sql.RandomDomains.testOnlyWords()) assertTrue(!e.prompt().contains(" " + w + ","), w);
        }
        assertEquals(100, repeat);
        assertEquals(100, follows);
        assertEquals(100, about);
        assertEquals("shelf id", dev.coleta.nl2sql.Domains.phrase("ShelfId"));
        assertEquals("shelf id", dev.coleta.nl2sql.Domains.phrase("shelf_id"));
        assertEquals(List.of(), CopyExercises.generate(0, 1));
        assertEquals(List.of(), CopyExercises.words(0, 1));
        assertThrows(IllegalArgumentException.class, () -> CopyExercises.words(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> CopyExercises.generate(-1, 1));
        TunePlan p = TunePlan.forBudget(Duration.ofMinutes(15));
        assertEquals(0, p.copyExamples(), "none by default");
        assertTrue(p.withCopyExamples(500).describe().contains("; 500 copying exercises in the cram;"), p.withCopyExamples(500).describe());
        assertThrows(IllegalArgumentException.class, () -> p.withCopyExamples(-1));
    }

    /** The copying curriculum: a random word the answer repeats, nothing else to go on; deterministic by seed. */
    @Test
    void copyingCurriculumRepeatsAWordFromThePrompt() {
        List<dev.coleta.train.data.Example.PromptCompletion> w = CopyExercises.words(500, 2);
        assertEquals(w, CopyExercises.words(500, 2));
        assertTrue(!w.equals(CopyExercises.words(500, 3)));
        java.util.Set<String> distinct = new java.util.HashSet<>();
        for (var e : w) {
            assertEquals("Word: " + e.completion() + "\nAgain: ", e.prompt());
            assertTrue(e.completion().matches("[a-z]{3,6}"), e.completion());
            distinct.add(e.completion());
        }
        assertTrue(distinct.size() > 480, "random words, hardly any twice: " + distinct.size());
        TunePlan p = TunePlan.forBudget(Duration.ofMinutes(15));
        assertThrows(IllegalArgumentException.class, () -> p.withCopyWarmup(-1));
        assertEquals(300, p.copyWarmup(), "300 steps at 15 minutes");
        assertEquals(300, TunePlan.copyWarmupFor(2094));
        assertEquals(25, TunePlan.copyWarmupFor(100), "a quarter of a short cram");
        assertEquals(0, TunePlan.copyWarmupFor(3));
        assertEquals(0.1, p.recipe().attnStd(), "attention drawn with std 0.1 by default");
        TunePlan tiny = TunePlan.forBudget(Duration.ofMinutes(1));
        assertEquals(tiny.cramTokens() / tiny.contextSize() / 4, tiny.copyWarmup(), "a quarter of a small cram");
        assertTrue(tiny.copyWarmup() < 300 && tiny.copyWarmup() > 0, "" + tiny.copyWarmup());
        assertTrue(p.withCopyWarmup(0).describe().endsWith("per training example; attention init std 0.100"), p.withCopyWarmup(0).describe());
        assertTrue(!p.withCopyWarmup(0).describe().equals(p.describe()), "run.json tells them apart");
    }
}
