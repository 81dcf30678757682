package org.communeatlas.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The project-local cluster's roles and databases, set up by its superuser: the owner that migrates, the server's
 * role, the import role and the standby's replication role (all with passwords, none a superuser), and the extensions
 * only a superuser may create.
 * What each role may do in the schema is granted by the owner after every migration ({@link Migrations}).
 */
final class LocalRoles {

    /** The extensions of {@code V1__extensions.sql} that are not trusted: only a superuser creates them. */
    private static final String[] EXTENSIONS = {"postgis", "pgrouting", "unaccent", "pg_trgm", "btree_gist"};

    /** Hands a database made before there were roles (everything owned by the superuser) to the owner role. */
    private static final String HAND_OVER = SqlResource.load(LocalRoles.class, "local-hand-over.sql");

    private LocalRoles() {
    }

    /** Creates the roles that do not exist and gives every role its password from the credentials file. */
    static void ensureRoles(String superuserUrl, LocalCredentials credentials) {
        try (Connection c = DriverManager.getConnection(superuserUrl); Statement s = c.createStatement()) {
            for (LocalCredentials.Role role : LocalCredentials.Role.values()) {
                if (role == LocalCredentials.Role.SUPERUSER) {
                    continue;
                }
                if (!exists(c, role.roleName)) {
                    String replication = role == LocalCredentials.Role.REPLICATION ? "REPLICATION" : "NOREPLICATION";
                    s.execute("CREATE ROLE " + Identifiers.quote(role.roleName) + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE " + replication);
                }
                s.execute("ALTER ROLE " + Identifiers.quote(role.roleName) + " PASSWORD " + literal(credentials.password(role)));
            }
            // no statement of the server's runs longer, whatever a user types (the pools set it too)
            s.execute("ALTER ROLE " + Identifiers.quote(LocalCredentials.Role.APP.roleName) + " SET statement_timeout = '"
                    + Database.STATEMENT_TIMEOUT_SECONDS + "s'");
            s.execute("ALTER ROLE " + Identifiers.quote(LocalCredentials.Role.IMPORT.roleName) + " SET statement_timeout = '15min'");
        } catch (SQLException e) {
            throw new LocalPostgresException("could not create the project's database roles: " + e.getMessage(), e);
        }
    }

    static void setPassword(String superuserUrl, LocalCredentials.Role role, LocalCredentials credentials) {
        try (Connection c = DriverManager.getConnection(superuserUrl); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + Identifiers.quote(role.roleName) + " PASSWORD " + literal(credentials.password(role)));
        } catch (SQLException e) {
            throw new LocalPostgresException("could not set the password of " + role.roleName + ": " + e.getMessage(), e);
        }
    }

    static void reload(String superuserUrl) {
        try (Connection c = DriverManager.getConnection(superuserUrl); Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new LocalPostgresException("could not reload the configuration: " + e.getMessage(), e);
        }
    }

    /** In the database of {@code superuserUrl}: the extensions, and everything handed to the owner role. */
    static void prepareDatabase(String superuserUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(superuserUrl); Statement s = c.createStatement()) {
            for (String extension : EXTENSIONS) {
                s.execute("CREATE EXTENSION IF NOT EXISTS " + Identifiers.quote(extension));
            }
            s.execute(HAND_OVER.replace("{owner}", LocalCredentials.Role.OWNER.roleName));
        }
    }

    private static boolean exists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A password as an SQL literal (ALTER ROLE takes no parameters); ours are base64url, quoted all the same. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
