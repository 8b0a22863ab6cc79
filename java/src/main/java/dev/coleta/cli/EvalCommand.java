package dev.coleta.cli;

import picocli.CommandLine.Command;

/** {@code coleta eval ...}: evaluators, one subcommand per task. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Evaluate a model (and adapters) on a dataset.",
        subcommands = {
                // ---- registered subcommands (one line each) ----
                EvalNl2SqlCommand.class,
                EvalScrapeCommand.class,
                EvalScrapeConfigCommand.class,
        })
public final class EvalCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
