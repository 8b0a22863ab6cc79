package dev.coleta.spark;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coleta.llama.Session;
import dev.coleta.scrape.ScrapeResult;
import dev.coleta.scrape.Scraper;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.jsoup.nodes.Document;

import java.util.Iterator;

/**
 * One partition of {@link ColetaSpark#scrape}: borrows a session of the executor's cached
 * model, scrapes row by row (lazily, as Spark pulls them), each row from an empty prompt
 * cache, and appends json, hallucinated and error to each row. A row that fails becomes an error value; the model failing to load fails
 * the task (every row would fail the same way).
 */
final class ScrapePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String schemaJson;
    private final ModelRef model;
    private final SparkScrapeOptions options;

    ScrapePartition(int column, String schemaJson, ModelRef model, SparkScrapeOptions options) {
        this.column = column;
        this.schemaJson = schemaJson;
        this.model = model;
        this.options = options;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.TaskSession borrowed = ExecutorModels.borrowForTask(model);
        Session session = borrowed.session();
        Scraper scraper = new Scraper(session, options.scrapeOptions());
        PageReader reader = new PageReader(options.maxPageBytes(), options.fetchTimeout());
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        return Rows.map(rows, (row, index) -> {
            String source = "row " + index + " of partition " + partition;
            String json = null;
            Object hallucinated = null;
            String error = null;
            try {
                // Each row from an empty prompt cache: its result then depends on the row alone,
                // not on the rows before it (see Session.clearCache), so any partitioning,
                // order, retry or speculative copy gives the same rows.
                session.clearCache();
                Document page = reader.read(row.isNullAt(column) ? null : row.getString(column), source);
                ScrapeResult r = scraper.scrape(page, schemaJson);
                JsonNode value = r.value();
                json = value.toString();
                // An array column's external type is a Scala Seq.
                hallucinated = scala.jdk.javaapi.CollectionConverters.asScala(r.hallucinated()).toList();
            } catch (RuntimeException e) {
                error = Rows.describe(e);
            }
            return Rows.append(row, json, hallucinated, error);
        }, borrowed::releaseOutsideTask);
    }
}
