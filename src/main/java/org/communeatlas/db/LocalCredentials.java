package org.communeatlas.db;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The passwords of the project-local PostgreSQL's roles, generated once and kept beside the cluster in a file only
 * its owner may read ({@code credentials.properties}, mode 600). Connections authenticate with them (SCRAM), so a
 * program that can reach the port — GDAL opening a hostile file included — cannot log in as any role.
 */
public final class LocalCredentials {

    /** The roles of the project-local database. */
    public enum Role {
        /** The cluster's superuser: creates roles, databases and extensions; nothing else uses it. */
        SUPERUSER("postgres"),
        /** Owns the schema and runs the migrations. */
        OWNER("atlas_owner"),
        /** The server: reads the published tables, writes only those its features write. */
        APP("atlas_app"),
        /** GDAL staging an import: creates tables in {@code atlas_import} only. */
        IMPORT("atlas_import"),
        /** A streaming standby of {@code commune-atlas cluster}: reads the WAL, nothing else. */
        REPLICATION("atlas_replication");

        public final String roleName;

        Role(String roleName) {
            this.roleName = roleName;
        }
    }

    static final String FILE = "credentials.properties";

    private final Properties passwords;

    private LocalCredentials(Properties passwords) {
        this.passwords = passwords;
    }

    /** True when the cluster in {@code dir} already has its credentials file. */
    static boolean exist(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    /** The credentials in {@code dir}, made (and written, mode 600) when there are none yet. */
    static LocalCredentials loadOrCreate(Path dir) {
        Path file = dir.resolve(FILE);
        Properties p = new Properties();
        try {
            if (Files.exists(file)) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(r);
                }
            }
            boolean added = false;
            for (Role role : Role.values()) {
                if (p.getProperty(role.roleName) == null) {
                    p.setProperty(role.roleName, random());
                    added = true;
                }
            }
            if (added) {
                Files.createDirectories(dir);
                Path tmp = dir.resolve(FILE + ".tmp");
                Files.deleteIfExists(tmp);
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(w, "passwords of the project-local PostgreSQL's roles; keep this file private");
                }
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new LocalCredentials(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or write " + file, e);
        }
    }

    public String password(Role role) {
        return passwords.getProperty(role.roleName);
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
