package dev.coleta.cli;

import dev.coleta.scrape.ScrapeOptions;
import dev.coleta.scrape.eval.ScrapeEvaluator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta eval scrape}: field precision/recall/F1, exact match and hallucination rate. */
@Command(name = "scrape", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score scrape on a dataset from 'coleta data scrape': field precision, recall, F1, exact match, hallucination rate.")
public final class EvalScrapeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelMixin model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSON-lines dataset.")
    Path data;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Score only the first N examples (0: all).")
    int limit;

    @Option(names = "--grounded", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Page-grounded strings, as in 'coleta scrape' (default); --no-grounded lets strings hold any characters.")
    boolean grounded;

    @Override
    public Integer call() {
        var pages = ScrapeCliSupport.readData(data, limit);
        try (OpenModel m = model.open()) {
            ScrapeEvaluator.Report r = ScrapeEvaluator.evaluate(m, pages, ScrapeOptions.defaults().withGrounded(grounded));
            spec.commandLine().getOut().println(r.summary());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
