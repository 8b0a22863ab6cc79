package dev.coleta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coleta model ...}: create, inspect and convert model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Create, inspect, convert and download GGUF model files.",
        subcommands = {
                ModelCreateCommand.class, ModelInfoCommand.class, ModelPullCommand.class,
                // ---- registered subcommands (one line each) ----
                ModelQuantizeCommand.class,
        })
public final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }
}
