package dev.coleta.spark.cli;

import dev.coleta.ColetaException;
import dev.coleta.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code coleta spark}: the main class of the spark-submit jar ({@code spark/target/coleta-spark.jar})
 * and of {@code scripts/coleta spark ...}. The only place that calls {@code System.exit}.
 * Exit codes as the main CLI's ({@link ExitCodes}): 0 done, 1 failure while running, 2 bad
 * command line, 3 bad input file.
 */
@Command(name = "coleta spark", mixinStandardHelpOptions = true, versionProvider = SparkMain.Version.class,
        description = "Coleta's tasks as Apache Spark jobs.",
        subcommands = {SparkScrapeCommand.class})
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Held so that the level set in main() sticks (JUL keeps loggers only weakly).
    private static final java.util.logging.Logger NATIVE_LOG = java.util.logging.Logger.getLogger("dev.coleta.native");

    public static void main(String[] args) {
        String level = System.getenv("COLETA_LOG");
        NATIVE_LOG.setLevel(level == null ? java.util.logging.Level.OFF : java.util.logging.Level.parse(level.toUpperCase()));
        System.exit(run(args));
    }

    /** Runs in-process and returns the exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        Errors errors = new Errors();
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The jar's Implementation-Version and the Spark it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparkMain.class.getPackage().getImplementationVersion();
            String spark = "(unknown)";
            // spark-core carries its version in this resource (what org.apache.spark.SPARK_VERSION reads).
            try (var in = org.apache.spark.SparkContext.class.getResourceAsStream("/spark-version-info.properties")) {
                if (in != null) {
                    java.util.Properties p = new java.util.Properties();
                    p.load(in);
                    spark = p.getProperty("version", spark);
                }
            } catch (java.io.IOException e) {
                // the version line is informative only
            }
            return new String[] {"coleta-spark " + (v == null ? "(development build)" : v) + ", Spark " + spark};
        }
    }

    /** The main CLI's error handling, reporting the Coleta cause that a failed Spark job wraps. */
    static final class Errors extends dev.coleta.cli.ErrorHandler {
        @Override
        protected Exception reported(Exception thrown) {
            // A failed Spark job wraps the executor's exception (and its stack trace) in its
            // message: report Coleta's own cause, e.g. a model file no executor could find.
            for (Throwable t = thrown.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof ColetaException c) return c;
            }
            return thrown;
        }
    }
}
