package dev.coleta.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code coleta} command line. Each subcommand is one class; this is the only place that
 * calls {@code System.exit}.
 */
@Command(name = "coleta", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Fine-tune and run local Llama models for data extraction.",
        subcommands = {
                ModelCommand.class, GenerateCommand.class, DataCommand.class, EvalCommand.class, GrammarCommand.class,
                // ---- registered subcommands (one line each) ----
                SqlCommand.class,
                ScrapeCommand.class,
                ScrapeConfigCommand.class,
                ApplyConfigCommand.class,
                TrainCommand.class,
                TuneCommand.class,
                LoraCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Held so that the level set in main() sticks (JUL keeps loggers only weakly).
    private static final java.util.logging.Logger NATIVE_LOG = java.util.logging.Logger.getLogger("dev.coleta.native");

    public static void main(String[] args) {
        // llama.cpp's log lines reach the JDK logger; the CLI shows them only when asked to,
        // since its errors already carry the relevant line.
        String level = System.getenv("COLETA_LOG");
        NATIVE_LOG.setLevel(level == null ? java.util.logging.Level.OFF : java.util.logging.Level.parse(level.toUpperCase()));
        System.exit(run(args));
    }

    /** Runs the CLI in-process and returns its exit code (tests call this). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: errors are one line on stderr, exit codes from {@link ExitCodes}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler(new ErrorHandler());
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
