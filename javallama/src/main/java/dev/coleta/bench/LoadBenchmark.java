package dev.coleta.bench;

import dev.coleta.javallama.JavaLlamaModel;
import dev.coleta.javallama.JavaLlamaOptions;
import dev.coleta.llama.GenerateOptions;
import dev.coleta.llama.Model;
import dev.coleta.llama.NativeLibrary;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Model load time and peak resident memory, side by side: every repetition starts one fresh
 * process per engine on the same model file, back to back. Each JVM child loads the model
 * (timed in-process, from the call to the usable model), opens a 1,024-token context and
 * generates 128 tokens greedily; llama-bench runs tg128 on the same file; a JVM child that
 * loads nothing gives the JVM's own share. Peak RSS is the child's maximum resident set
 * (GNU time's %M). Usage:
 *
 * <pre>java -cp ... dev.coleta.bench.LoadBenchmark --llama-bench PATH [--reps 5]
 *     [--models tiny-f32,medium-f32,medium-q4_0] [--out FILE]</pre>
 *
 * Not a test.
 */
public final class LoadBenchmark {
    private static final String[] ENGINES = {"jvm", "coleta", "java-llama.cpp"};

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(args[1], Path.of(args[2]));
            return;
        }
        Path llamaBench = null;
        int reps = 5;
        List<String> models = List.of("tiny-f32", "medium-f32", "medium-q4_0");
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--llama-bench" -> llamaBench = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--models" -> models = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (llamaBench == null || !Files.isExecutable(llamaBench)) throw new IllegalArgumentException("--llama-bench must name llama-bench");
        StringBuilder md = new StringBuilder();
        md.append(String.format("Native library: %s; %d repetitions, each a fresh process per engine; peak RSS in MB, load in ms.%n%n",
                NativeLibrary.version(), reps));
        md.append("| model | file MB | llama-bench RSS | JVM alone RSS | Coleta RSS | java-llama.cpp RSS | Coleta/java-llama.cpp RSS "
                + "| Coleta load | java-llama.cpp load | Coleta/java-llama.cpp load |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (String name : models) {
            Path file = SpeedBenchmark.model(name);
            double[] lbRss = new double[reps], jvmRss = new double[reps], coRss = new double[reps], jlRss = new double[reps];
            double[] coLoad = new double[reps], jlLoad = new double[reps], rssRatio = new double[reps], loadRatio = new double[reps];
            for (int rep = 0; rep < reps; rep++) {
                lbRss[rep] = measure(List.of(llamaBench.toString(), "-m", file.toString(), "-p", "0", "-n", "128", "-t", "1", "-r", "1"))[0];
                jvmRss[rep] = jvmChild("jvm", file)[0];
                double[] co = jvmChild("coleta", file);
                double[] jl = jvmChild("java-llama.cpp", file);
                coRss[rep] = co[0];
                coLoad[rep] = co[1];
                jlRss[rep] = jl[0];
                jlLoad[rep] = jl[1];
                rssRatio[rep] = co[0] / jl[0];
                loadRatio[rep] = co[1] / jl[1];
                System.out.printf("%-12s rep %d: RSS llama-bench %.1f, JVM %.1f, Coleta %.1f, java-llama.cpp %.1f MB; load Coleta %.1f, java-llama.cpp %.1f ms%n",
                        name, rep + 1, lbRss[rep], jvmRss[rep], co[0], jl[0], co[1], jl[1]);
            }
            md.append(String.format("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %.1f | %.1f | %s |%n", name, Files.size(file) / 1e6,
                    Ratios.median(lbRss), Ratios.median(jvmRss), Ratios.median(coRss), Ratios.median(jlRss),
                    Ratios.spread(rssRatio), Ratios.median(coLoad), Ratios.median(jlLoad), Ratios.spread(loadRatio)));
        }
        System.out.println();
        System.out.print(md);
        if (out != null) Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    /** In a child JVM: load (timed), generate 128 tokens, print the load time in ms. */
    static void child(String engine, Path file) {
        long t0 = System.nanoTime();
        switch (engine) {
            case "jvm" -> System.out.println("load-ms 0");
            case "coleta" -> {
                try (Model m = Model.load(file)) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    try (Session s = m.newSession(SessionOptions.defaults().withContextSize(1024).withThreads(1))) {
                        s.generate(new int[] {m.bosToken()}, GenerateOptions.defaults().withMaxTokens(128), null);
                    }
                    System.out.println("load-ms " + ms);
                }
            }
            case "java-llama.cpp" -> {
                try (JavaLlamaModel m = JavaLlamaModel.open(file, JavaLlamaOptions.defaults().withContextSize(1024).withThreads(1))) {
                    double ms = (System.nanoTime() - t0) / 1e6;
                    m.complete("a", null, 128);
                    System.out.println("load-ms " + ms);
                }
                System.exit(0); // java-llama.cpp 4.2.0 leaves a non-daemon thread behind
            }
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        }
    }

    static double[] jvmChild(String engine, Path file) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), LoadBenchmark.class.getName(), "--child", engine, file.toString()));
        return measure(cmd);
    }

    /** Runs cmd under GNU time: {peak RSS in MB, the "load-ms" the child printed (0 if none)}. */
    static double[] measure(List<String> cmd) throws IOException, InterruptedException {
        Path rss = Files.createTempFile("coleta-rss", ".txt");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%M", "-o", rss.toString()));
            full.addAll(cmd);
            Process p = new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("failed: " + String.join(" ", cmd));
            double loadMs = 0;
            for (String line : outText.split("\n")) if (line.startsWith("load-ms ")) loadMs = Double.parseDouble(line.substring(8).trim());
            String[] lines = Files.readString(rss).trim().split("\n");
            return new double[] {Double.parseDouble(lines[lines.length - 1].trim()) / 1024.0, loadMs};
        } finally {
            Files.deleteIfExists(rss);
        }
    }
}
