package org.communeatlas;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.communeatlas.accounts.SessionStore;
import org.communeatlas.accounts.UserStore;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseHealth;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.events.EventBus;
import org.communeatlas.floods.impact.FloodAnalyzer;
import org.communeatlas.floods.routing.RoadNetwork;
import org.communeatlas.layers.DataVersions;
import org.communeatlas.layers.LayerCatalog;
import org.communeatlas.layers.LayerExtents;
import org.communeatlas.layers.features.FeatureReader;
import org.communeatlas.layers.tiles.TileCache;
import org.communeatlas.layers.tiles.TileService;

/**
 * What the HTTP application is built from, opened once by {@code serve} (or by a test over its own
 * database) and handed to {@link App#create}. Closing it releases pools and background threads.
 */
public record Services(
        AtlasConfig config,
        Database database,
        DatabaseHealth health,
        PrometheusMeterRegistry metrics,
        ChangeFeed changes,
        LayerCatalog catalog,
        DataVersions versions,
        LayerExtents extents,
        TileCache tileCache,
        TileService tiles,
        FeatureReader features,
        UserStore users,
        SessionStore sessions,
        EventBus events,
        RoadNetwork roads,
        FloodAnalyzer floods,
        DatabaseUrls urls) implements AutoCloseable {

    /** Opens pools, the health watcher and the change feed, connecting as the server's role. */
    public static Services open(AtlasConfig config, DatabaseUrls urls) {
        String dbUrl = urls.app();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmGcMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        Database database = Database.connect(dbUrl, config.dbReadUrl(), 16, metrics);
        DatabaseHealth health = new DatabaseHealth(dbUrl);
        database.refuseWhileDown(health::isUp);
        LayerCatalog catalog = new LayerCatalog();
        DataVersions versions = new DataVersions();
        TileCache tileCache = new TileCache(config.tileCacheMb(), catalog, metrics);
        // LISTEN works only on the primary: every instance hears every change there
        ChangeFeed changes = ChangeFeed.listen(dbUrl);
        // first: reads after a change go to a replica only once it has replayed the change
        changes.subscribe(database::changed);
        LayerExtents extents = new LayerExtents(database.reader(), versions);
        TileService tiles = new TileService(catalog, database.reader(), database.tileReader(), tileCache, versions, metrics);
        // versions and the tile cache move together, under the tile service's lock
        changes.subscribe(tiles::apply);
        UserStore users = new UserStore(database.writer());
        EventBus events = new EventBus();
        events.checkCredentialsWith(new org.communeatlas.accounts.StreamCredentials(database.writer(), users));
        changes.subscribe(events::onChange);
        changes.subscribeAnnouncements(events::onAnnouncement);
        // flood analyses read through the writer: a plan must see the households and sites as they are now
        RoadNetwork roads = new RoadNetwork(database.writer());
        changes.subscribe(roads::onChange);
        FloodAnalyzer floods = new FloodAnalyzer(database.writer(), roads);
        changes.subscribe(floods::onChange);
        return new Services(config, database, health, metrics, changes, catalog, versions, extents, tileCache, tiles,
                new FeatureReader(database.reader()), users, new SessionStore(database.writer(), users),
                events, roads, floods, urls);
    }

    public static String version() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public void close() {
        events.close();
        changes.close();
        health.close();
        database.close();
    }
}
