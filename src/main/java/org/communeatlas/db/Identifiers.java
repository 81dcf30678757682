package org.communeatlas.db;

/**
 * The one identifier-quoting function. Every identifier the server writes into SQL is its own — from the
 * layer catalog, the import layers or a name it generated — but it is still quoted, never trusted to be plain.
 */
public final class Identifiers {

    private Identifiers() {
    }

    /** {@code name} as a quoted SQL identifier: in double quotes, with any double quote doubled. */
    public static String quote(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an identifier cannot hold a NUL character");
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
