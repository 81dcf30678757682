package org.communeatlas.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.communeatlas.core.AdminUnits;

/**
 * Long statements live in {@code .sql} files beside the class that runs them (in the resources, same package),
 * read once when the class loads. {@code {reform_date}} in a file stands for the date of the 2025 reform.
 */
public final class SqlResource {

    private SqlResource() {
    }

    /** The statement in {@code name} beside {@code owner}, e.g. {@code SqlResource.load(SearchStore.class, "search.sql")}. */
    public static String load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no SQL resource " + name + " beside " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().replace("{reform_date}", AdminUnits.REFORM_DATE_SQL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
