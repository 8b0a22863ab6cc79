package dev.coleta.tune;

import dev.coleta.gguf.TinyModel;
import dev.coleta.train.TrainOptions;

import java.time.Duration;
import java.util.Locale;

/**
 * How a time budget is spent: data sizes, the crammed model's shape, and training lengths.
 * Computed from the budget alone (no timing at run time), so a run is deterministic by seed
 * and the same budget always trains the same steps; the rates below were measured on the
 * project's 2-core build machine (docs/EXPERIMENTS.md), so a faster machine simply finishes
 * early and a slower one late.
 *
 * @param recipe        shape of the crammed base model
 * @param vocabSize     size of its learnt vocabulary
 * @param contextSize   tokens per training window and per inference context
 * @param nl2sqlTrain   nl2sql training questions
 * @param pagesTrain    training pages (shared by scrape and scrape-config)
 * @param evalExamples  test examples per task
 * @param cramTokens    window tokens of full training on the mixture
 * @param loraTokens    window tokens of each task's LoRA
 * @param loraRank      LoRA rank
 * @param cramLr        peak learning rate of cramming
 * @param loraLr        peak learning rate of the adapters
 * @param sqlSamples    whether nl2sql prompts show sample values
 * @param grammarChecks nl2sql gold queries checked against their grammar while recording
 * @param cramAllTokens cramming trains on every token of the examples (a language model of
 *                      prompts and answers) instead of the answers only; default false
 * @param nl2sqlDomains drawn training schemas beside the seven hand-made ones
 *                      ({@link dev.coleta.nl2sql.RandomDomains}); 0 for the hand-made ones only
 * @param strictSql     nl2sql generates under the strict SQL grammar
 *                      ({@link dev.coleta.nl2sql.SqlGrammarOptions#strict()}), the training
 *                      answers' one spelling; default true
 * @param sqlGroup      nl2sql training questions per example: the first asked as at inference
 *                      (schema and question), the others as later turns of the same chat
 *                      ("Question: ... SQL:"), so one schema's tokens serve several answers;
 *                      1 for one question per example
 * @param copyExamples  synthetic copying exercises mixed into cramming only (repeat a list of
 *                      names, name the item after a given one), the attention skill every task
 *                      needs; 0 for none
 * @param sqlLink       nl2sql prompts and grammars hold only the tables each question names
 *                      ({@link dev.coleta.nl2sql.SchemaLinker}), in training, recording and
 *                      evaluation alike; default false
 * @param copyWarmup    steps of a copying curriculum before cramming: the created base first
 *                      trains (every projection, K and V included) on repeating random words
 *                      from its prompt, then crams on the tasks from there; 0 for none
 *                      (docs/EXPERIMENTS.md E13)
 * @param copyLr        peak learning rate of the copying curriculum, whatever the cram's: 3e-3,
 *                      the one rate of four at which a copy head forms within its 300 steps (E34)
 * @param beta2         AdamW's second-moment decay rate in every training stage; default 0.999,
 *                      ggml's
 */
