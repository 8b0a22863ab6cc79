package dev.coleta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coleta lora ...}: work with LoRA adapters. */
@Command(name = "lora", mixinStandardHelpOptions = true, description = "Work with LoRA adapters.",
        subcommands = {LoraCommand.Merge.class})
public final class LoraCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
    }

    /** {@code coleta lora merge}: fold adapters into a model file. */
    @Command(name = "merge", mixinStandardHelpOptions = true, description = "Fold LoRA adapters into a model's weights.")
    public static final class Merge implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Option(names = "--model", required = true, paramLabel = "FILE", description = "Base model.")
        java.nio.file.Path model;

        @CommandLine.Option(names = "--lora", required = true, paramLabel = "FILE[:SCALE]", description = "Adapter to merge (repeatable; scale default 1).")
        java.util.List<String> loras;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "FILE", description = "Merged model.")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            java.util.List<dev.coleta.train.LoraMerge.Scaled> scaled = loras.stream()
                    .map(LoraSpec::parse).map(s -> new dev.coleta.train.LoraMerge.Scaled(s.path(), s.scale())).toList();
            dev.coleta.train.LoraMerge.merge(model, scaled, out);
            spec.commandLine().getOut().printf("wrote %s (%d adapter(s) merged)%n", out, scaled.size());
            return ExitCodes.OK;
        }
    }
}
