package org.communeatlas;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.List;
import org.communeatlas.accounts.AccountController;
import org.communeatlas.accounts.AccountService;
import org.communeatlas.accounts.AuditController;
import org.communeatlas.accounts.LoginThrottle;
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.coverage.CoverageController;
import org.communeatlas.coverage.CoverageService;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.exports.ExportController;
import org.communeatlas.exports.Exporter;
import org.communeatlas.firstview.AppPage;
import org.communeatlas.firstview.AppPageController;
import org.communeatlas.floods.closures.RoadClosureController;
import org.communeatlas.floods.closures.RoadClosureService;
import org.communeatlas.floods.events.FloodEventController;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.events.ScenarioController;
import org.communeatlas.floods.events.Scenarios;
import org.communeatlas.floods.impact.ImpactController;
import org.communeatlas.floods.impact.NeedsController;
import org.communeatlas.floods.impact.NeedsProfile;
import org.communeatlas.floods.plan.PlanController;
import org.communeatlas.floods.plan.PlanService;
import org.communeatlas.floods.situation.SituationController;
import org.communeatlas.floods.situation.SituationService;
import org.communeatlas.floods.timeline.TimelineController;
import org.communeatlas.floods.timeline.TimelineService;
import org.communeatlas.households.HouseholdController;
import org.communeatlas.households.HouseholdService;
import org.communeatlas.households.PackService;
import org.communeatlas.households.SiteController;
import org.communeatlas.households.SiteService;
import org.communeatlas.imports.ImportController;
import org.communeatlas.imports.ImportService;
import org.communeatlas.layers.edits.FeatureEditController;
import org.communeatlas.layers.edits.FeatureEditService;
import org.communeatlas.layers.features.OgcController;
import org.communeatlas.layers.features.OpenApiDocument;
import org.communeatlas.layers.tiles.OgcTilesController;
import org.communeatlas.layers.tiles.TileAdmission;
import org.communeatlas.layers.tiles.TileController;
import org.communeatlas.packs.PackFileController;
import org.communeatlas.packs.PackFiles;
import org.communeatlas.search.LabelController;
import org.communeatlas.search.SearchController;
import org.communeatlas.search.SearchService;
import org.communeatlas.sos.PublicSosLimit;
import org.communeatlas.sos.SosController;
import org.communeatlas.sos.SosService;
import org.communeatlas.web.Access;
import org.communeatlas.web.Auth;
import org.communeatlas.web.ErrorMapping;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.HealthController;
import org.communeatlas.web.HeavyWork;
import org.communeatlas.web.HttpsListener;
import org.communeatlas.web.JettyProblemHandler;
import org.communeatlas.web.Json;
import org.communeatlas.web.Metrics;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.ReadYourWritesCookie;
import org.communeatlas.web.Requests;
import org.communeatlas.web.SecurityHeaders;
import org.communeatlas.web.TrustedProxies;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * Builds the HTTP application from its dependencies. This file is the one route table: every path the
 * server answers is declared here, so one glance shows the whole HTTP surface.
 */
public final class App {

    /** Largest request body accepted (GeoJSON uploads of flood extents are the largest legitimate ones). */
    public static final long MAX_BODY_BYTES = 10L * 1024 * 1024;
    /** Longest a stopping server waits for the requests in flight (an export of a province, a plan). */
    public static final int DRAIN_SECONDS = 20;

    private App() {
    }

    public static Javalin create(Services s) {
        return create(s, null);
    }

