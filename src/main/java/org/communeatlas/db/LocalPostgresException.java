package org.communeatlas.db;

/** The project-local PostgreSQL could not be found, initialised or started; the message says what to do. */
public class LocalPostgresException extends RuntimeException {
    public LocalPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
