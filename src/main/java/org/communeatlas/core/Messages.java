package org.communeatlas.core;

/** Helpers for the messages users read. */
public final class Messages {

    private Messages() {
    }

    /** Cuts a user-typed value for quoting in an error message, control characters replaced. */
    public static String shorten(String value) {
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 60 ? clean.substring(0, 57) + "..." : clean;
    }
}
