package dev.coleta.cli;

import picocli.CommandLine.Command;

/** {@code coleta grammar ...}: grammar printers. */
@Command(name = "grammar", mixinStandardHelpOptions = true, description = "Print GBNF grammars (JSON Schema, SQL).",
        subcommands = {
                GrammarJsonCommand.class,
                // ---- registered subcommands (one line each) ----
                GrammarSqlCommand.class,
        })
public final class GrammarCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
