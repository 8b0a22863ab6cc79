package dev.coleta.cli;

import dev.coleta.scrape.PageException;
import dev.coleta.scrape.config.ConfigApplier;
import dev.coleta.scrape.config.ScrapeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta apply-config}: runs a scraping configuration on a page, no model. */
@Command(name = "apply-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a scraping configuration on the raw page with Jsoup (no model).",
                "Output: an array with one object per item when the configuration has an item selector, else one object;",
                "a field is a string or null (or its default), an array with all: true, an object with nested fields."})
public final class ApplyConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Configuration JSON (from 'coleta scrape-config').")
    Path config;

    @Mixin
    ScrapeCliSupport.PageSource page;

    @Override
    public Integer call() throws Exception {
        ScrapeConfig c;
        try {
            c = ScrapeConfig.parse(Files.readString(config, StandardCharsets.UTF_8));
        } catch (PageException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
        }
        var doc = page.load();
        try {
            var out = ConfigApplier.apply(c, doc);
            spec.commandLine().getOut().println(ScrapeCliSupport.pretty(out));
        } catch (PageException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
