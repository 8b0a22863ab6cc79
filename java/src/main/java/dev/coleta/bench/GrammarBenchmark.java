package dev.coleta.bench;

import dev.coleta.gguf.TinyModel;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.GrammarStats;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.llama.TokenListener;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Grammar-constrained generation speed as a ratio of unconstrained, measured side by side in
 * one run: each round generates under the grammar, then at most as many tokens without it
 * from the same prompt and seed, alternating, so both see the same machine noise; each side is
 * timed from its first piece of text to the last one both reached, so the same context
 * positions (prompt evaluation and the first token excluded). Usage:
 *
 * <pre>java -cp coleta.jar dev.coleta.bench.GrammarBenchmark [--presets tiny,small,medium | --model FILE [--lora FILE]]
 *     [--json-schema FILE | --grammar-file FILE] [--prompt TEXT | --prompt-file FILE] [--rounds N] [--threads N] [--temp T]</pre>
 *
 * Preset models are created (random weights) under ~/.cache/coleta/bench; {@code --model} (with
 * an adapter) measures a given model instead, e.g. one the main job tuned, with its task's
 * grammar and a test prompt (at {@code --temp 0} every round is the same greedy answer). Not a
 * test: figures depend on the machine; run it on a quiet one.
 */
public final class GrammarBenchmark {
    public static void main(String[] args) throws Exception {
        List<String> presets = List.of("tiny", "small", "medium");
        Path modelFile = null;
        Path lora = null;
        Path schema = null;
        Path gbnf = null;
        String prompt = "Extract the record as JSON:";
        int rounds = 8;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        float temp = 1.0f;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--presets" -> presets = List.of(args[++i].split(","));
                case "--json-schema" -> schema = Path.of(args[++i]);
                case "--grammar-file" -> gbnf = Path.of(args[++i]);
                case "--model" -> modelFile = Path.of(args[++i]);
                case "--lora" -> lora = Path.of(args[++i]);
                case "--prompt" -> prompt = args[++i];
                case "--prompt-file" -> prompt = Files.readString(Path.of(args[++i]));
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--temp" -> temp = Float.parseFloat(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Grammar grammar;
        String what;
        if (gbnf != null) {
            grammar = Grammar.gbnf(Files.readString(gbnf));
            what = "GBNF " + gbnf.getFileName();
        } else if (schema != null) {
            grammar = Grammar.jsonSchema(Files.readString(schema));
            what = "JSON schema " + schema.getFileName();
        } else {
            grammar = Grammar.jsonSchema(DEFAULT_SCHEMA);
            what = "built-in JSON schema (record with strings, numbers, enum, array)";
        }
        System.out.printf("grammar: %s; %d rounds, %d threads, temperature %.1f; %s%n", what, rounds, threads, temp, NativeLibrary.version());
        System.out.printf("%-8s %12s %14s %14s %8s %14s  %-30s %s%n", "preset", "tokens", "free tok/s", "grammar tok/s", "ratio", "full checks %",
                "per round: median [min, max]", "per token: cost us, engine us (learning %, search %), states learnt");
        if (lora != null && modelFile == null) throw new IllegalArgumentException("--lora needs --model");
        if (rounds < 1) throw new IllegalArgumentException("--rounds must be at least 1");
        List<String> names = modelFile != null ? List.of(modelFile.getFileName() + (lora == null ? "" : " + " + lora.getFileName())) : presets;
        for (String preset : names) {
            Path model = modelFile;
            if (model == null) {
                model = NativeLibrary.cacheRoot().resolve("bench").resolve(preset + ".gguf");
                if (!Files.isRegularFile(model)) TinyModel.create(TinyModel.Recipe.preset(preset), model);
            }
            try (Model m = Model.load(model); Session s = m.newSession(SessionOptions.defaults().withContextSize(CONTEXT).withThreads(threads))) {
                if (lora != null) s.setAdapter(m.loadAdapter(lora), 1f);
                // A generation that has not completed its grammar when the context or maxTokens
                // runs out is an error; a greedy model that loops inside a JSON string never
                // completes it. The benchmark stops such a generation itself, before either limit
                // (a cancelled generation is returned as it stands), and times what it generated.
                int cap = Math.min(1500, CONTEXT - m.tokenize(prompt, true).length - 8);
                if (cap < 16) throw new IllegalArgumentException("the prompt leaves fewer than 16 tokens of the " + CONTEXT + "-token context");
                // warm-up: first decode, the vocabulary trie
                s.generate(prompt, GenerateOptions.defaults().withMaxTokens(1500).withGrammar(grammar), new Timeline(cap));
                long freeNs = 0, gramNs = 0, passes = 0;
                int tokens = 0, grammarTokens = 0, timed = 0;
                double[] ratios = new double[rounds];
                GrammarStats engine = new GrammarStats(0, 0, 0, 0, 0, 0);
                for (int r = 0; r < rounds; r++) {
                    Sampling sampling = Sampling.defaults().withTemperature(temp).withSeed(r);
                    Timeline gt = new Timeline(cap), ft = new Timeline(cap);
                    GrammarStats before = GrammarStats.snapshot();
                    Generation g = s.generate(prompt, GenerateOptions.defaults().withMaxTokens(1500).withGrammar(grammar).withSampling(sampling), gt);
                    engine = engine.plus(GrammarStats.snapshot().since(before));
                    Generation f = s.generate(prompt, GenerateOptions.defaults().withMaxTokens(g.generatedTokens()).withSampling(sampling), ft);
                    // Both sides are timed from their first piece of text to the k-th, over the
                    // same context positions: a token costs more the deeper it sits, and the free
                    // run may meet the model's end token before the grammar run ends.
                    int k = Math.min(gt.n, ft.n);
                    if (k < 2) continue;
                    long roundGram = gt.at[k - 1] - gt.at[0];
                    long roundFree = ft.at[k - 1] - ft.at[0];
                    gramNs += roundGram;
                    freeNs += roundFree;
                    ratios[timed++] = (double) roundFree / roundGram; // each round's pair ran back to back
                    tokens += k - 1;
                    passes += g.grammarPasses();
                    grammarTokens += g.generatedTokens();
                }
                if (tokens == 0) throw new IllegalStateException("no round generated two pieces of text to time");
                double free = tokens * 1e9 / freeNs;
                double gram = tokens * 1e9 / gramNs;
                // where the time goes: the measured cost of the grammar per token (grammar minus
                // free time), the engine's own timing of its grammar work, and the shares of it
                // spent learning automaton moves and searching after refusals
                double engineNs = Math.max(1, engine.grammarNanos());
                String where = String.format(Locale.ROOT, "%.1f, %.1f (%.0f %%, %.0f %%), %.2f", (gramNs - freeNs) / 1e3 / tokens,
                        engine.grammarNanos() / 1e3 / grammarTokens, 100 * engine.learnNanos() / engineNs, 100 * engine.searchNanos() / engineNs,
                        (double) engine.statesLearnt() / grammarTokens);
                System.out.printf("%-8s %12d %14.1f %14.1f %8.3f %13.1f%%  %-30s %s%n", preset, tokens, free, gram, gram / free,
                        100.0 * passes / grammarTokens, Ratios.spread(Arrays.copyOf(ratios, timed)), where);
            }
        }
    }

    static final int CONTEXT = 2048;

    /** When each piece of text arrived (about one per token); stops generation after {@code cap} pieces. */
    static final class Timeline implements TokenListener {
        final long[] at;
        int n;

        Timeline(int cap) {
            at = new long[cap];
        }

        @Override
        public boolean onText(String piece) {
            at[n++] = System.nanoTime();
            return n < at.length;
        }
    }

    static final String DEFAULT_SCHEMA = """
            {"type":"object","properties":{
              "title":{"type":"string","maxLength":60},
              "price":{"type":"number"},
              "currency":{"enum":["EUR","USD","BRL"]},
              "available":{"type":"boolean"},
              "tags":{"type":"array","items":{"type":"string","maxLength":16},"maxItems":4},
              "seller":{"type":"object","properties":{"name":{"type":"string","maxLength":30},"rating":{"type":"integer"}},"required":["name","rating"]}},
             "required":["title","price","currency","available","tags","seller"]}""";

    private GrammarBenchmark() {
    }
}
