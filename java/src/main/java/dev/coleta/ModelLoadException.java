package dev.coleta;

/** A model or adapter file is missing, corrupt, of another architecture or made for another model. */
public class ModelLoadException extends ColetaException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
