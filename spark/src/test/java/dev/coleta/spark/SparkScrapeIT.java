package dev.coleta.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.cli.ExitCodes;
import dev.coleta.gguf.TinyModel;
import dev.coleta.llama.Model;
import dev.coleta.llama.Session;
import dev.coleta.llama.SessionOptions;
import dev.coleta.nl2sql.Domains;
import dev.coleta.nl2sql.Nl2Sql;
import dev.coleta.nl2sql.Nl2SqlOptions;
import dev.coleta.nl2sql.SqlGrammarOptions;
import dev.coleta.nl2sql.SyntheticDatabase;
import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.data.SiteType;
import dev.coleta.scrape.html.HtmlPages;
import dev.coleta.spark.cli.SparkMain;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One local[2] Spark session on a tiny random-weight model: the Spark results equal the
 * single-process {@link Scraper}'s on a fresh session per page, row by row (greedy), bad rows are error values in a job
 * that succeeds, nl2sql and apply-config equal the library's too, and {@code coleta spark scrape} writes the same results to Parquet with the
 * CLI's exit codes.
 */
class SparkScrapeIT {
    private static final long MAX_BYTES = 200_000;
    /**
     * KEEP: the random model's strings stay in the result (under NULL they all become null and
     * every page's result is the same), so equal results mean the same greedy generation.
     */
    private static final SparkScrapeOptions OPTIONS = SparkScrapeOptions.defaults().withMaxPageBytes(MAX_BYTES)
            .withHallucinations(ScrapeOptions.Hallucinations.KEEP)
            .withGrounded(false); // ungrounded, a random model writes strings: results that differ, so the comparison can fail

    /** What the single-process API gives for one page. */
    record Expected(String json, List<String> hallucinated) {
    }

    private static SparkSession spark;
    private static Path work;
    private static Path model;
    private static List<GeneratedPage> pages;
    private static String schema;
    private static final Map<String, Expected> inline = new LinkedHashMap<>();
    private static final Map<String, Expected> fromFile = new LinkedHashMap<>();
    private static final List<String> QUESTIONS = List.of("How many rows are there?", "List every name.", "What is the largest value?");
    /** Short queries (as Nl2SqlRandomModelIT bounds them): a random model fills every list and string to its limit. */
    private static final Nl2SqlOptions SQL_OPTIONS = Nl2SqlOptions.defaults().withMaxTokens(512)
            .withGrammar(SqlGrammarOptions.defaults().withSubqueryDepth(0).withMaxJoinTables(2).withMaxSelectItems(2)
                    .withMaxConditions(2).withMaxListItems(2).withMaxStringLength(8).withMaxAliasLength(3));
    private static Path database;
    private static final Map<String, String> sql = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        Path dir = Path.of(System.getProperty("coleta.it.dir", "target/it-models"));
        work = dir.resolve("spark-it");
        deleteTree(work);
        Files.createDirectories(work);
        TinyModel.Recipe recipe = TinyModel.Recipe.tiny();
        model = dir.resolve("tiny-" + recipe.embd() + "x" + recipe.layers() + "-s" + recipe.seed() + ".gguf");
        if (!Files.isRegularFile(model)) TinyModel.create(recipe, model);

        // Four article pages (one record each: short answers) sharing one schema.
        pages = new ArrayList<>();
        for (int i = 0; i < 4; i++) pages.add(PageGenerator.page(SiteType.ARTICLE, 4 + i % 2, 300 + i, "spark"));
        schema = pages.get(0).schema().toString();
        for (GeneratedPage p : pages.subList(0, 2)) Files.writeString(work.resolve(p.id() + ".html"), p.html(), StandardCharsets.UTF_8);

        database = work.resolve("db.sqlite");
        SyntheticDatabase.generate(Domains.ALL.get(0), 7).write(database);

