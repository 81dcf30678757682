package org.communeatlas.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL cluster owned by the project: its files in one directory (normally {@code .atlas/} in the
 * checkout), listening on 127.0.0.1 at a chosen port. Every role logs in with a password (SCRAM) kept in
 * {@link LocalCredentials}; {@link LocalRoles} makes the owner, server and import roles and the databases.
 * Works like Testcontainers without Docker: the system's PostgreSQL binaries, a private data directory.
 *
 * <p>Handles what goes wrong on real machines: PostgreSQL refuses to run as root (we run it as the
 * {@code postgres} system user), a stale {@code postmaster.pid} after a crash, the port taken by another
 * program (a clear error naming the port), and a data directory left half-created by an interrupted
 * {@code initdb} (initdb writes into a scratch directory that is renamed only when complete).
 */
public final class LocalPostgres {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    private static final int MAX_SOCKET_PATH = 100;

    private final Path baseDir;
    private final int port;
    private final boolean throwaway;
    private final Path binDir;
    private final PostgresUser postgresUser;
    /** The cluster this one streams from, for a standby; null for a primary. */
    private final LocalPostgres primary;
    private LocalCredentials credentials;

    /**
     * @param baseDir   directory holding the cluster ({@code pg/}), its socket ({@code run/}) and log
     * @param port      TCP port on 127.0.0.1
     * @param throwaway true for test clusters: durability traded for speed (fsync off)
     */
    public LocalPostgres(Path baseDir, int port, boolean throwaway) {
        this(baseDir, port, throwaway, null);
    }

    private LocalPostgres(Path baseDir, int port, boolean throwaway, LocalPostgres primary) {
        this.primary = primary;
        this.port = port;
        this.throwaway = throwaway;
        this.binDir = PostgresBinaries.find();
        this.postgresUser = PostgresUser.forThisProcess();
        this.baseDir = postgresUser.reachable(baseDir.toAbsolutePath().normalize());
    }

    /**
     * A hot standby of {@code primary} in {@code baseDir}: made the first time by {@code pg_basebackup -R} (it then
     * streams the primary's WAL as the replication role and answers reads), started and stopped like any cluster. Its
     * roles and passwords are the primary's.
     */
    public static LocalPostgres standbyOf(LocalPostgres primary, Path baseDir, int port) {
        return new LocalPostgres(baseDir, port, primary.throwaway, primary);
    }

    public int port() {
        return port;
    }

    /** Where the passwords live: a standby's roles are its primary's. */
    private Path credentialsDir() {
        return primary == null ? baseDir : primary.baseDir;
    }

    public Path dataDir() {
        return baseDir.resolve("pg");
    }

    private Path socketDir() {
        return baseDir.resolve("run");
    }

    private Path logFile() {
        return dataDir().resolve("log").resolve("postgres.log");
    }

    /** JDBC URL of a database in this cluster, as its superuser (for setting the cluster up, and for tests). */
    public String jdbcUrl(String database) {
        return jdbcUrl(database, LocalCredentials.Role.SUPERUSER);
    }

    /** The server's, the owner's and the importer's URLs of a database in this cluster. */
    public DatabaseUrls urls(String database) {
        return new DatabaseUrls(jdbcUrl(database, LocalCredentials.Role.APP), Optional.of(jdbcUrl(database, LocalCredentials.Role.OWNER)),
                Optional.of(jdbcUrl(database, LocalCredentials.Role.IMPORT)));
    }

    /** JDBC URL of a database in this cluster as one of the project's roles, with its password. */
    public synchronized String jdbcUrl(String database, LocalCredentials.Role role) {
        if (credentials == null) {
            credentials = LocalCredentials.loadOrCreate(credentialsDir());
        }
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + role.roleName + "&password=" + credentials.password(role);
    }

