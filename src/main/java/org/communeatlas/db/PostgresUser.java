package org.communeatlas.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL refuses to run as root: when we are root, its programs run as the {@code postgres} system user, who
 * must own the cluster's files and be able to reach their directory. When we are not root, nothing changes.
 */
final class PostgresUser {

    private static final Logger log = LoggerFactory.getLogger(PostgresUser.class);
    private static final String NAME = "postgres";

    private final boolean switching;

    private PostgresUser(boolean switching) {
        this.switching = switching;
    }

    static PostgresUser forThisProcess() {
        return new PostgresUser("root".equals(System.getProperty("user.name")));
    }

    /** A PostgreSQL command as it must be run: through {@code runuser} when we are root. */
    List<String> command(List<String> command) {
        List<String> full = new ArrayList<>();
        if (switching) {
            full.addAll(List.of("runuser", "-u", NAME, "--"));
        }
        full.addAll(command);
        return full;
    }

    /** Gives a file or directory to the postgres user (when we are root). */
    void own(Path path) throws IOException {
        if (!switching) {
            return;
        }
        var lookup = path.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(path, lookup.lookupPrincipalByName(NAME));
        Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(lookup.lookupPrincipalByGroupName(NAME));
    }

    /**
     * The directory for the cluster: the one wanted, unless the postgres user cannot reach it. A checkout under a
     * private home directory (e.g. /root) is not reachable: the cluster then lives under /var/tmp, in a directory
     * named after the checkout, and a note in the checkout says where.
     */
    Path reachable(Path wanted) {
        if (!switching) {
            return wanted;
        }
        Path probe = wanted;
        while (probe != null && !Files.exists(probe)) {
            probe = probe.getParent();
        }
        if (probe == null) {
            return wanted;
        }
        ProcessResult check = ProcessResult.run(List.of("runuser", "-u", NAME, "--", "test", "-x", probe.toString()), Duration.ofSeconds(10));
        if (check.exitCode() == 0) {
            return wanted;
        }
        Path elsewhere = Path.of("/var/tmp", "commune-atlas-" + shortHash(wanted.toString()));
        try {
            Files.createDirectories(wanted);
            Files.writeString(wanted.resolve("LOCATION"), "The postgres user cannot reach " + wanted
                    + ", so the project-local PostGIS lives in " + elsewhere + "\n");
        } catch (IOException e) {
            log.warn("could not write {}/LOCATION: {}", wanted, e.getMessage());
        }
        log.info("postgres user cannot reach {}; the local cluster lives in {}", wanted, elsewhere);
        return elsewhere;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
