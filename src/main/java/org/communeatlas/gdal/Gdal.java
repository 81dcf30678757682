package org.communeatlas.gdal;

import org.communeatlas.core.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.Driver;

/**
 * GDAL's {@code ogr2ogr} as the importer, the exporter and the file conversions run it: one process with the
 * database password in the environment (never on the command line), ten minutes at most.
 */
public final class Gdal {

    private Gdal() {
    }

    /** The JDBC URL as GDAL's PostgreSQL connection string; the password travels in the environment. */
    public static String pgConnection(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, new Properties());
        if (p == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        StringBuilder s = new StringBuilder("PG:host=").append(p.getProperty("PGHOST", "localhost").split(",")[0])
                .append(" port=").append(p.getProperty("PGPORT", "5432").split(",")[0])
                .append(" dbname=").append(p.getProperty("PGDBNAME"));
        if (p.getProperty("user") != null) {
            s.append(" user=").append(p.getProperty("user"));
        }
        return s.toString();
    }

    /** Runs {@code command} (ogr2ogr and its arguments); a failure becomes GDAL's first error line, without the connection. */
    public static void ogr2ogr(List<String> command, String jdbcUrl) {
        try {
            Path log = Files.createTempFile("ogr2ogr", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                Properties p = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, new Properties());
                if (p != null && p.getProperty("password") != null) {
                    pb.environment().put("PGPASSWORD", p.getProperty("password"));
                }
                pb.environment().put("PGCLIENTENCODING", "UTF8");
                Process process = pb.start();
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw InvalidInputException.field("file", "GDAL đọc tệp quá 10 phút");
                }
                if (process.exitValue() != 0) {
                    String out = Files.readString(log, StandardCharsets.UTF_8).strip();
                    // GDAL's own message says what is wrong with the file; the connection string is not in it
                    throw InvalidInputException.field("file", "GDAL: " + firstError(out));
                }
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("ogr2ogr (gdal-bin) could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String firstError(String out) {
        for (String line : out.split("\n")) {
            if (line.startsWith("ERROR") || line.startsWith("FAILURE")) {
                return line.replaceAll("PG:[^']*", "PG:…");
            }
        }
        return out.lines().findFirst().orElse("(không có thông báo)");
    }
}
