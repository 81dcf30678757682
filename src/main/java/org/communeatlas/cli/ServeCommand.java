package org.communeatlas.cli;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.db.DatabaseLocator;
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
        String url = DatabaseLocator.resolve(config);
        Services services = Services.open(config, url);
        services.database().migrate();
        if (DemoLoader.isEmpty(services.database().writer())) {
            log.info("database is empty: loading the demo dataset from {}", config.home().resolve("data"));
            DemoLoader.load(services.database().writer(), config.home().resolve("data"));
        }
        FirstAdmin.ensure(services, config);
        Javalin app = App.create(services).start(config.port());
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
}
