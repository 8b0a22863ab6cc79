package dev.coleta;

/** Evaluating tokens failed, or a prompt does not fit the context. */
public class DecodeException extends ColetaException {
    public DecodeException(String message) {
        super(message);
    }

    public DecodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
