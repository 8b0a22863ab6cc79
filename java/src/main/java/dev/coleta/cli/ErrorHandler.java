package dev.coleta.cli;

import dev.coleta.ColetaException;
import dev.coleta.DatasetException;
import dev.coleta.GrammarException;
import dev.coleta.ModelLoadException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns every failure into one line on stderr ({@code coleta: error: ...}) and an exit code;
 * stack traces only with {@code COLETA_DEBUG=1}. Shared by {@code coleta spark}.
 */
public class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** The exception to report for {@code thrown}; {@code coleta spark} reports the Coleta cause a Spark job wrapped. */
    protected Exception reported(Exception thrown) {
        return thrown;
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine cl, CommandLine.ParseResult parsed) {
        if ("1".equals(System.getenv("COLETA_DEBUG"))) thrown.printStackTrace(cl.getErr());
        Exception ex = reported(thrown);
        cl.getErr().println("coleta: error: " + oneLine(ex));
        cl.getErr().flush();
        if (ex instanceof ModelLoadException || ex instanceof GrammarException || ex instanceof DatasetException
                || ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof IllegalArgumentException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        cl.getErr().println("coleta: error: " + ex.getMessage().replaceAll("\\s*\\R\\s*", " ") + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        cl.getErr().flush();
        return ExitCodes.USAGE;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) m = t.getClass().getSimpleName();
        if (t instanceof java.nio.file.NoSuchFileException) m = "file not found: " + m;
        else if (!(t instanceof ColetaException) && t.getCause() == null && !(t instanceof IllegalArgumentException)) {
            m = t.getClass().getSimpleName() + ": " + m;
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}
