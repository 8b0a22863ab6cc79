package dev.coleta;

/** Training could not start or failed. */
public class TrainingException extends ColetaException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
