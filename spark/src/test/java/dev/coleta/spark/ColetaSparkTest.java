package dev.coleta.spark;

import dev.coleta.ModelLoadException;
import dev.coleta.scrape.PageException;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Argument checks, output schemas and page cells: no Spark job, no model. */
class ColetaSparkTest {
    private static final StructType PAGES = new StructType().add("id", DataTypes.IntegerType).add("html", DataTypes.StringType);

    @Test
    void scrapeSchemaAppendsTheResultColumns() {
        StructType out = ColetaSpark.scrapeSchema(PAGES);
        assertEquals(List.of("id", "html", "json", "hallucinated", "error"), List.of(out.fieldNames()));
        assertEquals(DataTypes.createArrayType(DataTypes.StringType, false), out.apply("hallucinated").dataType());
        assertEquals(DataTypes.StringType, out.apply("json").dataType());
    }

    @Test
    void aResultColumnInTheInputIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> ColetaSpark.scrapeSchema(PAGES.add("error", DataTypes.StringType)));
        assertTrue(e.getMessage().contains("'error'"), e.getMessage());
    }

    @Test
    void thePagesColumnMustExistAndHoldStrings() {
        assertEquals(1, ColetaSpark.stringColumn(PAGES, "html"));
        var missing = assertThrows(IllegalArgumentException.class, () -> ColetaSpark.stringColumn(PAGES, "page"));
        assertTrue(missing.getMessage().contains("'page'") && missing.getMessage().contains("id, html"), missing.getMessage());
        var type = assertThrows(IllegalArgumentException.class, () -> ColetaSpark.stringColumn(PAGES, "id"));
        assertTrue(type.getMessage().contains("'id'") && type.getMessage().contains("int"), type.getMessage());
    }

    @Test
    void theSchemaIsCheckedOnTheDriver() {
        ColetaSpark.checkSchema("{\"type\":\"object\"}");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColetaSpark.checkSchema("[1]")).getMessage().contains("jsonSchema"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColetaSpark.checkSchema("{nope")).getMessage().contains("jsonSchema"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ColetaSpark.checkSchema(null)).getMessage().contains("jsonSchema"));
    }

    @Test
    void cellsAreUrlsOnlyWhenTheyLookLikeOne() {
        assertEquals(PageReader.Kind.FILE_URL, PageReader.kind(" file:///tmp/a.html\n"));
        assertEquals(PageReader.Kind.HTTP_URL, PageReader.kind("HTTPS://example.com/a"));
        assertEquals(PageReader.Kind.HTML, PageReader.kind("<p>file:///tmp/a.html</p>"));
        assertEquals(PageReader.Kind.HTML, PageReader.kind("http://a.b see <b>this</b>"));
        assertEquals(PageReader.Kind.HTML, PageReader.kind(""));
    }

    @Test
    void pageCellsGoThroughTheLibrarysChecks(@TempDir Path dir) throws Exception {
        PageReader reader = new PageReader(100, Duration.ofSeconds(1));
        assertEquals("Hi", reader.read("<html><body><p>Hi</p></body></html>", "row 0").select("p").text());
        Path f = dir.resolve("a.html");
        Files.writeString(f, "<p>From a file</p>");
        assertEquals("From a file", reader.read(f.toUri().toString(), "row 1").select("p").text());
        assertTrue(assertThrows(PageException.class, () -> reader.read("<p>" + "x".repeat(200) + "</p>", "row 2")).getMessage().contains("row 2"));
        assertThrows(RuntimeException.class, () -> reader.read(dir.resolve("missing.html").toUri().toString(), "row 3"));
        assertTrue(assertThrows(PageException.class, () -> reader.read(null, "row 4")).getMessage().contains("row 4"));
    }

    @Test
    void optionsAreCheckedAndNameTheArgument() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRef.of("m.gguf").withThreads(0)).getMessage().contains("threads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRef.of("m.gguf").withContextSize(10)).getMessage().contains("contextSize"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelRef.of(" ")).getMessage().contains("model path"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkScrapeOptions.defaults().withMaxPageBytes(0)).getMessage().contains("maxPageBytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparkScrapeOptions.defaults().withOutputShare(1)).getMessage().contains("outputShare"));
        // Equal references share one cached model: the cache key is the record.
        assertEquals(ModelRef.of("m.gguf").withAdapter("a.gguf", 0.5f), ModelRef.of("m.gguf").withAdapter("a.gguf", 0.5f));
    }

    @Test
    void aMissingModelIsNamedWithWhereItWasLookedFor() {
        var e = assertThrows(ModelLoadException.class, () -> ExecutorModels.resolve("/nowhere/m.gguf", "model"));
        assertTrue(e.getMessage().contains("/nowhere/m.gguf") && e.getMessage().contains("--files"), e.getMessage());
    }
}
