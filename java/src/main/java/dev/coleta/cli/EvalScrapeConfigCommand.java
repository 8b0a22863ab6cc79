package dev.coleta.cli;

import dev.coleta.scrape.eval.ConfigEvaluator;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.tune.TunePlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code coleta eval scrape-config}: share of configurations that yield the gold values. */
@Command(name = "scrape-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score scrape-config on a dataset from 'coleta data scrape-config': gold-match share, accepted share, field F1.")
public final class EvalScrapeConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelMixin model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSON-lines dataset.")
    Path data;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Score only the first N examples (0: all).")
    int limit;

    @Option(names = "--tokens-per-field", paramLabel = "N", defaultValue = "" + ConfigGenerator.DEFAULT_TOKENS_PER_FIELD,
            description = "Answer tokens reserved per field (the page gets the rest of the context; default ${DEFAULT-VALUE}; "
                    + "coleta tune's models: " + TunePlan.CONFIG_TOKENS_PER_FIELD + ").")
    int tokensPerField;

    @Override
    public Integer call() {
        if (tokensPerField < 16) throw new CommandLine.ParameterException(spec.commandLine(), "--tokens-per-field must be >= 16, got " + tokensPerField);
        var pages = ScrapeCliSupport.readData(data, limit);
        try (OpenModel m = model.open()) {
            ConfigEvaluator.Report r = ConfigEvaluator.evaluate(m, pages, CleanOptions.defaults(), tokensPerField);
            spec.commandLine().getOut().println(r.summary());
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
