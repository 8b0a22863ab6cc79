package dev.coleta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code coleta data scrape}: synthetic pages with gold JSON (and schema) as JSON lines. */
@Command(name = "scrape", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write synthetic web pages with their schema and gold JSON, one JSON object per line.")
public final class DataScrapeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DataScrapeOptions options;

    @Override
    public Integer call() throws Exception {
        return options.write(spec, false);
    }
}
