package dev.coleta.scrape;

import dev.coleta.ColetaException;

/**
 * A page cannot be used: empty, binary, over the size limit, unreachable, or a scrape result
 * that breaks its schema. The message names the source and what to do.
 */
public class PageException extends ColetaException {
    public PageException(String message) {
        super(message);
    }

    public PageException(String message, Throwable cause) {
        super(message, cause);
    }
}
