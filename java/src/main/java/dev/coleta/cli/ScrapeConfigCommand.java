package dev.coleta.cli;

import dev.coleta.ColetaException;
import dev.coleta.scrape.config.ConfigGenerator;
import dev.coleta.scrape.html.CleanOptions;
import dev.coleta.tune.TunePlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code coleta scrape-config}: a page in, a reusable Jsoup scraping configuration out. */
@Command(name = "scrape-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a scraping configuration for a page (stdout); run it later with 'coleta apply-config'.")
public final class ScrapeConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ModelMixin model;

    @Mixin
    ScrapeCliSupport.PageSource page;

    @Option(names = "--fields", paramLabel = "a,b,c", split = ",", description = "Field names to extract (default: the model chooses).")
    List<String> fields = new ArrayList<>();

    @Option(names = "--tokens-per-field", paramLabel = "N", defaultValue = "" + ConfigGenerator.DEFAULT_TOKENS_PER_FIELD,
            description = "Answer tokens reserved per field (the page gets the rest of the context; default ${DEFAULT-VALUE}; "
                    + "coleta tune's models: " + TunePlan.CONFIG_TOKENS_PER_FIELD + ").")
    int tokensPerField;

    @Override
    public Integer call() {
        if (tokensPerField < 16) throw new CommandLine.ParameterException(spec.commandLine(), "--tokens-per-field must be >= 16, got " + tokensPerField);
        var doc = page.load();
        try (OpenModel m = model.open()) {
            ConfigGenerator.Result r = new ConfigGenerator(m, CleanOptions.defaults(), tokensPerField).generate(doc, fields);
            if (!r.verification().accepted()) {
                throw new ColetaException("configuration rejected (" + String.join("; ", r.verification().problems()) + "): " + r.raw());
            }
            for (String p : r.verification().problems()) spec.commandLine().getErr().println("coleta: warning: " + p);
            spec.commandLine().getOut().println(ScrapeCliSupport.pretty(r.config().toJsonNode()));
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
