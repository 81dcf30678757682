package org.communeatlas.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the system's PostgreSQL server binaries: the newest major version (15 or later) under
 * {@code /usr/lib/postgresql} whose share directory also has PostGIS and pgRouting installed.
 */
public final class PostgresBinaries {

    private static final Path ROOT = Path.of("/usr/lib/postgresql");
    private static final Path SHARE = Path.of("/usr/share/postgresql");

    private PostgresBinaries() {
    }

    public static Path find() {
        return findIn(ROOT, SHARE).orElseThrow(() -> new LocalPostgresException(
                "PostgreSQL 15+ with PostGIS 3 and pgRouting is not installed (looked in " + ROOT + "); "
                        + "run 'make deps' or install postgresql-15-postgis-3 and postgresql-15-pgrouting", null));
    }

    static Optional<Path> findIn(Path root, Path share) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> Integer.parseInt(p.getFileName().toString()) >= 15)
                    .filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
                    .filter(p -> hasExtension(share.resolve(p.getFileName()), p.resolve("lib"), "postgis", "postgis-3")
                            && hasExtension(share.resolve(p.getFileName()), p.resolve("lib"), "pgrouting", "libpgrouting"))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString())))
                    .map(p -> p.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Both the control file and the library: Debian keeps the SQL scripts in a package of their own. */
    private static boolean hasExtension(Path shareDir, Path libDir, String name, String library) {
        if (!Files.exists(shareDir.resolve("extension").resolve(name + ".control"))) {
            return false;
        }
        try (Stream<Path> libs = Files.list(libDir)) {
            return libs.anyMatch(l -> l.getFileName().toString().startsWith(library) && l.getFileName().toString().endsWith(".so"));
        } catch (IOException e) {
            return false;
        }
    }
}