        // The single-process API on a fresh session per page (what `coleta scrape` does), with
        // the session settings ModelRef.of gives the executors.
        try (Model m = Model.load(model)) {
            for (GeneratedPage p : pages) {
                inline.put(p.id(), expected(fresh(m).scrape(HtmlPages.parse(p.html(), p.id()), schema)));
            }
            for (GeneratedPage p : pages.subList(0, 2)) {
                fromFile.put(p.id(), expected(fresh(m).scrape(HtmlPages.load(work.resolve(p.id() + ".html"), MAX_BYTES), schema)));
            }
            for (String q : QUESTIONS) {
                try (Session s = m.newSession(SessionOptions.defaults().withContextSize(2048).withThreads(1))) {
                    sql.put(q, new Nl2Sql(s, SQL_OPTIONS).sql(database.toString(), q));
                } catch (RuntimeException e) {
                    sql.put(q, "error " + Rows.describe(e)); // a random model may write what the guard refuses: then Spark must say the same
                }
            }
        }
        inline.forEach((id, e) -> System.out.println("single-process " + id + ": " + e));
        // Distinct results: a test that compares equal constants would prove nothing.
        assertTrue(inline.values().stream().map(Expected::json).distinct().count() > 1, inline.toString());
        sql.forEach((q, e) -> System.out.println("single-process " + q + ": " + e));
        assertTrue(sql.values().stream().anyMatch(v -> !v.startsWith("error ")), sql.toString());
        spark = SparkSession.builder().master("local[2]").appName("SparkScrapeIT")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    /** A Scraper on a new session (closed with the model). */
    private static Scraper fresh(Model m) {
        return new Scraper(m.newSession(SessionOptions.defaults().withContextSize(2048).withThreads(1)), OPTIONS.scrapeOptions());
    }

