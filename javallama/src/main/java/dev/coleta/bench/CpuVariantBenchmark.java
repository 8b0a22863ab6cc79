package dev.coleta.bench;

import dev.coleta.llama.CpuVariant;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CPU variants of one jar built with {@code COLETA_CPU=all} against a {@code COLETA_CPU=native}
 * build of the same sources: pp512 and tg128 tokens/s ({@link SpeedBenchmark#coleta}), every
 * engine a fresh JVM per model and repetition (a JVM loads one native library), the engines of a
 * repetition back to back, so each ratio to native compares runs that saw the same machine
 * noise. Each engine also generates 24 tokens greedily from a fixed prompt; the table says
 * whether every variant wrote the same text. Variants this CPU cannot run are left out. Usage:
 *
 * <pre>java -cp ... dev.coleta.bench.CpuVariantBenchmark --native DIR [--reps 5] [--threads 1]
 *     [--variants portable,x64,icelake] [--models tiny-f32,medium-f32,medium-q8_0,medium-q4_0]
 *     [--out FILE]</pre>
 *
 * Not a test ({@code scripts/bench-cpu.sh} builds both and runs it).
 */
public final class CpuVariantBenchmark {
    private static final String PROMPT = "The harvest of the year";

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--child")) {
            child(Path.of(args[1]), Integer.parseInt(args[2]));
            return;
        }
        Path nativeDir = null, out = null;
        int reps = 5, threads = 1;
        List<String> variants = List.of("portable", "x64", "icelake");
        List<String> models = List.of("tiny-f32", "medium-f32", "medium-q8_0", "medium-q4_0");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--native" -> nativeDir = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--models" -> models = List.of(args[++i].split(","));
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (nativeDir == null || !Files.isRegularFile(nativeDir.resolve("libcoleta.so"))) {
            throw new IllegalArgumentException("--native must name a directory with libcoleta.so built with COLETA_CPU=native");
        }
        // the variants this CPU runs (a forced one it lacks would be refused by NativeLibrary)
        java.util.Set<String> here = CpuVariant.cpuFlags(Path.of("/proc/cpuinfo"));
        List<String> runnable = variants.stream().filter(v -> here == null || CpuVariant.of(v).runsOn(here)).toList();
        if (!runnable.equals(variants)) System.out.println("left out, this CPU cannot run them: "
                + variants.stream().filter(v -> !runnable.contains(v)).toList());
        variants = runnable;
        String auto = NativeLibrary.cpuVariant().map(CpuVariant::id).orElse("named by path");
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%s; %d thread(s); %d repetitions; this CPU loads the %s build when nothing is forced.%n%n",
                NativeLibrary.version(), threads, reps, auto));
        md.append("| model | native pp512 | native tg128 |");
        for (String v : variants) md.append(" ").append(v).append(" pp / native | ").append(v).append(" tg / native |");
        md.append(" same greedy text |\n|---|---|---|");
        md.append("---|---|".repeat(variants.size())).append("---|\n");
        for (String name : models) {
            Path file = SpeedBenchmark.model(name);
            double[][] nat = new double[reps][];
            Map<String, double[][]> byVariant = new LinkedHashMap<>();
            for (String v : variants) byVariant.put(v, new double[reps][]);
            List<String> texts = new ArrayList<>();
            for (int rep = 0; rep < reps; rep++) {
                Result n = run(file, threads, "-D" + NativeLibrary.PATH_PROPERTY + "=" + nativeDir);
                nat[rep] = n.speed;
                if (rep == 0) texts.add(n.text);
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s rep %d: native pp %.1f tg %.1f", name, rep + 1, n.speed[0], n.speed[1]));
                for (String v : variants) {
                    Result r = run(file, threads, "-D" + CpuVariant.PROPERTY + "=" + v);
                    if (!r.variant.equals(v)) throw new IllegalStateException("forced " + v + " but " + r.variant + " loaded");
                    byVariant.get(v)[rep] = r.speed;
                    if (rep == 0) texts.add(r.text);
                    line.append(String.format(Locale.ROOT, " | %s pp %.1f tg %.1f", v, r.speed[0], r.speed[1]));
                }
                System.out.println(line);
            }
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f |", name, Ratios.median(SpeedBenchmark.col(nat, 0)),
                    Ratios.median(SpeedBenchmark.col(nat, 1))));
            for (String v : variants) {
                double[][] r = byVariant.get(v);
                double[] pp = new double[reps], tg = new double[reps];
                for (int i = 0; i < reps; i++) {
                    pp[i] = r[i][0] / nat[i][0];
                    tg[i] = r[i][1] / nat[i][1];
                }
                md.append(" ").append(Ratios.spread(pp)).append(" | ").append(Ratios.spread(tg)).append(" |");
            }
            md.append(texts.stream().distinct().count() == 1 ? " yes |\n" : " no (" + texts.stream().distinct().count() + " texts) |\n");
        }
        System.out.println();
        System.out.print(md);
        if (out != null) Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
    }

    private record Result(String variant, double[] speed, String text) {
    }

    /** One engine in a fresh JVM: this class's --child mode under the given system property. */
    private static Result run(Path model, int threads, String property) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, property, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CpuVariantBenchmark.class.getName(), "--child", model.toString(), "" + threads)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("engine " + property + " failed on " + model + ": " + outText);
        String[] lines = outText.strip().split("\n", 3);
        String[] sp = lines[1].trim().split(" ");
        return new Result(lines[0].trim(), new double[] {Double.parseDouble(sp[0]), Double.parseDouble(sp[1])}, lines.length > 2 ? lines[2] : "");
    }

    private static void child(Path model, int threads) {
        double[] speed = SpeedBenchmark.coleta(model, threads);
        String text;
        try (Model m = Model.load(model); Session s = m.newSession(SessionOptions.defaults().withThreads(threads))) {
            text = s.generate(PROMPT, GenerateOptions.defaults().withMaxTokens(24)).text();
        }
        System.out.println(NativeLibrary.cpuVariant().map(CpuVariant::id).orElse("native"));
        System.out.println(String.format(Locale.ROOT, "%.3f %.3f", speed[0], speed[1]));
        System.out.println(Arrays.toString(text.getBytes(StandardCharsets.UTF_8)));
    }
}
