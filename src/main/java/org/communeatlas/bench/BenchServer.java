package org.communeatlas.bench;

import io.javalin.Javalin;
import java.net.http.HttpClient;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.config.AtlasConfig;

/** The application on a free local port over a benchmark database, measured through real HTTP as a client sees it. */
final class BenchServer implements AutoCloseable {

    final Services services;
    final HttpClient http = HttpClient.newHttpClient();
    final String root;
    private final Javalin app;

    private BenchServer(Services services) {
        this.services = services;
        this.app = App.create(services).start("127.0.0.1", 0);
        this.root = "http://127.0.0.1:" + app.port();
    }

    static BenchServer start(AtlasConfig base, String url) {
        // the server connects as its own role, as it does in production
        DatabaseUrls urls = DatabaseLocator.localUrls(base, url);
        Services services = Services.open(base.withDbUrl(urls.app()), urls);
        try {
            return new BenchServer(services);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
