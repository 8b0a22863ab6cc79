package dev.coleta.spark.bench;

import dev.coleta.gguf.TinyModel;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.spark.ColetaSpark;
import dev.coleta.spark.ModelRef;
import dev.coleta.spark.SparkScrapeOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Spark against one process on the same pages: generated article pages (one schema) scraped
 * by {@link Scraper} in one session, then by {@link ColetaSpark#scrape} on {@code local[N]}
 * writing Parquet; the Parquet rows are read back and compared with the single-process
 * results row by row (greedy: they must be equal), and both throughputs are printed, with the
 * process's CPU time (on a busy machine pages per CPU-second compare better than pages/s). Not a
 * test (scripts/bench-spark.sh runs it). Usage:
 *
 * <pre>java -cp coleta-spark.jar:SPARK_CLASSPATH dev.coleta.spark.bench.SparkBenchmark [--pages 200] [--master local[2]]
 *      [--threads 1] [--model FILE] [--out DIR]</pre>
 *
 * Exits 1 when a row differs or fails.
 */
public final class SparkBenchmark {
    private SparkBenchmark() {
    }

    /** CPU time of the whole process (all threads, native code included). */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int n = 200;
        String master = "local[2]";
        int threads = 1;
        Path model = null;
        Path out = Path.of("spark/target/bench-spark");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--pages" -> n = Integer.parseInt(args[++i]);
                case "--master" -> master = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--model" -> model = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(out);
        if (model == null) {
            model = out.resolve("tiny.gguf");
            if (!Files.isRegularFile(model)) TinyModel.create(TinyModel.Recipe.tiny(), model);
        }
        List<GeneratedPage> pages = new ArrayList<>();
        for (int i = 0; i < n; i++) pages.add(PageGenerator.page(SiteType.ARTICLE, i % PageGenerator.TEMPLATES, 1000 + i, "bench"));
        String schema = pages.get(0).schema().toString();
        ModelRef ref = ModelRef.of(model.toString()).withThreads(threads);
        // KEEP: the random model's strings stay in the results (under NULL nearly all are null),
        // so equal rows mean the same greedy generation.
        SparkScrapeOptions options = SparkScrapeOptions.defaults().withHallucinations(dev.coleta.scrape.ScrapeOptions.Hallucinations.KEEP);
        System.out.printf(Locale.ROOT, "%d generated article pages, model %s, %d thread(s) per session%n", n, model.getFileName(), threads);

        // Single process: one session with the settings of each Spark task's session, each page
        // from an empty prompt cache as each Spark row; then again reusing the cached prompt
        // prefix from page to page (the library's default), to show what that costs and changes.
        Map<String, String> single = new HashMap<>();
        double singleS = 0;
        try (Model m = Model.load(model)) {
            for (boolean clear : new boolean[] {true, false}) {
                Map<String, String> results = new HashMap<>();
                long t0 = System.nanoTime();
                long c0 = cpuNanos();
                try (Session s = m.newSession(SessionOptions.defaults().withContextSize(ref.contextSize()).withThreads(threads))) {
                    Scraper scraper = new Scraper(s, options.scrapeOptions());
                    for (GeneratedPage p : pages) {
                        if (clear) s.clearCache();
                        ScrapeResult r = scraper.scrape(HtmlPages.parse(p.html(), p.id()), schema);
                        results.put(p.id(), r.value() + " " + r.hallucinated());
                    }
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuNanos() - c0) / 1e9;
                if (clear) {
                    single = results;
                    singleS = wall;
                }
                long differ = 0;
                for (GeneratedPage p : pages) if (!results.get(p.id()).equals(single.get(p.id()))) differ++;
                System.out.printf(Locale.ROOT, "single process, %-15s: %4d pages in %7.1f s = %6.2f pages/s; CPU %7.1f s = %5.2f pages per CPU-second%s%n",
                        clear ? "cache cleared" : "prefix reused", n, wall, n / wall, cpu, n / cpu,
                        clear ? "" : "; " + differ + " results differ from the cleared run");
            }
        }

        long s0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master(master).appName("coleta bench-spark").config("spark.ui.enabled", "false").getOrCreate();
        double startS = (System.nanoTime() - s0) / 1e9;
        try {
            int slots = spark.sparkContext().defaultParallelism();
            List<Row> rows = new ArrayList<>();
            for (GeneratedPage p : pages) rows.add(RowFactory.create(p.id(), p.html()));
            Dataset<Row> in = spark.createDataFrame(rows, new StructType().add("id", DataTypes.StringType).add("html", DataTypes.StringType))
                    .repartition(slots);
            Path parquet = out.resolve("scraped.parquet");
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            ColetaSpark.scrape(in, "html", schema, ref, options).write().mode(SaveMode.Overwrite).parquet(parquet.toString());
            double sparkS = (System.nanoTime() - t1) / 1e9;
            double sparkCpu = (cpuNanos() - c1) / 1e9;
            System.out.printf(Locale.ROOT, "spark %-10s (%d tasks at once): %4d pages in %7.1f s = %6.2f pages/s; CPU %7.1f s = %5.2f pages per CPU-second%n",
                    master, slots, n, sparkS, n / sparkS, sparkCpu, n / sparkCpu);
            System.out.printf(Locale.ROOT, "spark / single: x%.2f pages/s (session start %.1f s not counted); load average %.1f on %d cores%n",
                    singleS / sparkS, startS, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());

            int equal = 0;
            List<String> differ = new ArrayList<>();
            List<Row> back = spark.read().parquet(parquet.toString()).collectAsList();
            for (Row r : back) {
                String id = r.getString(0);
                String got = r.isNullAt(4) ? r.getString(2) + " " + r.getList(3) : "error: " + r.getString(4);
                if (Objects.equals(single.get(id), got)) equal++;
                else differ.add(id + ": spark " + got + " | single " + single.get(id));
            }
            System.out.printf(Locale.ROOT, "parquet %s: %d rows, %d equal to the single-process results%n", parquet, back.size(), equal);
            differ.stream().limit(5).forEach(d -> System.out.println("  differs: " + d));
            if (back.size() != n || equal != n) System.exit(1);
        } finally {
            spark.stop();
        }
    }
}
