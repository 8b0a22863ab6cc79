package dev.coleta;

/** A GBNF grammar, JSON Schema or SQL grammar is invalid, or generation under it reached a dead end. */
public class GrammarException extends ColetaException {
    public GrammarException(String message) {
        super(message);
    }

    public GrammarException(String message, Throwable cause) {
        super(message, cause);
    }
}
