package dev.coleta;

/** A training or evaluation data file is malformed; the message names the line. */
public class DatasetException extends ColetaException {
    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