public record TunePlan(TinyModel.Recipe recipe, int vocabSize, int contextSize, int nl2sqlTrain, int pagesTrain,
                       int evalExamples, long cramTokens, long loraTokens, int loraRank, float cramLr, float loraLr,
                       boolean sqlSamples, int grammarChecks, boolean cramAllTokens, int nl2sqlDomains, boolean strictSql, int sqlGroup, int copyExamples,
                       boolean sqlLink, int copyWarmup, float copyLr, float beta2) {
    /**
     * Training throughput (window tokens per second) of the default recipe at its context on 2
     * threads, full training and LoRA, on the slower of the two machines measured (a 2-core AMD
     * EPYC: cram 4,193-5,297 tok/s, LoRA 4,549-5,135; the Intel machine of E6 trained at 7,000):
     * the plan is fixed by the budget, for determinism, so it must fit the slower machine
     * (docs/EXPERIMENTS.md E25).
     */
    static final double CRAM_TOKENS_PER_SECOND = 4200;
    static final double LORA_TOKENS_PER_SECOND = 4600;

    /**
     * Budgets of this many minutes and more train a base of {@value #DEEP_LAYERS} layers instead
     * of 2. At 30 minutes neither spends the budget well on all three tasks: 2 layers and twice
     * the tokens lower the page tasks' test loss and leave nl2sql's where it was (E27); 4 layers
     * lower nl2sql's and scrape's, but the tokens left for them are too few for scrape-config,
     * whose test loss rises above the 15-minute run's (E30). At 60 minutes 4 layers train
     * enough tokens for every task (E31), and 2 layers leave nl2sql and scrape-config above the
     * 15-minute run (E35); between 30 and 60 nothing was measured.
     */
    static final int DEEP_FROM_MINUTES = 60;
    static final int DEEP_LAYERS = 4;

    /**
     * Training throughput of the {@value #DEEP_LAYERS}-layer base on the same machine: measured
     * cram 2,280-2,394 tok/s, LoRA 1,786-2,078 (E29, E30).
     */
    static final double DEEP_CRAM_TOKENS_PER_SECOND = 2200;
    static final double DEEP_LORA_TOKENS_PER_SECOND = 1950;

    /**
     * scrape-config's output budget per field for the tuned models: 64 tokens hold any gold
     * rule in the learnt vocabulary, and leave a 1024-token context room for the page.
     */
    public static final int CONFIG_TOKENS_PER_FIELD = 64;

    /**
     * nl2sql training questions per drawn schema: about a dozen questions on each of a few
     * hundred schemas, so that names must be copied from the prompt (docs/EXPERIMENTS.md E11).
     */
    static final int DOMAIN_QUESTIONS = 12;

    /** Copying curriculum steps of the default plan (docs/EXPERIMENTS.md E13). */
    static final int COPY_WARMUP = 300;

    /** Standard deviation of the crammed base's random attention weights (docs/EXPERIMENTS.md E13). */
    static final double ATTN_STD = 0.1;

    /** nl2sql questions per training chat (docs/EXPERIMENTS.md E11). */
    static final int SQL_GROUP = 4;

    public TunePlan {
        if (vocabSize < 300) throw new IllegalArgumentException("vocabSize must be >= 300, got " + vocabSize);
        if (contextSize < 256) throw new IllegalArgumentException("contextSize must be >= 256, got " + contextSize);
        if (nl2sqlTrain < 1 || pagesTrain < 1 || evalExamples < 1) throw new IllegalArgumentException("data sizes must be >= 1");
        if (cramTokens < 0 || loraTokens < 0) throw new IllegalArgumentException("token budgets must be >= 0");
        if (copyExamples < 0) throw new IllegalArgumentException("copyExamples must be >= 0, got " + copyExamples);
        if (sqlGroup < 1 || sqlGroup > 32) throw new IllegalArgumentException("sqlGroup must be 1..32, got " + sqlGroup);
        if (nl2sqlDomains < 0) throw new IllegalArgumentException("nl2sqlDomains must be >= 0, got " + nl2sqlDomains);
        if (copyWarmup < 0) throw new IllegalArgumentException("copyWarmup must be >= 0, got " + copyWarmup);
        TrainOptions.requireBeta2(beta2);
        if (!(cramLr > 0 && loraLr > 0 && copyLr > 0)) {
            throw new IllegalArgumentException("learning rates must be > 0, got cram " + cramLr + ", LoRA " + loraLr + ", copy " + copyLr);
        }
    }

    /** The plan for {@code budget} (all stages of a run on 2 cores). */
    public static TunePlan forBudget(Duration budget) {
        double minutes = budget.toMillis() / 60000.0;
        if (minutes < 1) throw new IllegalArgumentException("the budget must be at least 1 minute, got " + budget);
        // Fixed costs (data, recording, evaluation: about 2 minutes at 15) grow slowly; training
        // takes the rest: 55 % cramming, 45 % the three adapters.
        int eval = (int) Math.min(100, Math.round(20 + 2 * minutes));
        double trainSeconds = Math.max(20, minutes * 60 * 0.8 - 120);
        boolean deep = minutes >= DEEP_FROM_MINUTES;
        long cram = (long) (trainSeconds * 0.55 * (deep ? DEEP_CRAM_TOKENS_PER_SECOND : CRAM_TOKENS_PER_SECOND));
        long lora = (long) (trainSeconds * 0.45 / 3 * (deep ? DEEP_LORA_TOKENS_PER_SECOND : LORA_TOKENS_PER_SECOND));
        TinyModel.Recipe recipe = deep ? defaultRecipe().withLayers(DEEP_LAYERS) : defaultRecipe();
        int pages = (int) Math.min(6000, Math.round(30 * minutes));
        int sql = (int) Math.min(20000, Math.round(300 * minutes));
        int context = 1024;
        return new TunePlan(recipe, 1024, context, sql, pages, eval, cram, lora, 16, 3e-3f, 3e-3f, false, 100, false, domainsFor(sql), true, SQL_GROUP, 0, false,
                copyWarmupFor(cram / context), 3e-3f, TrainOptions.DEFAULT_BETA2);
    }

    /**
     * Copying steps before a cram of {@code cramSteps} steps: {@value #COPY_WARMUP} (the first
     * copy heads form after about 250 on the default recipe, docs/EXPERIMENTS.md E13), at most a
     * quarter of the cram on small budgets.
     */
    public static int copyWarmupFor(long cramSteps) {
        return (int) Math.min(COPY_WARMUP, cramSteps / 4);
    }

    /** Drawn nl2sql schemas for {@code questions} training questions: one per {@value #DOMAIN_QUESTIONS}. */
    public static int domainsFor(int questions) {
        return Math.max(0, questions / DOMAIN_QUESTIONS);
    }

    /**
     * embd 128, 2 layers, 4 heads, ff 384, attention weights drawn with std 0.1 (the copying
     * curriculum learns from there; docs/EXPERIMENTS.md: why).
     */
    static TinyModel.Recipe defaultRecipe() {
        return new TinyModel.Recipe(128, 2, 4, 384, 4096, 42, ATTN_STD);
    }

    public TunePlan withRecipe(TinyModel.Recipe v) { return new TunePlan(v, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withVocabSize(int v) { return new TunePlan(recipe, v, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withContextSize(int v) { return new TunePlan(recipe, vocabSize, v, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withNl2sqlTrain(int v) { return new TunePlan(recipe, vocabSize, contextSize, v, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withPagesTrain(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, v, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withEvalExamples(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, v, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withCramTokens(long v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, v, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withLoraTokens(long v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, v, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withLoraRank(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, v, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withCramLr(float v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, v, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withLoraLr(float v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, v, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withSqlSamples(boolean v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, v, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withNl2sqlDomains(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, v, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withStrictSql(boolean v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, v, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withSqlGroup(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, v, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withCopyExamples(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, v, sqlLink, copyWarmup, copyLr, beta2); }
    public TunePlan withCramAllTokens(boolean v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, v, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, beta2); }

    public TunePlan withCopyWarmup(int v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, v, copyLr, beta2); }
    public TunePlan withCopyLr(float v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, v, beta2); }
    public TunePlan withBeta2(float v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, sqlLink, copyWarmup, copyLr, v); }
    public TunePlan withSqlLink(boolean v) { return new TunePlan(recipe, vocabSize, contextSize, nl2sqlTrain, pagesTrain, evalExamples, cramTokens, loraTokens, loraRank, cramLr, loraLr, sqlSamples, grammarChecks, cramAllTokens, nl2sqlDomains, strictSql, sqlGroup, copyExamples, v, copyWarmup, copyLr, beta2); }

    /** One line per setting, for the report. */
    public String describe() {
        return String.format(Locale.ROOT, "base embd %d, %d layers, %d heads, ff %d, vocabulary %d, context %d; data: %d nl2sql questions "
                        + "(on 7 + %d drawn schemas), %d pages; cram %,d tokens (lr %.0e, loss on %s), LoRA rank %d %,d tokens per task (lr %.0e); %d test examples per task; "
                        + "%s SQL grammar; %d nl2sql questions per training example%s",
                recipe.embd(), recipe.layers(), recipe.heads(), recipe.ff(), vocabSize, contextSize, nl2sqlTrain, nl2sqlDomains, pagesTrain,
                cramTokens, cramLr, cramAllTokens ? "all tokens" : "answers", loraRank, loraTokens, loraLr, evalExamples,
                strictSql ? "strict" : "loose", sqlGroup, (copyExamples == 0 ? "" : "; " + copyExamples + " copying exercises in the cram")
                        + (sqlLink ? "; schema linking" : "")
                        + (copyWarmup == 0 ? "" : "; " + copyWarmup + " copying steps before the cram"
                                + (copyLr == cramLr ? "" : String.format(Locale.ROOT, " (lr %.0e)", copyLr)))
                        + (recipe.attnStd() == TinyModel.Recipe.DEFAULT_STD ? "" : String.format(Locale.ROOT, "; attention init std %.3g", recipe.attnStd()))
                        + (beta2 == TrainOptions.DEFAULT_BETA2 ? "" : "; AdamW beta2 " + beta2));
    }
}
