package dev.coleta.bench;

import dev.coleta.GrammarException;
import dev.coleta.gguf.TinyModel;
import dev.coleta.grammar.Grammar;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Sampling;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Soak and concurrency in one JVM, on the tiny model: many short generations on one session
 * and many session open/close cycles, with the process's resident memory sampled as they go
 * (it must level off, not grow with the count), then generations at temperature 1 under more
 * grammars than the native side keeps (its grammar automata must stay within their caps
 * while some are evicted and learnt again), then one model shared by several threads,
 * each with its own session, every output compared with the single-threaded greedy one.
 * Usage: {@code java -cp coleta.jar dev.coleta.bench.SoakBenchmark [--generations 10000]
 * [--cycles 1000] [--grammar-generations 1000] [--threads 8] [--requests 1000]}. Not a test.
 */
public final class SoakBenchmark {
    public static void main(String[] args) throws Exception {
        int generations = 10_000, cycles = 1_000, grammarGenerations = 1_000, threads = 8, requests = 1_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--generations" -> generations = Integer.parseInt(args[++i]);
                case "--cycles" -> cycles = Integer.parseInt(args[++i]);
                case "--grammar-generations" -> grammarGenerations = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path file = NativeLibrary.cacheRoot().resolve("bench").resolve("tiny.gguf");
        if (!Files.isRegularFile(file)) TinyModel.create(TinyModel.Recipe.tiny(), file);
        String[] prompts = {"The harvest", "Coleta means", "SELECT name FROM", "{\"title\":", "Once upon", "Porto is", "<p>Price", "Ana, 20"};
        GenerateOptions shortGen = GenerateOptions.defaults().withMaxTokens(12);
        try (Model m = Model.load(file)) {
            // 1. short generations on one session
            List<Long> rss = new ArrayList<>();
            try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                for (int i = 0; i < generations; i++) {
                    s.generate(prompts[i % prompts.length] + " " + i, shortGen);
                    if ((i + 1) % (generations / 10) == 0) rss.add(rssKb());
                }
            }
            report(generations + " generations on one session", rss);
            // 2. session open/close cycles
            rss.clear();
            for (int i = 0; i < cycles; i++) {
                try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                    s.generate(prompts[i % prompts.length], GenerateOptions.defaults().withMaxTokens(2));
                }
                if ((i + 1) % (cycles / 10) == 0) rss.add(rssKb());
            }
            report(cycles + " session open/close cycles", rss);
            // 3. sampled generations under 7 grammars in turn (the native side keeps 4)
            rss.clear();
            List<Grammar> grammars = new ArrayList<>(List.of(Grammar.jsonSchema(GrammarBenchmark.DEFAULT_SCHEMA)));
            for (int k = 1; k <= 6; k++) grammars.add(Grammar.gbnf("root ::= [a-z]{1," + (4 * k) + "} \" = \" [0-9]{1," + k + "} \";\""));
            int incomplete = 0;
            try (Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withThreads(1))) {
                for (int i = 0; i < grammarGenerations; i++) {
                    Sampling sampling = Sampling.defaults().withTemperature(1f).withSeed(i);
                    try {
                        s.generate(prompts[i % prompts.length], GenerateOptions.defaults().withMaxTokens(400)
                                .withGrammar(grammars.get(i % grammars.size())).withSampling(sampling));
                    } catch (GrammarException e) {
                        incomplete++; // not complete within 400 tokens: still a full generation's work
                    }
                    if ((i + 1) % (grammarGenerations / 10) == 0) rss.add(rssKb());
                }
            }
            report(grammarGenerations + " sampled generations under " + grammars.size() + " grammars in turn (" + incomplete + " incomplete)", rss);
            // 4. one model, many threads, outputs equal to the single-threaded ones
            List<String> expected = new ArrayList<>();
            try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                for (String p : prompts) expected.add(s.generate(p, GenerateOptions.defaults().withMaxTokens(24)).text());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> done = new ArrayList<>();
            int perThread = requests / threads;
            long t0 = System.nanoTime();
            for (int w = 0; w < threads; w++) {
                final int shift = w;
                done.add(pool.submit(() -> {
                    int wrong = 0;
                    try (Session s = m.newSession(SessionOptions.defaults().withContextSize(256).withThreads(1))) {
                        for (int r = 0; r < perThread; r++) {
                            int k = (r + shift) % prompts.length;
                            if (!s.generate(prompts[k], GenerateOptions.defaults().withMaxTokens(24)).text().equals(expected.get(k))) wrong++;
                        }
                    }
                    return wrong;
                }));
            }
            int wrong = 0;
            for (Future<Integer> f : done) wrong += f.get();
            pool.shutdown();
            System.out.printf("%d threads x %d requests on one model: %d outputs differ from the single-threaded ones (%.1f s)%n",
                    threads, perThread, wrong, (System.nanoTime() - t0) / 1e9);
            if (wrong > 0) System.exit(1);
        }
    }

    static void report(String what, List<Long> rss) {
        long first = rss.get(0), mid = rss.get(rss.size() / 2 - 1), last = rss.get(rss.size() - 1);
        System.out.printf("%s: RSS (MB) by tenths %s; first half %+.1f MB, second half %+.1f MB%n", what,
                rss.stream().map(k -> String.format("%.1f", k / 1024.0)).toList(), (mid - first) / 1024.0, (last - mid) / 1024.0);
    }

    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        return -1;
    }
}
