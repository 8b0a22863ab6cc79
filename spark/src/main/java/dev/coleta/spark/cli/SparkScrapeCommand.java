package dev.coleta.spark.cli;

import dev.coleta.cli.ExitCodes;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.spark.ColetaSpark;
import dev.coleta.spark.ModelRef;
import dev.coleta.spark.SparkScrapeOptions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code coleta spark scrape}: a directory of HTML files or a Parquet file of pages in, a
 * Parquet file of the pages' columns plus json, hallucinated and error out.
 */
@Command(name = "scrape", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scrape many pages with a JSON Schema as a Spark job; writes Parquet.",
                "Rows that fail get a message in the 'error' column; the job goes on."})
public final class SparkScrapeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--pages", required = true, paramLabel = "DIR|FILE.parquet",
            description = {"A directory of *.html files (columns path, html) or a Parquet file/directory with a string column",
                    "(--column) holding HTML, file: URLs or http(s) URLs. Any Hadoop path (hdfs://, s3a://) works on a cluster."})
    String pages;

    @Option(names = "--schema", required = true, paramLabel = "FILE", description = "JSON Schema of each result (read on the driver).")
    Path schema;

    @Option(names = "--out", required = true, paramLabel = "OUT.parquet", description = "Output Parquet directory.")
    String out;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "GGUF model: a path every executor can read, or the name of a file shipped with spark-submit --files.")
    String model;

    @Option(names = "--lora", paramLabel = "FILE[:SCALE]", description = "LoRA adapter (resolved like --model); repeatable.")
    List<String> loras = new ArrayList<>();

    @Option(names = "--column", paramLabel = "NAME", defaultValue = "html", description = "Pages column of a Parquet input (default ${DEFAULT-VALUE}).")
    String column;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "CPU threads per task's session (default ${DEFAULT-VALUE}; an executor runs one task per core).")
    int threads;

    @Option(names = "--ctx", paramLabel = "N", defaultValue = "2048", description = "Context size in tokens (default ${DEFAULT-VALUE}).")
    int ctx;

    @Option(names = "--gpu-layers", paramLabel = "N", defaultValue = "0", description = "Layers to offload to the GPU (CUDA builds; default ${DEFAULT-VALUE}).")
    int gpuLayers;

    @Option(names = "--partitions", paramLabel = "N", description = "Repartition the pages into N partitions first (default: as read).")
    Integer partitions;

    @Option(names = "--on-hallucination", paramLabel = "null|error|keep", defaultValue = "null",
            description = "Strings absent from the page, as in 'coleta scrape' (default ${DEFAULT-VALUE}).")
    String onHallucination;

    @Option(names = "--item-selector", paramLabel = "CSS", description = "Repeated items to split long pages by (default: detected).")
    String itemSelector;

    @Option(names = "--max-bytes", paramLabel = "N", defaultValue = "16777216", description = "Largest page accepted in bytes; larger ones are error rows (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Option(names = "--grounded", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Free-text strings only from the page's text, as in 'coleta scrape' (default ${DEFAULT-VALUE}).")
    boolean grounded;

    @Option(names = "--force", description = "Overwrite --out if it exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(schema)) throw new IllegalArgumentException("--schema: file not found: " + schema);
        String schemaJson = Files.readString(schema, StandardCharsets.UTF_8);
        ScrapeOptions.Hallucinations policy = switch (onHallucination.toLowerCase(Locale.ROOT)) {
            case "null" -> ScrapeOptions.Hallucinations.NULL;
            case "error" -> ScrapeOptions.Hallucinations.ERROR;
            case "keep" -> ScrapeOptions.Hallucinations.KEEP;
            default -> throw new IllegalArgumentException("--on-hallucination must be null, error or keep, got '" + onHallucination + "'");
        };
        ModelRef ref;
        SparkScrapeOptions options;
        try {
            ref = ModelRef.of(model).withThreads(threads).withContextSize(ctx).withGpuLayers(gpuLayers);
            for (String l : loras) {
                int colon = l.lastIndexOf(':');
                boolean scaled = colon > 0 && l.substring(colon + 1).matches("-?[0-9.]+");
                ref = ref.withAdapter(scaled ? l.substring(0, colon) : l, scaled ? Float.parseFloat(l.substring(colon + 1)) : 1f);
            }
            options = SparkScrapeOptions.defaults().withHallucinations(policy).withItemSelector(itemSelector).withMaxPageBytes(maxBytes)
                    .withGrounded(grounded);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (partitions != null && partitions < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--partitions must be >= 1");
        Path localPages = localPath(pages);
        if (localPages != null && !Files.exists(localPages)) throw new IllegalArgumentException("--pages: not found: " + pages);
        Path localOut = localPath(out);
        if (localOut != null && Files.exists(localOut) && !force) {
            throw new IllegalArgumentException("--out: " + out + " exists; give --force to overwrite it");
        }
        boolean parquet = localPages != null ? !Files.isDirectory(localPages) || isParquetDir(localPages) : pages.endsWith(".parquet");

        // A session already running in this JVM (spark-submit's, a test's) is used and left
        // running; one made here is stopped here.
        boolean ownSession = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder b = SparkSession.builder().appName("coleta spark scrape");
        if (master != null) b = b.master(master);
        else if (ownSession && System.getProperty("spark.master") == null) b = b.master("local[*]");
        SparkSession spark = b.getOrCreate();
        try {
            long t0 = System.nanoTime();
            Dataset<Row> in;
            String col;
            if (parquet) {
                in = spark.read().parquet(pages);
                col = column;
            } else {
                in = spark.read().option("wholetext", "true").option("pathGlobFilter", "*.html").text(pages)
                        .select(functions.col("_metadata.file_path").as("path"), functions.col("value").as("html"));
                col = "html";
            }
            if (partitions != null) in = in.repartition(partitions);
            Dataset<Row> result = ColetaSpark.scrape(in, col, schemaJson, ref, options);
            result.write().mode(force ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(out);
            Row counts = spark.read().parquet(out)
                    .agg(functions.count(functions.lit(1)), functions.count(functions.col(ColetaSpark.ERROR))).first();
            double s = (System.nanoTime() - t0) / 1e9;
            long rows = counts.getLong(0);
            spec.commandLine().getOut().printf(Locale.ROOT, "%d pages, %d errors, %.1f s (%.2f pages/s) -> %s%n",
                    rows, counts.getLong(1), s, rows / s, out);
            spec.commandLine().getOut().flush();
        } finally {
            if (ownSession) spark.stop();
        }
        return ExitCodes.OK;
    }

    /** The local file a path names (no scheme, or file:), else null (hdfs:, s3a:, ...). */
    static Path localPath(String p) {
        int colon = p.indexOf(':');
        if (colon < 2) return Path.of(p); // no scheme (a one-letter "scheme" would be a Windows drive)
        String scheme = p.substring(0, colon).toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) return Path.of(URI.create(p));
        return null;
    }

    private static boolean isParquetDir(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
        }
    }
}
