package dev.coleta;

/**
 * The root of every exception Coleta throws. Unchecked: callers catch the subtype they can
 * act on ({@link ModelLoadException}, {@link GrammarException}, ...). Messages name the file,
 * the argument and what to do.
 */
public class ColetaException extends RuntimeException {
    public ColetaException(String message) {
        super(message);
    }

    public ColetaException(String message, Throwable cause) {
        super(message, cause);
    }
}
