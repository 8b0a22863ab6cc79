package dev.coleta.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the messages logged under a logger (and its children) until closed. Thread-safe. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final List<String> messages = new ArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Starts collecting what {@code name} (e.g. "dev.coleta") and the loggers below it log. */
    public static LogCapture of(String name) {
        return new LogCapture(Logger.getLogger(name));
    }

    /** The messages so far, in order. */
    public List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    @Override
    public void publish(LogRecord r) {
        synchronized (messages) {
            messages.add(r.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