    /** Initialises the cluster if needed and starts it unless it already runs on our port. */
    public synchronized void start() {
        try {
            Files.createDirectories(baseDir);
            // a cluster made before passwords were required trusts every local connection: it is secured once started
            boolean trusting = primary == null && Files.exists(dataDir().resolve("PG_VERSION")) && !LocalCredentials.exist(baseDir);
            credentials = LocalCredentials.loadOrCreate(credentialsDir());
            if (!Files.exists(dataDir().resolve("PG_VERSION"))) {
                if (primary == null) {
                    initialise();
                } else {
                    cloneFromPrimary();
                }
            }
            Optional<Integer> runningPort = PostmasterPid.livePort(dataDir());
            if (runningPort.isPresent() && runningPort.get() == port) {
                log.info("local PostGIS already running dir={} port={}", dataDir(), port);
                waitUntilAccepting(Duration.ofSeconds(30));
                secure(trusting);
                return;
            }
            if (runningPort.isPresent()) {
                log.info("local PostGIS runs on port {}, restarting on {}", runningPort.get(), port);
                stop();
            }
            removeStalePidFile();
            ensurePortFree();
            prepareSocketDir();
            String socket = socketDir().resolve(".s.PGSQL." + port).toString().length() <= MAX_SOCKET_PATH
                    ? socketDir().toString() : "";
            String options = "-p " + port + " -k '" + socket + "' -c listen_addresses=127.0.0.1";
            ensureLogDir();
            run(List.of(pgBin("pg_ctl"), "start", "-w", "-t", "120", "-D", dataDir().toString(),
                    "-l", logFile().toString(), "-o", options), Duration.ofSeconds(150));
            waitUntilAccepting(Duration.ofSeconds(60));
            secure(trusting);
            log.info("local PostGIS started dir={} port={} socket={}", dataDir(), port,
                    socket.isEmpty() ? "(none: path too long)" : socket);
        } catch (IOException e) {
            throw new LocalPostgresException("could not start the project-local PostgreSQL in " + dataDir()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Passwords for every connection, and the project's roles. A cluster that still trusted local connections gets its
     * superuser's password and a pg_hba.conf that asks for passwords, reloaded without a restart.
     */
    private void secure(boolean trusting) throws IOException {
        if (primary != null) {
            return; // a standby is read-only: its roles arrive from the primary
        }
        if (trusting) {
            log.warn("the local PostGIS in {} trusted every local connection; it now asks for passwords ({})", dataDir(),
                    baseDir.resolve(LocalCredentials.FILE));
            LocalRoles.setPassword(jdbcUrl("postgres"), LocalCredentials.Role.SUPERUSER, credentials);
            Path hba = dataDir().resolve("pg_hba.conf");
            Files.writeString(hba, HBA, StandardCharsets.UTF_8);
            postgresUser.own(hba);
            LocalRoles.reload(jdbcUrl("postgres"));
        }
        LocalRoles.ensureRoles(jdbcUrl("postgres"), credentials);
    }

    /** Who may connect, and how: everyone with a password, over the socket and loopback only. */
    private static final String HBA = """
            # Commune Atlas project-local cluster: every role logs in with its password (see credentials.properties)
            local   all          all                    scram-sha-256
            host    all          all    127.0.0.1/32    scram-sha-256
            host    all          all    ::1/128         scram-sha-256
            local   replication  all                    scram-sha-256
            host    replication  all    127.0.0.1/32    scram-sha-256
            """;

    /** Stops the cluster if it runs (fast shutdown: open transactions are rolled back). */
    public synchronized void stop() {
        if (PostmasterPid.livePort(dataDir()).isEmpty()) {
            return;
        }
        run(List.of(pgBin("pg_ctl"), "stop", "-w", "-t", "60", "-m", "fast", "-D", dataDir().toString()),
                Duration.ofSeconds(90));
        log.info("local PostGIS stopped dir={}", dataDir());
    }

    /** True while a postmaster of this data directory is alive. */
    public boolean isRunning() {
        return PostmasterPid.livePort(dataDir()).isPresent();
    }

    /**
     * Creates the database if it does not exist yet, owned by the owner role, with the extensions only a superuser
     * may create; a database made before there were roles is handed to the owner role.
     */
    public void ensureDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a plain lower-case identifier: " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             var check = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, name);
            boolean exists;
            try (var rs = check.executeQuery()) {
                exists = rs.next();
            }
            if (!exists) {
                try (var create = c.createStatement()) {
                    // the name was checked against a plain-identifier pattern above
                    create.execute("CREATE DATABASE " + name + " OWNER " + LocalCredentials.Role.OWNER.roleName
                            + " ENCODING 'UTF8' TEMPLATE template0");
                }
                log.info("created database {}", name);
            }
            LocalRoles.prepareDatabase(jdbcUrl(name));
        } catch (SQLException e) {
            throw new LocalPostgresException("could not create database " + name + ": " + e.getMessage(), e);
        }
    }

    private void initialise() throws IOException {
        Path scratch = baseDir.resolve("pg.initdb-incomplete");
        if (Files.exists(dataDir())) {
            // A data directory without PG_VERSION is what an interrupted initdb leaves: set it aside.
            Path aside = baseDir.resolve("pg.broken-" + System.currentTimeMillis());
            log.warn("data directory {} is incomplete (no PG_VERSION); moving it to {}", dataDir(), aside);
            Files.move(dataDir(), aside);
        }
        deleteRecursively(scratch);
        Files.createDirectories(scratch);
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
        postgresUser.own(scratch);
        log.info("initialising local PostGIS cluster in {}", dataDir());
        // the superuser's password reaches initdb in a file only the postgres user reads, deleted right after
        Path pwfile = baseDir.resolve("initdb-password");
        Files.writeString(pwfile, credentials.password(LocalCredentials.Role.SUPERUSER) + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        postgresUser.own(pwfile);
        try {
            run(List.of(pgBin("initdb"), "-D", scratch.toString(), "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwfile,
                    "--encoding=UTF8", "--locale=C.UTF-8", "--no-instructions"), Duration.ofMinutes(3));
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(scratch.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        StringBuilder conf = new StringBuilder("\n# --- Commune Atlas project-local settings ---\n")
                .append("listen_addresses = '127.0.0.1'\n")
                .append("max_connections = 200\n")
                .append("shared_buffers = 256MB\n")
                .append("work_mem = 32MB\n")
                .append("maintenance_work_mem = 256MB\n")
                .append("jit = off\n")
                .append("log_min_messages = warning\n")
                .append("log_min_error_statement = panic\n");
        if (throwaway) {
            conf.append("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        Path confFile = scratch.resolve("postgresql.conf");
        Files.writeString(confFile, conf.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Files.move(scratch, dataDir());
    }

    /**
     * Copies the running primary with {@code pg_basebackup -R} into a scratch directory renamed only when complete; the
     * copy streams the WAL from then on. The replication role's password reaches it in a passfile only the postgres
     * user reads, which the standby keeps for reconnecting.
     */
    private void cloneFromPrimary() throws IOException {
        Path scratch = baseDir.resolve("pg.basebackup-incomplete");
        deleteRecursively(scratch);
        Files.createDirectories(scratch);
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx------"));
        postgresUser.own(scratch);
        Path passfile = baseDir.resolve("replication.pgpass");
        Files.deleteIfExists(passfile);
        Files.createFile(passfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passfile, "127.0.0.1:" + primary.port + ":*:" + LocalCredentials.Role.REPLICATION.roleName + ":"
                + credentials.password(LocalCredentials.Role.REPLICATION) + "\n", StandardCharsets.UTF_8);
        postgresUser.own(passfile);
        log.info("copying the primary on port {} into the standby {}", primary.port, dataDir());
        String conninfo = "host=127.0.0.1 port=" + primary.port + " user=" + LocalCredentials.Role.REPLICATION.roleName
                + " passfile=" + passfile + " application_name=atlas-standby";
        run(List.of(pgBin("pg_basebackup"), "-D", scratch.toString(), "-R", "-X", "stream", "-c", "fast", "--no-password",
                "-d", conninfo), Duration.ofMinutes(30));
        Files.move(scratch, dataDir());
    }

    private void removeStalePidFile() throws IOException {
        Path pidFile = dataDir().resolve("postmaster.pid");
        if (Files.exists(pidFile)) {
            log.warn("removing stale {} left by a PostgreSQL that is no longer running", pidFile);
            Files.delete(pidFile);
        }
    }

    private void ensurePortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new LocalPostgresException("port " + port + " on 127.0.0.1 is already in use by another program; "
                    + "set ATLAS_LOCAL_PG_PORT (or --local-pg-port) to a free port", e);
        }
    }

    private void prepareSocketDir() throws IOException {
        Files.createDirectories(socketDir());
        postgresUser.own(socketDir());
    }

    private void ensureLogDir() throws IOException {
        Path dir = logFile().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            postgresUser.own(dir);
        }
    }

    private void waitUntilAccepting(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"))) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(200);
            }
        }
        throw new LocalPostgresException("PostgreSQL in " + dataDir() + " did not accept connections on port " + port
                + " within " + timeout.toSeconds() + " s; see " + logFile(), last);
    }

    private String pgBin(String name) {
        return binDir.resolve(name).toString();
    }

    private void run(List<String> command, Duration timeout) {
        ProcessResult result = ProcessResult.run(postgresUser.command(command), timeout);
        if (result.exitCode() != 0) {
            throw new LocalPostgresException("'" + String.join(" ", command) + "' failed (exit " + result.exitCode()
                    + "): " + result.output().strip(), null);
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPostgresException("interrupted while waiting for PostgreSQL", e);
        }
    }
}
