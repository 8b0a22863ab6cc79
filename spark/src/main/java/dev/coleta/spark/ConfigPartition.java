package dev.coleta.spark;

import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ScrapeConfig;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

import java.time.Duration;
import java.util.Iterator;

/** One partition of {@link ColetaSpark#applyConfig}: no model, Jsoup only. */
final class ConfigPartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String configJson;
    private final long maxPageBytes;
    private final Duration fetchTimeout;

    ConfigPartition(int column, String configJson, long maxPageBytes, Duration fetchTimeout) {
        this.column = column;
        this.configJson = configJson;
        this.maxPageBytes = maxPageBytes;
        this.fetchTimeout = fetchTimeout;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ScrapeConfig config = ScrapeConfig.parse(configJson);
        PageReader reader = new PageReader(maxPageBytes, fetchTimeout);
        TaskContext task = TaskContext.get();
        int partition = task == null ? 0 : task.partitionId();
        return Rows.map(rows, (row, index) -> {
            String source = "row " + index + " of partition " + partition;
            try {
                String json = ConfigApplier.apply(config, reader.read(row.isNullAt(column) ? null : row.getString(column), source)).toString();
                return Rows.append(row, json, null);
            } catch (RuntimeException e) {
                return Rows.append(row, null, Rows.describe(e));
            }
        }, () -> { });
    }
}
