package dev.coleta.spark;

import dev.coleta.grammar.JsonSchemas;
import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.scrape.config.ScrapeConfig;
import dev.coleta.scrape.html.HtmlPages;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * Coleta's tasks over Spark datasets (scrape, apply-config, nl2sql): rows in, the same rows
 * plus result columns out.
 *
 * <p>The pages column holds, per row, the HTML itself, a {@code file:} URL (read on the
 * executor) or an {@code http(s)} URL (fetched with the library's size and time limits). A row
 * that cannot be done (a page that is empty, binary or too large, a model that cannot answer
 * within the schema) gets a null result and a message in {@code error}; the job goes on.
 *
 * <p>Models: each executor JVM loads the model of a {@link ModelRef} once, on the first task
 * that needs it, and keeps it for every later partition, task and job (until
 * {@link #releaseModels()} or the JVM's end). Each task borrows its own session (llama.cpp
 * context) for its partition, so an executor with {@code spark.executor.cores = C} runs C
 * sessions on one copy of the weights, each with {@link ModelRef#threads()} threads.
 *
 * <p>Each row starts from an empty prompt cache, so its result depends on the row alone: the
 * same as the single-process API gives for that page in a fresh session (e.g. {@code coleta
 * scrape}), whatever the partitioning, the row order, retries or speculative tasks. (Reusing a
 * prompt prefix across rows would save its evaluation but makes greedy results depend, in the
 * last bits, on which row came before.)
 */
public final class ColetaSpark {
    /** The result column: the JSON text, valid against the schema (null when {@link #ERROR} is set). */
    public static final String JSON = "json";
    /** JSON paths of string values the page does not contain (see the library's hallucination check). */
    public static final String HALLUCINATED = "hallucinated";
    /** Why the row has no result; null when it has one. */
    public static final String ERROR = "error";

    private ColetaSpark() {
    }

    /**
     * Scrapes the page in {@code column} of every row against {@code jsonSchema}, as
     * {@code dev.coleta.scrape.Scraper} does in one process on a fresh session (greedy, so the
     * results are the same row by row). Lazy: runs when the result is used.
     *
     * @return {@code pages}' columns plus {@link #JSON} (string), {@link #HALLUCINATED}
     *         (array of strings) and {@link #ERROR} (string)
     * @throws IllegalArgumentException if {@code column} is missing or not a string, the schema
     *                                  is not a JSON object, or {@code pages} already has a result column
     */
    public static Dataset<Row> scrape(Dataset<Row> pages, String column, String jsonSchema, ModelRef model, SparkScrapeOptions options) {
        Objects.requireNonNull(pages, "pages");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        int index = stringColumn(pages.schema(), column);
        checkSchema(jsonSchema);
        StructType out = scrapeSchema(pages.schema());
        return pages.mapPartitions(new ScrapePartition(index, jsonSchema, model, options), Encoders.row(out));
    }

    /** {@link #scrape(Dataset, String, String, ModelRef, SparkScrapeOptions)} with {@link SparkScrapeOptions#defaults()}. */
    public static Dataset<Row> scrape(Dataset<Row> pages, String column, String jsonSchema, ModelRef model) {
        return scrape(pages, column, jsonSchema, model, SparkScrapeOptions.defaults());
    }

    /** The schema {@link #scrape} returns for input rows of {@code input}. */
    public static StructType scrapeSchema(StructType input) {
        return Rows.extend(input, Rows.string(JSON), Rows.strings(HALLUCINATED), Rows.string(ERROR));
    }

    /**
     * Applies a scrape configuration (CSS selectors, as {@code coleta apply-config} reads
     * them) to the page in {@code column} of every row; no model. Pages larger than
     * {@code maxPageBytes} are error values.
     *
     * @return {@code pages}' columns plus {@link #JSON} and {@link #ERROR}
     * @throws IllegalArgumentException if {@code column} is missing or not a string, or the
     *                                  configuration does not parse
     */
    public static Dataset<Row> applyConfig(Dataset<Row> pages, String column, String configJson, long maxPageBytes) {
        Objects.requireNonNull(pages, "pages");
        int index = stringColumn(pages.schema(), column);
        if (configJson == null) throw new IllegalArgumentException("configJson is null");
        try {
            ScrapeConfig.parse(configJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("configJson is not a scrape configuration: " + e.getMessage(), e);
        }
        if (maxPageBytes < 1) throw new IllegalArgumentException("maxPageBytes must be >= 1, got " + maxPageBytes);
        StructType out = Rows.extend(pages.schema(), Rows.string(JSON), Rows.string(ERROR));
        return pages.mapPartitions(new ConfigPartition(index, configJson, maxPageBytes, Duration.ofSeconds(30)), Encoders.row(out));
    }

    /** {@link #applyConfig(Dataset, String, String, long)} with the library's default page limit (16 MiB). */
    public static Dataset<Row> applyConfig(Dataset<Row> pages, String column, String configJson) {
        return applyConfig(pages, column, configJson, HtmlPages.DEFAULT_MAX_BYTES);
    }

    /** The SQL column of {@link #nl2sql}: one SELECT, checked against the database's schema (null when {@link #ERROR} is set). */
    public static final String SQL = "sql";

    /**
     * Writes one SELECT per question in {@code column} for {@code database}, as
     * {@code dev.coleta.nl2sql.Nl2Sql#sql} does in one process with {@code options} (the
     * schema's SQL grammar, then the guard); the queries are not run. {@code database} is a
     * {@code jdbc:} URL or a SQLite file, resolved on each executor like the model (a path it
     * can read, or a file shipped with the job). Lazy: runs when the result is used.
     *
     * @return {@code questions}' columns plus {@link #SQL} and {@link #ERROR}
     * @throws IllegalArgumentException if {@code column} is missing or not a string, or {@code database} is blank
     */
    public static Dataset<Row> nl2sql(Dataset<Row> questions, String column, String database, ModelRef model, Nl2SqlOptions options) {
        Objects.requireNonNull(questions, "questions");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        int index = stringColumn(questions.schema(), column);
        if (database == null || database.isBlank()) throw new IllegalArgumentException("database is blank");
        StructType out = Rows.extend(questions.schema(), Rows.string(SQL), Rows.string(ERROR));
        return questions.mapPartitions(new Nl2SqlPartition(index, database, model, options), Encoders.row(out));
    }

    /** {@link #nl2sql(Dataset, String, String, ModelRef, Nl2SqlOptions)} with {@link Nl2SqlOptions#defaults()}. */
    public static Dataset<Row> nl2sql(Dataset<Row> questions, String column, String database, ModelRef model) {
        return nl2sql(questions, column, database, model, Nl2SqlOptions.defaults());
    }

    /**
     * Closes the models cached in this JVM (the driver's, in local mode). Call it only when no
     * job using them runs; a later job loads them again.
     */
    public static void releaseModels() {
        ExecutorModels.closeAll();
    }

    static int stringColumn(StructType schema, String column) {
        if (column == null) throw new IllegalArgumentException("column is null");
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException("column '" + column + "' is not in pages (columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        int i = schema.fieldIndex(column);
        StructField f = schema.fields()[i];
        if (!f.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' must be a string column (HTML or a URL), got " + f.dataType().simpleString());
        }
        return i;
    }

    static void checkSchema(String jsonSchema) {
        if (jsonSchema == null) throw new IllegalArgumentException("jsonSchema is null");
        try {
            if (!JsonSchemas.parse(jsonSchema).isObject()) throw new IllegalArgumentException("jsonSchema must be a JSON object");
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) throw e;
            throw new IllegalArgumentException("jsonSchema is not valid JSON: " + e.getMessage(), e);
        }
    }
}
