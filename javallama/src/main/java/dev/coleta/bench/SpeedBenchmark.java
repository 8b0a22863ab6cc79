package dev.coleta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coleta.gguf.TinyModel;
import dev.coleta.javallama.JavaLlamaModel;
import dev.coleta.javallama.JavaLlamaOptions;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Generation;
import dev.coleta.llama.Model;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.train.Quantization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Prompt processing (pp) and generation (tg) speed of Coleta against llama.cpp's own
 * llama-bench (same build, model files and threads) and java-llama.cpp, as ratios measured
 * side by side: every repetition runs the three engines back to back on the same model, so
 * each ratio compares runs that saw the same machine noise; the table gives the median ratio
 * with its min and max over the repetitions. Usage:
 *
 * <pre>java -cp ... dev.coleta.bench.SpeedBenchmark --llama-bench PATH [--reps 5] [--threads 1]
 *     [--models tiny-f32,medium-f32,medium-q8_0,medium-q4_0] [--out docs/BENCHMARKS.md]</pre>
 *
 * pp: a 512-token prompt in one call (llama-bench pp512); tg: 128 tokens generated greedily
 * from a one-token prompt (llama-bench tg128 decodes without sampling, so Coleta's figure
 * includes its sampling and llama-bench's does not). java-llama.cpp's tg is the wall time of a
 * 128-token request (its API reports no timings), so it includes one two-token prompt.
 * Models are created with random weights under ~/.cache/coleta/bench. Not a test.
 */
public final class SpeedBenchmark {
    private static final int PP = 512, TG = 128;

    record Row(String model, String engine, double pp, double tg) {
    }

    public static void main(String[] args) throws Exception {
        Path llamaBench = null;
        int reps = 5, threads = 1;
        List<String> models = List.of("tiny-f32", "medium-f32", "medium-q8_0", "medium-q4_0");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--llama-bench" -> llamaBench = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (llamaBench == null || !Files.isExecutable(llamaBench)) throw new IllegalArgumentException("--llama-bench must name llama-bench (scripts/bench-speed.sh builds it)");
        StringBuilder md = new StringBuilder();
        md.append(String.format("Native library: %s; %d thread(s); %d repetitions; %s.%n%n", NativeLibrary.version(), threads, reps,
                System.getProperty("os.arch")));
        md.append("| model | llama-bench pp512 | Coleta pp512 | Coleta/llama-bench pp (median [min, max]) | llama-bench tg128 | Coleta tg128 | java-llama.cpp tg128 "
                + "| Coleta/llama-bench tg | java-llama.cpp/llama-bench tg |\n|---|---|---|---|---|---|---|---|---|\n");
        for (String name : models) {
            Path file = model(name);
            double[][] r = new double[reps][5]; // llama pp, llama tg, coleta pp, coleta tg, jllama tg
            for (int rep = 0; rep < reps; rep++) {
                double[] lb = llamaBench(llamaBench, file, threads);
                double[] co = coleta(file, threads);
                double jl = javaLlama(file, threads);
                r[rep] = new double[] {lb[0], lb[1], co[0], co[1], jl};
                System.out.printf("%-12s rep %d: llama-bench pp %.1f tg %.1f | Coleta pp %.1f tg %.1f | java-llama.cpp tg %.1f%n",
                        name, rep + 1, lb[0], lb[1], co[0], co[1], jl);
            }
            double[] ppRatio = new double[reps], tgRatio = new double[reps], jlRatio = new double[reps];
            for (int i = 0; i < reps; i++) {
                ppRatio[i] = r[i][2] / r[i][0];
                tgRatio[i] = r[i][3] / r[i][1];
                jlRatio[i] = r[i][4] / r[i][1];
            }
            md.append(String.format("| %s | %.1f | %.1f | %s | %.1f | %.1f | %.1f | %s | %s |%n", name, Ratios.median(col(r, 0)), Ratios.median(col(r, 2)),
                    Ratios.spread(ppRatio), Ratios.median(col(r, 1)), Ratios.median(col(r, 3)), Ratios.median(col(r, 4)), Ratios.spread(tgRatio), Ratios.spread(jlRatio)));
        }
        System.out.println();
        System.out.print(md);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        }
        System.exit(0); // java-llama.cpp 4.2.0 leaves a non-daemon thread behind
    }

    static Path model(String name) {
        String[] p = name.split("-", 2);
        Path dir = NativeLibrary.cacheRoot().resolve("bench");
        Path f32 = dir.resolve(p[0] + ".gguf");
        if (!Files.isRegularFile(f32)) TinyModel.create(TinyModel.Recipe.preset(p[0]), f32);
        if (p[1].equals("f32")) return f32;
        Path q = dir.resolve(p[0] + "-" + p[1] + ".gguf");
        if (!Files.isRegularFile(q)) Quantization.quantize(f32, q, Quantization.Type.parse(p[1]), 2);
        return q;
    }

    /** pp512 and tg128 tokens/s from one llama-bench run (-r 1). */
    static double[] llamaBench(Path exe, Path model, int threads) throws IOException, InterruptedException {
        Process pr = new ProcessBuilder(exe.toString(), "-m", model.toString(), "-p", "" + PP, "-n", "" + TG, "-t", "" + threads,
                "-r", "1", "-o", "json").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] json = pr.getInputStream().readAllBytes();
        if (pr.waitFor() != 0) throw new IOException("llama-bench failed on " + model);
        double pp = 0, tg = 0;
        for (JsonNode n : new ObjectMapper().readTree(json)) {
            if (n.get("n_prompt").asInt() > 0) pp = n.get("avg_ts").asDouble();
            else tg = n.get("avg_ts").asDouble();
        }
        return new double[] {pp, tg};
    }

    /** pp512 and tg128 tokens/s from Coleta's Session (fresh session, as llama-bench uses a fresh context). */
    static double[] coleta(Path file, int threads) {
        try (Model m = Model.load(file);
             Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withBatchSize(2048).withThreads(threads))) {
            int[] prompt = new int[PP];
            Random rnd = new Random(7);
            prompt[0] = m.bosToken();
            for (int i = 1; i < PP; i++) prompt[i] = 3 + rnd.nextInt(m.vocabSize() - 3);
            // Warm-up as llama-bench does it: one pp512 batch and a few single-token steps first.
            s.generate(prompt, GenerateOptions.defaults().withMaxTokens(4), null);
            s.clearCache();
            Generation p = s.generate(prompt, GenerateOptions.defaults().withMaxTokens(1), null);
            double pp = PP / (p.promptNanos() / 1e9);
            s.clearCache();
            Generation g = s.generate(new int[] {m.bosToken()}, GenerateOptions.defaults().withMaxTokens(TG), null);
            double tg = g.generatedTokens() / ((g.nanos() - g.promptNanos()) / 1e9);
            return new double[] {pp, tg};
        }
    }

    /** tg128 tokens/s of one java-llama.cpp request (greedy, EOS ignored). */
    static double javaLlama(Path file, int threads) {
        try (JavaLlamaModel m = JavaLlamaModel.open(file, JavaLlamaOptions.defaults().withContextSize(1024).withThreads(threads))) {
            m.complete("a", null, 4); // warm-up
            int[] pieces = {0}; // one streamed output per generated token
            long t0 = System.nanoTime();
            m.generate("b", GenerateOptions.defaults().withMaxTokens(TG), piece -> ++pieces[0] > 0);
            long ns = System.nanoTime() - t0;
            return Math.max(1, pieces[0]) / (ns / 1e9);
        }
    }

    static double[] col(double[][] r, int c) {
        return Arrays.stream(r).mapToDouble(x -> x[c]).toArray();
    }
}
