package dev.coleta.nl2sql;

import dev.coleta.ColetaException;

/** A query that is not one read-only SELECT over the database's own tables; the message says why. */
public final class SqlRejectedException extends ColetaException {
    public SqlRejectedException(String message) {
        super(message);
    }

    public SqlRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
