package dev.coleta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code coleta data scrape-config}: synthetic pages with gold configurations as JSON lines. */
@Command(name = "scrape-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write synthetic web pages with their field names and gold scraping configuration, one JSON object per line.")
public final class DataScrapeConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    DataScrapeOptions options;

    @Override
    public Integer call() throws Exception {
        return options.write(spec, true);
    }
}