    /** The application, also listening for HTTPS when {@code https} is given (phones on a LAN: {@code serve --https-port}). */
    public static Javalin create(Services s, HttpsListener https) {
        HealthController health = new HealthController(s.health(), s.database().replica(), Services.version());
        Metrics metrics = new Metrics(s.metrics());
        FeatureEditService editable = new FeatureEditService(s.database().writer(), s.catalog());
        OgcController ogc = new OgcController(s.catalog(), s.features(), s.versions(), s.extents(), editable);
        FeatureEditController edits = new FeatureEditController(editable);
        TileController tiles = new TileController(s.catalog(), s.tiles(), s.extents());
        OgcTilesController ogcTiles = new OgcTilesController(s.catalog(), tiles, s.extents());
        CoverageController coverage = new CoverageController(new CoverageService(s.database().reader()));
        SearchService searchService = new SearchService(s.database().reader());
        SearchController search = new SearchController(searchService);
        LabelController labels = new LabelController(searchService);
        AppPageController page = new AppPageController(new AppPage(s.catalog(), s.versions(), s.extents(), searchService, s.database().reader()));
        ScenarioController scenarios = new ScenarioController(new Scenarios(s.database().reader()));
        Auth auth = new Auth(s.sessions(), new TokenStore(s.database().writer(), s.users()));
        AccountController accounts = new AccountController(new AccountService(s.database().writer(), s.users(), s.sessions(),
                new LoginThrottle(s.database().writer()), s.metrics()), s.events()::closeSession);
        AuditController audit = new AuditController(s.database().writer());
        HeavyWork heavy = HeavyWork.perProcessor();
        FloodEvents floodEvents = new FloodEvents(s.database().writer());
        PackService packs = new PackService(s.database().writer(), floodEvents, s.floods());
        HouseholdController households = new HouseholdController(new HouseholdService(s.database().writer(), s.changes()), packs);
        PackFileController packFiles = new PackFileController(new PackFiles(s.database().reader(), packs, s.tiles(), s.catalog(), s.versions()));
        SiteController sites = new SiteController(new SiteService(s.database().writer(), s.changes()));
        ImportController imports = new ImportController(new ImportService(s.database().writer(), s.urls().importUrl(),
                DatabaseUrls.user(s.urls().app()).orElse(null)));
        ExportController exports = new ExportController(new Exporter(s.urls().app()));
        NeedsProfile needs = new NeedsProfile(s.database().writer());
        FloodEventController floods = new FloodEventController(floodEvents, s.changes());
        ImpactController impact = new ImpactController(floodEvents, s.floods(), needs);
        NeedsController needsProfile = new NeedsController(needs);
        PlanService planService = new PlanService(s.database().writer(), s.floods());
        PlanController plans = new PlanController(planService, floodEvents, needs);
        SosController sos = new SosController(new SosService(s.database().writer(), floodEvents, s.changes()), PublicSosLimit.standard());
        SituationController situation = new SituationController(new SituationService(s.database().writer(), s.floods()));
        TimelineController timeline = new TimelineController(new TimelineService(s.database().writer(), floodEvents));
        RoadClosureController roads = new RoadClosureController(new RoadClosureService(s.database().writer(), s.floods(), floodEvents, s.changes(),
                planService));

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(JsonCodec.MAPPER, false));
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.generateEtags = false; // ETags are set explicitly, also for streamed bodies
            config.http.prefer405over404 = true;
            // level 1: JSON still shrinks five- to sixfold, at a fraction of the CPU of level 6 (two cores
            // shared with PostGIS); tiles come precompressed from the tile cache
            config.http.compressionStrategy = new CompressionStrategy(null, new Gzip(1));
            config.router.ignoreTrailingSlashes = true;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyProblemHandler());
                // stopping drains: requests in flight finish (up to DRAIN_SECONDS), new ones get 503; Javalin's handlers
                // go inside this wrapper
                GracefulHandler graceful = new GracefulHandler();
                // tiles to be made wait for a tile connection without holding a thread
                graceful.setHandler(new TileAdmission(s.catalog(), s.tiles(), s.database().tileConnections(), s.metrics()));
                server.setHandler(graceful);
                server.setStopTimeout(DRAIN_SECONDS * 1000L);
            });
            if (https != null) {
                // Javalin adds its HTTP listener only when no other is added: beside HTTPS, both are added here, HTTP first
                // (the one the server's port names), where start() says
                config.jetty.addConnector((server, http) -> {
                    ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
                    plain.setHost(config.jetty.host);
                    plain.setPort(config.jetty.port);
                    return plain;
                });
                config.jetty.addConnector(https::connector);
                // the installation's own certificate authority, for a phone to trust its HTTPS (the README says how)
                config.routes.get("/ca.crt", ctx -> FileSender.send(ctx, https.caCertificate(), "application/x-x509-ca-cert", "commune-atlas-ca.crt"));
            }
            // live streams never end by themselves: closed first, or draining would wait for them
            config.events.serverStopping(() -> s.events().close());
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
            });
            List<String> origins = List.of(s.config().corsOrigins().split(","));
            config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (origins.contains("*")) {
                    rule.anyHost();
                } else {
                    origins.forEach(o -> rule.allowHost(o.trim()));
                }
                rule.exposeHeader("ETag");
            }));
            ErrorMapping.install(config);
            metrics.install(config);
            TrustedProxies proxies = new TrustedProxies(s.config().trustedProxies());
            config.routes.before(proxies::before);
            config.routes.before(SecurityHeaders::apply);
            // a method is the request line's, never a header's: X-HTTP-Method-Override would turn a GET into a DELETE
            config.routes.before(ctx -> {
                if (ctx.req().getHeader("X-HTTP-Method-Override") != null) {
                    throw ProblemException.badParameter("X-HTTP-Method-Override", "not honoured; send the method itself");
                }
            });
            config.routes.before(auth::before);
            ReadYourWritesCookie readYourWrites = new ReadYourWritesCookie(s.database());
            config.routes.before(readYourWrites::before);
            config.routes.after(readYourWrites::after);

            // ---- the route table ----
            // vector tiles first: a map asks for dozens a view, and the router tries the routes of a method in order
            config.routes.get("/tiles/{layers}/{z}/{x}/{y}.mvt", tiles::tile);
            config.routes.get("/tiles/{layer}.json", tiles::tileJson);
            // HEAD answers the GET's headers (Jetty sends no body): map clients probe tiles this way
            config.routes.head("/tiles/{layers}/{z}/{x}/{y}.mvt", tiles::tile);
            config.routes.head("/tiles/{layer}.json", tiles::tileJson);

            // the map application's page (the rest of the app is static files)
            config.routes.get("/", page::page);
            config.routes.get("/index.html", page::page);
            config.routes.get("/health", health::get);
            config.routes.get("/metrics", Access.role(Role.ADMIN, metrics::scrape));

            // OGC API – Features
            config.routes.get("/ogc", ogc::landing);
            config.routes.get("/ogc/api", ctx -> {
                ctx.header("Cache-Control", "public, max-age=60");
                Json.send(ctx, OpenApiDocument.build(s.catalog(), Requests.base(ctx)), "application/vnd.oai.openapi+json;version=3.0");
            });
            config.routes.get("/ogc/conformance", ogc::conformance);
            config.routes.get("/ogc/collections", ogc::collections);
            config.routes.get("/ogc/collections/{collectionId}", ogc::collection);
            config.routes.get("/ogc/collections/{collectionId}/queryables", ogc::queryables);
            config.routes.get("/ogc/collections/{collectionId}/items", ogc::items);
            config.routes.get("/ogc/collections/{collectionId}/items/{featureId}", ogc::item);
            config.routes.head("/ogc/collections/{collectionId}/items/{featureId}", ogc::item); // its ETag, for a client about to write
            // Part 4: households and evacuation points written from QGIS and scripts by officers of their communes, villages by admins
            // Part 4's discovery: Allow says what the caller may do (QGIS offers editing only when it lists the writes)
            config.routes.options("/ogc/collections/{collectionId}/items", edits::options);
            config.routes.options("/ogc/collections/{collectionId}/items/{featureId}", edits::options);
            config.routes.post("/ogc/collections/{collectionId}/items", Access.role(Role.OFFICER, edits::create));
            config.routes.put("/ogc/collections/{collectionId}/items/{featureId}", Access.role(Role.OFFICER, edits::replace));
            config.routes.patch("/ogc/collections/{collectionId}/items/{featureId}", Access.role(Role.OFFICER, edits::update));
            config.routes.delete("/ogc/collections/{collectionId}/items/{featureId}", Access.role(Role.OFFICER, edits::delete));

            // OGC API – Tiles: the same tiles, found through tileset metadata
            config.routes.get("/ogc/tileMatrixSets", ogcTiles::tileMatrixSets);
            config.routes.get("/ogc/tileMatrixSets/{tileMatrixSetId}", ogcTiles::tileMatrixSet);
            config.routes.get("/ogc/tiles", ogcTiles::datasetTilesets);
            config.routes.get("/ogc/tiles/{tileMatrixSetId}", ogcTiles::datasetTileset);
            config.routes.get("/ogc/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", ogcTiles::datasetTile);
            config.routes.get("/ogc/collections/{collectionId}/tiles", ogcTiles::collectionTilesets);
            config.routes.get("/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}", ogcTiles::collectionTileset);
            config.routes.get("/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}", ogcTiles::collectionTile);

            // models and their coverage
            config.routes.get("/api/models", coverage::listModels);
            config.routes.get("/api/models/summary", coverage::summary);
            config.routes.get("/api/models/{id}", coverage::model);
            config.routes.get("/api/coverage", coverage::coverage);
            config.routes.get("/api/coverage.csv", coverage::coverageCsv);
            config.routes.get("/api/coverage.xlsx", heavy.bounded(coverage::coverageXlsx));
            config.routes.get("/api/coverage/matrix.csv", coverage::matrixCsv);
            config.routes.get("/api/search", search::search);
            config.routes.get("/api/labels", labels::labels);

            // accounts (the minimum role of each route is declared here)
            config.routes.post("/api/session", accounts::signIn);
            config.routes.delete("/api/session", accounts::signOut);
            config.routes.get("/api/session", accounts::current);
            config.routes.get("/api/audit", Access.role(Role.ADMIN, audit::list));

            // floods and evacuation
            config.routes.get("/api/flood-scenarios", scenarios::list);
            config.routes.get("/api/flood-scenarios/{code}/roads", scenarios::floodedRoads);
            config.routes.get("/api/floods", floods::list);
            config.routes.post("/api/floods", Access.role(Role.OFFICER, floods::create));
            config.routes.get("/api/floods/{id}", floods::get);
            config.routes.get("/api/floods/{id}/extent.geojson", floods::extent);
            config.routes.get("/api/floods/{id}/impact", impact::impact);
            config.routes.get("/api/floods/{id}/households.geojson", impact::households);
            config.routes.post("/api/floods/{id}/plan", Access.role(Role.OFFICER, plans::plan));
            config.routes.get("/api/floods/{id}/plan", plans::latest);
            config.routes.get("/api/floods/{id}/plan.csv", plans::csv);
            config.routes.get("/api/floods/{id}/plan.geojson", plans::geojson);
            config.routes.get("/api/floods/{id}/plan.xlsx", heavy.bounded(plans::xlsx));
            config.routes.get("/api/floods/{id}/plan.gpkg", heavy.bounded(plans::gpkg));
            config.routes.get("/api/floods/{id}/plan/routes.geojson", plans::routes);
            config.routes.get("/api/floods/{id}/plan/sheet", plans::sheet);
            config.routes.get("/api/floods/{id}/plan/sheet.css", plans::sheetStyle);
            config.routes.get("/api/floods/{id}/situation", situation::json);
            config.routes.get("/api/floods/{id}/situation.xlsx", heavy.bounded(situation::xlsx));
            config.routes.get("/api/floods/{id}/forces", situation::forces);
            config.routes.get("/api/floods/{id}/timeline", Access.role(Role.OFFICER, timeline::json));
            config.routes.get("/api/floods/{id}/timeline.csv", Access.role(Role.OFFICER, timeline::csv));
            config.routes.get("/api/roads/closed", roads::closed);
            config.routes.get("/api/roads/nearest", roads::nearest);
            // calls for help: anyone may post one (the public rate-limited), officers of its commune handle it
            config.routes.post("/api/sos", sos::create);
            config.routes.get("/api/sos", sos::list);
            config.routes.get("/api/sos/{id}", sos::get);
            config.routes.get("/sos/{reference}", sos::follow);
            config.routes.patch("/api/sos/{id}", Access.role(Role.OFFICER, sos::patch));
            config.routes.patch("/api/roads/{id}", Access.role(Role.OFFICER, roads::patch));
            config.routes.get("/api/needs-profile", needsProfile::needsProfile);
            config.routes.put("/api/needs-profile", Access.role(Role.ADMIN, needsProfile::updateNeedsProfile));
            config.routes.get("/api/households/{id}", households::get);
            config.routes.patch("/api/households/{id}", Access.role(Role.OFFICER, households::patch));
            config.routes.patch("/api/sites/{id}", Access.role(Role.OFFICER, sites::patch));
            config.routes.get("/api/pack", Access.role(Role.OFFICER, households::pack));
            config.routes.get("/api/pack/{file}", Access.role(Role.OFFICER, packFiles::file));

            // ---- bring your own data ----
            config.routes.post("/api/imports/{layer}", Access.role(Role.ADMIN, imports::upload));
            config.routes.get("/api/exports/{file}", Access.role(Role.VIEWER, heavy.bounded(exports::export)));
            config.routes.sse("/api/events", client -> s.events().subscribe(client, Requests.viewer(client.ctx()), Auth.streamCredential(client.ctx())));
        });
    }
}
