package org.communeatlas.gdal;

import org.communeatlas.db.ChildEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.communeatlas.core.InvalidInputException;
import org.postgresql.Driver;

/**
 * GDAL's {@code ogr2ogr} as the importer, the exporter and the file conversions run it, with only the drivers
 * the job needs: every other driver is skipped ({@code GDAL_SKIP}), so a file cannot be opened as something else
 * — a VRT that reads the database or the host's files, a driver that fetches URLs or starts a program. One
 * process, ten minutes at most, its environment stripped of database settings; the password of the one role it
 * connects as travels in a password file only this process may read, never on the command line or in the
 * environment.
 */
public final class Gdal {

    private static volatile Set<String> allDrivers;

    private Gdal() {
    }

    /** The JDBC URL as GDAL's PostgreSQL connection string, without the password. */
    public static String pgConnection(String jdbcUrl) {
        Properties p = properties(jdbcUrl);
        StringBuilder s = new StringBuilder("PG:host=").append(host(p))
                .append(" port=").append(port(p))
                .append(" dbname=").append(p.getProperty("PGDBNAME"));
        if (p.getProperty("user") != null) {
            s.append(" user=").append(p.getProperty("user"));
        }
        return s.toString();
    }

    /**
     * Runs {@code command} (ogr2ogr and its arguments) with only {@code drivers} (GDAL's names) enabled; connects to
     * the database of {@code jdbcUrl} when given. A failure becomes GDAL's first error line, without the connection.
     */
    public static void ogr2ogr(Set<String> drivers, List<String> command, String jdbcUrl) {
        List<String> full = new ArrayList<>(command.subList(0, 1));
        full.addAll(List.of("--config", "GDAL_SKIP", String.join(" ", skipped(drivers))));
        full.addAll(command.subList(1, command.size()));
        Path passfile = null;
        try {
            Path log = Files.createTempFile("ogr2ogr", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
                Map<String, String> env = pb.environment();
                ChildEnvironment.clean(env);
                env.keySet().removeIf(k -> k.startsWith("ATLAS_") || k.startsWith("GDAL_") || k.startsWith("OGR_") || k.startsWith("CPL_")
                        || k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
                env.put("PGCLIENTENCODING", "UTF8");
                if (jdbcUrl != null) {
                    passfile = passfile(jdbcUrl);
                    env.put("PGPASSFILE", passfile.toString());
                }
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
                if (passfile != null) {
                    Files.deleteIfExists(passfile);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("ogr2ogr (gdal-bin) could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Every driver GDAL has but those allowed. */
    static Set<String> skipped(Set<String> allowed) {
        Set<String> skip = new TreeSet<>(drivers());
        skip.removeAll(allowed);
        return skip;
    }

    /** The vector drivers of this GDAL that can be skipped, as {@code ogrinfo --formats} lists them (read once). */
    static Set<String> drivers() {
        Set<String> known = allDrivers;
        if (known == null) {
            try {
                Process p = new ProcessBuilder("ogrinfo", "--formats").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(1, TimeUnit.MINUTES);
                Set<String> names = new TreeSet<>();
                for (String line : out.split("\n")) {
                    // "  ESRI Shapefile -vector- (rw+v): ESRI Shapefile"
                    int dash = line.indexOf(" -");
                    if (line.startsWith("  ") && dash > 2 && line.contains("vector")) {
                        String name = line.substring(2, dash).strip();
                        // GDAL_SKIP is split on spaces: "ESRI Shapefile" or "MapInfo File" cannot be named in it. They
                        // read local files of their own formats only, and the importer checks a file's kind before
                        if (!name.contains(" ")) {
                            names.add(name);
                        }
                    }
                }
                if (names.isEmpty()) {
                    throw new IllegalStateException("ogrinfo --formats listed no drivers: " + out.strip());
                }
                known = Set.copyOf(names);
                allDrivers = known;
            } catch (IOException e) {
                throw new IllegalStateException("ogrinfo (gdal-bin) could not run: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return known;
    }

    /** A libpq password file holding only this URL's role and password, readable by this process's user alone. */
    private static Path passfile(String jdbcUrl) throws IOException {
        Properties p = properties(jdbcUrl);
        Path file = Files.createTempFile("atlas-pgpass", "", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String password = p.getProperty("password", "");
        Files.writeString(file, String.join(":", escape(host(p)), escape(port(p)), escape(p.getProperty("PGDBNAME")),
                escape(p.getProperty("user", "")), escape(password)) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static String escape(String field) {
        return field.replace("\\", "\\\\").replace(":", "\\:");
    }

    private static Properties properties(String jdbcUrl) {
        Properties p = Driver.parseURL(jdbcUrl, new Properties());
        if (p == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
        return p;
    }

    private static String host(Properties p) {
        return p.getProperty("PGHOST", "localhost").split(",")[0];
    }

    private static String port(Properties p) {
        return p.getProperty("PGPORT", "5432").split(",")[0];
    }

    private static String firstError(String out) {
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.equals("FAILURE:") && i + 1 < lines.length) {
                line = line + " " + lines[i + 1].strip();
            }
            if (line.startsWith("ERROR") || line.startsWith("FAILURE")) {
                return line.replaceAll("PG:[^']*", "PG:…").replaceAll("`[^`']*/([^/`']+)'", "`$1'");
            }
        }
        return out.lines().findFirst().orElse("(không có thông báo)");
    }
}
