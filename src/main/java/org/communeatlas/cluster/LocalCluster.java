package org.communeatlas.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.cli.ServeCommand;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.LocalCredentials;
import org.communeatlas.db.LocalPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The atlas beyond one machine, on one machine: the project-local PostGIS as the primary, a streaming standby copied
 * from it, two server instances reading from the standby and writing to the primary, and HAProxy in front on the
 * usual port. Everything lives under one directory ({@code .atlas/}: the primary in {@code pg/}, the standby in
 * {@code standby/}, the programs' logs and pid files in {@code cluster/}); {@code up} starts what is not running,
 * {@code down} stops everything, {@code status} says what runs.
 */
public final class LocalCluster {

    private static final Logger log = LoggerFactory.getLogger(LocalCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final AtlasConfig config;
    private final ClusterPorts ports;
    private final LocalPostgres primary;
    private final LocalPostgres standby;
    private final Path dir;
    private final BackgroundProcess instanceA;
    private final BackgroundProcess instanceB;
    private final BackgroundProcess proxy;
    private final String bind;

    /** Where the proxy listens unless told otherwise; the instances behind it always listen on loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    /**
     * @param baseDir   where the clusters, logs and pid files live ({@code .atlas/} of the checkout)
     * @param throwaway true for tests: the databases trade durability for speed
     * @param serverMain the class each server instance is started with (the command line's own, told by its caller: the
     *                   cluster sits below the command line and does not name it)
     */
    public LocalCluster(AtlasConfig config, Path baseDir, ClusterPorts ports, boolean throwaway, String serverMain) {
        this(config, baseDir, ports, throwaway, LOOPBACK, serverMain);
    }

    /** @param bind the address the proxy listens on: loopback unless the operator opens it ({@code cluster up --bind}) */
    public LocalCluster(AtlasConfig config, Path baseDir, ClusterPorts ports, boolean throwaway, String bind, String serverMain) {
        this.bind = bind;
        this.config = config;
        this.ports = ports;
        this.primary = new LocalPostgres(baseDir, ports.primary(), throwaway);
        this.standby = LocalPostgres.standbyOf(primary, baseDir.resolve("standby"), ports.standby());
        this.dir = baseDir.toAbsolutePath().resolve("cluster");
        this.instanceA = new BackgroundProcess(dir, "instance-a", serverMain);
        this.instanceB = new BackgroundProcess(dir, "instance-b", serverMain);
        this.proxy = new BackgroundProcess(dir, "haproxy", "haproxy");
    }

    /** The cluster of the checkout, on the configured ports, its proxy listening on {@code bind}. */
    public static LocalCluster of(AtlasConfig config, String bind, String serverMain) {
        return new LocalCluster(config, config.localPgDir(), ClusterPorts.of(config), false, bind, serverMain);
    }

    public LocalPostgres primary() {
        return primary;
    }

    public LocalPostgres standby() {
        return standby;
    }

    /** The address users open: the proxy. */
    public String base() {
        return "http://127.0.0.1:" + ports.proxy();
    }

    public String instanceBase(char which) {
        return "http://127.0.0.1:" + (which == 'a' ? ports.instanceA() : ports.instanceB());
    }

    /**
     * Starts what is not running, in the order each part needs the one before: the primary with its schema and data,
     * the standby, instance A (which creates the first admin when asked), instance B, the proxy.
     */
    public void up() throws IOException, InterruptedException {
        primary.start();
        primary.ensureDatabase(DatabaseLocator.LOCAL_DATABASE);
        DatabaseUrls urls = primary.urls(DatabaseLocator.LOCAL_DATABASE);
        // once, here: two instances migrating and loading the demo at the same time would each load it
        ServeCommand.prepareSchema(urls, config);
        standby.start();
        Map<String, String> env = instanceEnvironment(urls);
        startInstance(instanceA, ports.instanceA(), env);
        startInstance(instanceB, ports.instanceB(), env);
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, HaproxyConfig.text(bind, ports.proxy(), List.of(ports.instanceA(), ports.instanceB())), StandardCharsets.UTF_8);
        proxy.awaitHealthy(base(), proxy.start(List.of(HaproxyConfig.program(), "-db", "-f", cfg.toString()), Map.of()), START_TIMEOUT);
        log.info("cluster up: {} (instances {} and {}, primary :{}, standby :{})", base(), ports.instanceA(), ports.instanceB(),
                ports.primary(), ports.standby());
    }

    /** Stops the proxy, the instances (each drains its requests first), the standby and the primary. */
    public void down() throws IOException {
        proxy.stop(5);
        instanceA.stop(30);
        instanceB.stop(30);
        standby.stop();
        primary.stop();
    }

    /** One line per part: running or not, and where. */
    public List<String> status() {
        List<String> lines = new ArrayList<>();
        lines.add(line("primary", primary.isRunning(), ":" + ports.primary()));
        lines.add(line("standby", standby.isRunning(), ":" + ports.standby()));
        lines.add(line("instance a", instanceA.running().isPresent(), instanceBase('a') + " " + BackgroundProcess.health(instanceBase('a'))));
        lines.add(line("instance b", instanceB.running().isPresent(), instanceBase('b') + " " + BackgroundProcess.health(instanceBase('b'))));
        lines.add(line("proxy", proxy.running().isPresent(), base()));
        return lines;
    }

    private static String line(String part, boolean running, String where) {
        return String.format("%-11s %-12s %s", part, running ? "running" : "not running", running ? where : "");
    }

    /** The server's role on the primary, reads on the standby, imports staged by the import role; proxies believed. */
    private Map<String, String> instanceEnvironment(DatabaseUrls urls) {
        Map<String, String> env = new HashMap<>();
        env.put("ATLAS_DB_URL", urls.app());
        env.put("ATLAS_DB_READ_URL", standby.jdbcUrl(DatabaseLocator.LOCAL_DATABASE, LocalCredentials.Role.APP));
        urls.importer().ifPresent(u -> env.put("ATLAS_DB_IMPORT_URL", u));
        env.put("ATLAS_HOME", config.home().toString());
        env.put("ATLAS_TRUSTED_PROXIES", "127.0.0.1");
        env.put("ATLAS_BIND", LOOPBACK);
        env.put("ATLAS_TILE_CACHE_MB", Integer.toString(config.tileCacheMb()));
        config.adminPassword().ifPresent(p -> env.put("ATLAS_ADMIN_PASSWORD", p));
        return env;
    }

    private void startInstance(BackgroundProcess instance, int port, Map<String, String> env) throws IOException, InterruptedException {
        instance.awaitHealthy("http://127.0.0.1:" + port, instance.startServer(port, env), START_TIMEOUT);
    }
}
