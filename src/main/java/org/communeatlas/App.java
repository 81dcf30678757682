package org.communeatlas;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import org.communeatlas.web.ErrorMapping;
import org.communeatlas.web.HealthController;
import org.communeatlas.web.Json;

/**
 * Builds the HTTP application from its dependencies. This file is the one route table: every path the
 * server answers is declared here, so one glance shows the whole HTTP surface.
 */
public final class App {

    /** Largest request body accepted (GeoJSON uploads of flood extents are the largest legitimate ones). */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;

    private App() {
    }

    public static Javalin create(Services services) {
        HealthController health = new HealthController(services.health(), Services.version());

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.generateEtags = false; // ETags are set explicitly, also for streamed bodies
            config.http.prefer405over404 = true;
            config.http.compressionStrategy = CompressionStrategy.GZIP;
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            ErrorMapping.install(config);

            // ---- the route table ----
            config.routes.get("/health", health::get);
        });
    }
}
