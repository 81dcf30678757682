package org.communeatlas.cli;

import io.javalin.Javalin;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.Migrations;
import org.communeatlas.tls.LocalCertificates;
import org.communeatlas.web.HttpsListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: migrate the schema, load the demo data into an empty database, serve HTTP until stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the map server (starts the project-local PostGIS unless --db-url is given).")
public final class ServeCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (env ATLAS_PORT, default 7070)")
    Integer port;

    @Option(names = "--tile-cache-mb", paramLabel = "MB", description = "tile cache bound in MiB, 0 = off (env ATLAS_TILE_CACHE_MB, default 256)")
    Integer tileCacheMb;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "address to listen on (env ATLAS_BIND, default every interface; "
            + "127.0.0.1 for this machine only)")
    String bind = System.getenv().getOrDefault("ATLAS_BIND", "");

    @Option(names = "--https-port", paramLabel = "PORT", description = "also serve HTTPS on this port, with a certificate from this "
            + "installation's own authority (.atlas/tls/; phones install /ca.crt) — what a phone on the office network needs for the "
            + "offline app (env ATLAS_HTTPS_PORT, default off; make run uses 7443)")
    Integer httpsPort = System.getenv("ATLAS_HTTPS_PORT") == null || System.getenv("ATLAS_HTTPS_PORT").isBlank() ? null
            : Integer.valueOf(System.getenv("ATLAS_HTTPS_PORT").strip());

    @Option(names = "--https-names", paramLabel = "NAMES", split = ",", description = "names and addresses the certificate adds to "
            + "this machine's own (env ATLAS_HTTPS_NAMES, comma separated; e.g. an address phones reach through NAT)")
    List<String> httpsNames = List.of(System.getenv().getOrDefault("ATLAS_HTTPS_NAMES", "").split(","));

    @Option(names = "--admin-password", paramLabel = "PASSWORD", description = "first admin's password, used only when no admin exists (env ATLAS_ADMIN_PASSWORD)")
    String adminPassword;

    @Override
    public Integer call() throws InterruptedException {
        AtlasConfig config = options.resolve();
        if (port != null) {
            config = config.withPort(port);
        }
        if (tileCacheMb != null) {
            config = config.withTileCacheMb(tileCacheMb);
        }
        if (adminPassword != null) {
            config = config.withAdminPassword(adminPassword);
        }
        DatabaseUrls urls = DatabaseLocator.resolve(config);
        prepareSchema(urls, config);
        Services services = Services.open(config, urls);
        FirstAdmin.ensure(services, config);
        HttpsListener https = null;
        if (httpsPort != null) {
            LocalCertificates.Issued tls = LocalCertificates.ensure(config.localPgDir().resolve("tls"), LocalCertificates.machineNames(httpsNames));
            https = new HttpsListener(bind.isBlank() ? null : bind.strip(), httpsPort, tls.keyStore(), tls.password(), tls.caCertificate());
            log.info("HTTPS on port {} for {}; phones install the authority's certificate from /ca.crt ({})", httpsPort, tls.names(),
                    tls.caCertificate());
        }
        Javalin app = bind.isBlank() ? App.create(services, https).start(config.port()) : App.create(services, https).start(bind.strip(), config.port());
        log.info("serving http://localhost:{}", app.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            services.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Migrations and the demo data run as the schema's owner, never as the server's role: with an owner URL they run
     * now; without one the schema must be current already ({@code commune-atlas migrate}).
     */
    public static void prepareSchema(DatabaseUrls urls, AtlasConfig config) {
        if (urls.owner().isEmpty()) {
            int pending = Migrations.pending(urls.app());
            if (pending > 0) {
                throw new IllegalStateException(pending + " schema migrations are pending: run 'commune-atlas migrate' with the owner's URL "
                        + "(ATLAS_DB_OWNER_URL or --db-url), or give the server ATLAS_DB_OWNER_URL");
            }
            return;
        }
        String owner = urls.owner().get();
        Migrations.run(owner, urls.grantees());
        try (Database db = Database.connect(owner, Optional.empty(), 2)) {
            if (DemoLoader.isEmpty(db.writer())) {
                log.info("database is empty: loading the demo dataset from {}", config.home().resolve("data"));
                DemoLoader.load(db.writer(), config.home().resolve("data"));
            }
        }
    }
}
