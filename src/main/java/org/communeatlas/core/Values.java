package org.communeatlas.core;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** A value a client typed (a query parameter, a path segment), parsed or refused naming it: one rule per kind of value. */
public final class Values {

    private Values() {
    }

    public static int parseInt(String name, String value, int min, int max) {
        return (int) parseLong(name, value, min, max);
    }

    public static long parseLong(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw InvalidInputException.field(name, "'" + Messages.shorten(value) + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw InvalidInputException.field(name, parsed + " is out of range [" + min + ", " + max + "]");
        }
        return parsed;
    }

    /** A finite number. */
    public static double parseDouble(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidInputException.field(name, "'" + Messages.shorten(value) + "' is not a number");
    }

    public static LocalDate parseDate(String name, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInputException.field(name, "'" + Messages.shorten(value) + "' is not a date of the form YYYY-MM-DD");
        }
    }
}
