package org.communeatlas.files;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * One row of a file after its cells were parsed by their {@link Field}s: each field's value in the field's type
 * (text, whole number, decimal, date, boolean), null where the cell was empty. What the checks across a row's
 * columns read.
 */
public final class CheckedRow {

    private final Map<String, Object> values = new HashMap<>();

    /** Sets a field's parsed value. */
    public void put(String field, Object value) {
        values.put(field, value);
    }

    /** A field's value as parsed, or null. */
    public Object value(String field) {
        return values.get(field);
    }

    public String text(String field) {
        return (String) values.get(field);
    }

    public Long integer(String field) {
        return (Long) values.get(field);
    }

    public LocalDate date(String field) {
        return (LocalDate) values.get(field);
    }

    /** A problem a check across the row's columns found: the field to blame and why, in Vietnamese. */
    public record Problem(String field, String reason) {
    }
}
