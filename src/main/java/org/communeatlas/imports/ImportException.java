package org.communeatlas.imports;

/** The file or the options cannot be imported at all (as opposed to bad rows, which go into the report). */
public final class ImportException extends RuntimeException {

    /** What is wrong: {@code file}, {@code srs}, {@code layer}, a column name. */
    public final String parameter;

    public ImportException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }
}