    private static Expected expected(ScrapeResult r) {
        return new Expected(r.value().toString(), r.hallucinated());
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) spark.stop();
        ColetaSpark.releaseModels();
    }

    @Test
    void scrapeEqualsSingleProcessRowByRowAndBadRowsAreErrors() {
        List<Row> rows = new ArrayList<>();
        for (GeneratedPage p : pages) rows.add(RowFactory.create(p.id(), p.html()));
        for (GeneratedPage p : pages.subList(0, 2)) rows.add(RowFactory.create("file-" + p.id(), work.resolve(p.id() + ".html").toUri().toString()));
        rows.add(RowFactory.create("binary", "<html><body>\u0000\u0001\u0002</body></html>"));
        rows.add(RowFactory.create("too-large", "<html><body><p>" + "x".repeat((int) MAX_BYTES) + "</p></body></html>"));
        rows.add(RowFactory.create("missing-file", work.resolve("no-such-page.html").toUri().toString()));
        rows.add(RowFactory.create("null", null));
        StructType in = new StructType().add("id", DataTypes.StringType).add("page", DataTypes.StringType);
        Dataset<Row> df = spark.createDataFrame(rows, in).repartition(2);

        Dataset<Row> out = ColetaSpark.scrape(df, "page", schema, ModelRef.of(model.toString()), OPTIONS);
        assertEquals(List.of("id", "page", "json", "hallucinated", "error"), List.of(out.schema().fieldNames()));
        assertEquals(2, out.javaRDD().getNumPartitions());
        Map<String, Row> byId = new HashMap<>();
        for (Row r : out.collectAsList()) byId.put(r.getString(0), r);
        assertEquals(rows.size(), byId.size());

        for (GeneratedPage p : pages) assertSame(inline.get(p.id()), byId.get(p.id()));
        for (GeneratedPage p : pages.subList(0, 2)) assertSame(fromFile.get(p.id()), byId.get("file-" + p.id()));
        assertError(byId.get("binary"), "binary");
        assertError(byId.get("too-large"), "over the limit of " + MAX_BYTES);
        assertError(byId.get("missing-file"), "no-such-page.html");
        assertError(byId.get("null"), "no page");
        // Both tasks found the model in the JVM's cache: loaded once.
        assertEquals(1, ExecutorModels.cached());
    }

    @Test
    void nl2sqlEqualsTheLibraryRowByRow() {
        List<Row> rows = new ArrayList<>();
        for (String q : QUESTIONS) rows.add(RowFactory.create(q));
        rows.add(RowFactory.create((Object) null));
        StructType in = new StructType().add("question", DataTypes.StringType);
        List<Row> out = ColetaSpark.nl2sql(spark.createDataFrame(rows, in).repartition(2), "question", database.toString(),
                ModelRef.of(model.toString()), SQL_OPTIONS).collectAsList();
        assertEquals(rows.size(), out.size());
        int answered = 0;
        for (Row r : out) {
            if (r.isNullAt(0)) {
                assertNull(r.get(1));
                assertTrue(r.getString(2).contains("question is null"), r.getString(2));
                continue;
            }
            String got = r.isNullAt(2) ? r.getString(1) : "error " + r.getString(2);
            assertEquals(sql.get(r.getString(0)), got, r.getString(0));
            answered++;
        }
        assertEquals(QUESTIONS.size(), answered);
    }

    @Test
    void applyConfigEqualsTheLibraryRowByRow() {
        GeneratedPage first = pages.get(0);
        List<Row> rows = new ArrayList<>();
        for (GeneratedPage p : pages) rows.add(RowFactory.create(p.id(), p.html()));
        rows.add(RowFactory.create("empty", ""));
        StructType in = new StructType().add("id", DataTypes.StringType).add("html", DataTypes.StringType);
        List<Row> out = ColetaSpark.applyConfig(spark.createDataFrame(rows, in), "html", first.config().toJson()).collectAsList();
        assertEquals(rows.size(), out.size());
        for (Row r : out) {
            if (r.getString(0).equals("empty")) {
                assertNull(r.get(2));
                assertTrue(r.getString(3).contains("empty"), r.getString(3));
                continue;
            }
            GeneratedPage p = pages.stream().filter(g -> g.id().equals(r.getString(0))).findFirst().orElseThrow();
            JsonNode lib = ConfigApplier.apply(first.config(), HtmlPages.parse(p.html(), p.id()));
            assertNull(r.get(3), () -> r.getString(3));
            assertEquals(lib.toString(), r.getString(2));
        }
    }

    @Test
    void cliWritesTheSameResultsToParquet() throws IOException {
        Path in = work.resolve("cli-pages");
        Files.createDirectories(in);
        for (GeneratedPage p : pages.subList(0, 3)) Files.writeString(in.resolve(p.id() + ".html"), p.html(), StandardCharsets.UTF_8);
        Files.write(in.resolve("binary.html"), new byte[] {'<', 'p', '>', 0, 0, 0});
        Files.writeString(in.resolve("notes.txt"), "not a page: skipped by the *.html filter");
        Path schemaFile = work.resolve("schema.json");
        Files.writeString(schemaFile, schema);
        Path out = work.resolve("out.parquet");
        String[] args = {"scrape", "--pages", in.toString(), "--schema", schemaFile.toString(), "--out", out.toString(),
                "--model", model.toString(), "--master", "local[2]", "--max-bytes", String.valueOf(MAX_BYTES), "--on-hallucination", "keep", "--no-grounded"};

        Cli ok = Cli.run(args);
        assertEquals(ExitCodes.OK, ok.code, ok.err);
        assertTrue(ok.out.startsWith("4 pages, 1 errors"), ok.out);
        Map<String, Row> byFile = new HashMap<>();
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            String path = r.getString(r.fieldIndex("path"));
            byFile.put(path.substring(path.lastIndexOf('/') + 1), r);
        }
        assertEquals(4, byFile.size(), byFile.keySet().toString());
        for (GeneratedPage p : pages.subList(0, 3)) {
            Row r = byFile.get(p.id() + ".html");
            assertNotNull(r, byFile.keySet().toString());
            assertEquals(p.html(), r.getString(r.fieldIndex("html")));
            Expected e = inline.get(p.id());
            assertNull(r.get(r.fieldIndex("error")), () -> r.getString(r.fieldIndex("error")));
            assertEquals(e.json(), r.getString(r.fieldIndex("json")));
            assertEquals(e.hallucinated(), r.getList(r.fieldIndex("hallucinated")));
        }
        assertTrue(byFile.get("binary.html").getString(byFile.get("binary.html").fieldIndex("error")).contains("binary"));
        assertTrue(!spark.sparkContext().isStopped(), "the command stopped a session it did not start");

        // A Parquet input whose column holds file: URLs; its result columns refused as input.
        Path urls = work.resolve("urls.parquet");
        List<Row> urlRows = new ArrayList<>();
        for (GeneratedPage p : pages.subList(0, 2)) urlRows.add(RowFactory.create(p.id(), work.resolve(p.id() + ".html").toUri().toString()));
        spark.createDataFrame(urlRows, new StructType().add("id", DataTypes.StringType).add("url", DataTypes.StringType))
                .write().parquet(urls.toString());
        Path out2 = work.resolve("out2.parquet");
        Cli fromParquet = Cli.run("scrape", "--pages", urls.toString(), "--column", "url", "--schema", schemaFile.toString(),
                "--out", out2.toString(), "--model", model.toString(), "--on-hallucination", "keep", "--no-grounded", "--max-bytes", String.valueOf(MAX_BYTES));
        assertEquals(ExitCodes.OK, fromParquet.code, fromParquet.err);
        List<Row> back = spark.read().parquet(out2.toString()).collectAsList();
        assertEquals(2, back.size());
        for (Row r : back) {
            assertNull(r.get(r.fieldIndex("error")), () -> r.getString(r.fieldIndex("error")));
            assertEquals(fromFile.get(r.getString(0)).json(), r.getString(r.fieldIndex("json")), r.getString(0));
        }
        Cli resultAsInput = Cli.run("scrape", "--pages", out2.toString(), "--column", "url", "--schema", schemaFile.toString(),
                "--out", work.resolve("out3.parquet").toString(), "--model", model.toString());
        assertEquals(ExitCodes.BAD_INPUT, resultAsInput.code, resultAsInput.err);
        assertTrue(resultAsInput.err.contains("'json'"), resultAsInput.err);

        Cli exists = Cli.run(args);
        assertEquals(ExitCodes.BAD_INPUT, exists.code, exists.err);
        assertTrue(exists.err.contains("--out") && exists.err.contains("--force"), exists.err);
        String[] noSchema = args.clone();
        noSchema[4] = work.resolve("missing.json").toString();
        Cli missing = Cli.run(noSchema);
        assertEquals(ExitCodes.BAD_INPUT, missing.code, missing.err);
        assertTrue(missing.err.startsWith("coleta: error: --schema"), missing.err);
        Cli usage = Cli.run("scrape", "--pages", in.toString(), "--no-such-option");
        assertEquals(ExitCodes.USAGE, usage.code, usage.err);
    }

    private static void assertSame(Expected e, Row r) {
        assertNotNull(r);
        assertNull(r.get(4), () -> r.getString(0) + ": " + r.getString(4));
        assertEquals(e.json(), r.getString(2), r.getString(0));
        assertEquals(e.hallucinated(), r.getList(3), r.getString(0));
    }

    private static void assertError(Row r, String part) {
        assertNotNull(r);
        assertNull(r.get(2), r.getString(0));
        assertNull(r.get(3), r.getString(0));
        assertNotNull(r.get(4), r.getString(0));
        assertTrue(r.getString(4).contains(part), r.getString(0) + ": " + r.getString(4));
    }

    /** The CLI run in-process: exit code, stdout, stderr. */
    record Cli(int code, String out, String err) {
        static Cli run(String... args) {
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code;
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = SparkMain.run(args);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
            return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
