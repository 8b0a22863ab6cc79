package dev.coleta.cli;

import picocli.CommandLine.Command;

/** {@code coleta data ...}: synthetic dataset generators, one subcommand per task. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Generate synthetic training and test data.",
        subcommands = {
                // ---- registered subcommands (one line each) ----
                DataNl2SqlCommand.class,
                DataScrapeCommand.class,
                DataScrapeConfigCommand.class,
        })
public final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
