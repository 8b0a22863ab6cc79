package dev.coleta.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coleta.scrape.ScrapePrompts;
import dev.coleta.scrape.data.GeneratedPage;
import dev.coleta.scrape.data.PageGenerator;
import dev.coleta.scrape.html.CleanPage;
import dev.coleta.scrape.html.HtmlCleaner;
import dev.coleta.scrape.html.HtmlPages;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Options and writer shared by {@code coleta data scrape} and {@code data scrape-config}.
 * Each line holds the generated page and its gold data, plus {@code system}, {@code user}
 * and {@code completion}: the chat turn a model is trained on (the user turn carries the
 * cleaned page).
 */
public final class DataScrapeOptions {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON-lines file.")
    Path out;

    @Option(names = "--n", required = true, paramLabel = "N", description = "Number of pages.")
    int n;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test",
            description = "train: markup styles drawn per page; test: templates 4-5, never seen in training (default ${DEFAULT-VALUE}).")
    String split;

    int write(CommandLine.Model.CommandSpec spec, boolean config) throws Exception {
        if (n < 1) throw new IllegalArgumentException("--n must be >= 1, got " + n);
        List<GeneratedPage> pages = PageGenerator.generate(n, seed, PageGenerator.Split.parse(split));
        if (out.getParent() != null) Files.createDirectories(out.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (GeneratedPage p : pages) {
                ObjectNode o = PageGenerator.toJson(p);
                CleanPage cleaned = HtmlCleaner.clean(HtmlPages.parse(p.html(), p.id()));
                o.put("task", config ? "scrape-config" : "scrape");
                if (config) {
                    o.put("system", ScrapePrompts.CONFIG_SYSTEM);
                    o.put("user", ScrapePrompts.configUser(p.fields(), cleaned.html()));
                    o.put("completion", p.config().toJson());
                } else {
                    o.put("system", ScrapePrompts.SCRAPE_SYSTEM);
                    o.put("user", ScrapePrompts.scrapeUser(p.schema().toString(), cleaned.text()));
                    o.put("completion", p.gold().toString());
                }
                w.write(o.toString());
                w.newLine();
            }
        }
        spec.commandLine().getOut().println("wrote " + pages.size() + " " + (config ? "scrape-config" : "scrape")
                + " examples (" + split + ", seed " + seed + ") to " + out);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
