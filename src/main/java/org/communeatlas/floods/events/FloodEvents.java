package org.communeatlas.floods.events;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Idempotency;

/**
 * Flood events: a stored scenario put into effect, a polygon drawn on the map, or an uploaded GeoJSON
 * extent. Each keeps its geometry (made valid by PostGIS), river and water levels and time. A polygon must lie in
 * Việt Nam and be no larger than a province's worst flood; the event and its audit entry are written together.
 */
public final class FloodEvents {

    /** Mainland Việt Nam and its near islands; a flood outside it is a wrong CRS or swapped axes. */
    static final double[] VIETNAM = {102.1, 8.3, 109.6, 23.4};
    /** Larger than any flood a commune or province would draw; guards against a world-sized polygon. */
    static final double MAX_AREA_KM2 = 20_000;

    private final FloodEventStore store;
    private final DataSource db;

    public FloodEvents(DataSource db) {
        this.db = db;
        this.store = new FloodEventStore(db);
    }

    /** Creates the event with its audit entry, once per Idempotency-Key ({@code key} null: none); returns it. */
    public Idempotency.Keyed<FloodEvent> create(NewFlood flood, Viewer viewer, String address, Idempotency.Request key) throws SQLException {
        return Idempotency.once(db, viewer.userId(), key, c -> {
            int id;
            if (flood.scenario() != null) {
                id = store.insertFromScenario(c, flood.scenario(), flood.name(), flood.occurredAt(), viewer.username())
                        .orElseThrow(() -> InvalidInputException.field("scenario", "no stored scenario '" + Messages.shorten(flood.scenario().toString())
                                + "' (see /api/flood-scenarios)"));
            } else {
                String[] polygons = flood.polygons().toArray(String[]::new);
                check(extent(c, polygons));
                String name = flood.name() != null ? flood.name()
                        : flood.source().equals("drawn") ? "Vùng ngập vẽ trên bản đồ" : "Vùng ngập tải lên";
                id = store.insertFromPolygons(c, polygons, name, flood.source(), flood.riverLevelM(), flood.alarmLevel(), flood.waterLevelM(),
                        flood.occurredAt(), viewer.username());
            }
            FloodEvent e = FloodEventStore.find(c, id).orElseThrow();
            AuditLog.write(c, viewer, "flood_create", "flood_event", id, null, e, address);
            return e;
        }, e -> Idempotency.Answer.json(201, e));
    }

    /** PostGIS's reading of the polygons; what it cannot parse is the client's mistake, named as such (the transaction ends). */
    private FloodEventStore.Extent extent(java.sql.Connection c, String[] polygons) throws SQLException {
        try {
            return store.extent(c, polygons);
        } catch (SQLException e) {
            if ("XX000".equals(e.getSQLState()) || "22023".equals(e.getSQLState())) {
                throw InvalidInputException.field("geometry", "not a valid GeoJSON polygon: "
                        + Messages.shorten(e.getMessage().replaceAll("(?s)^ERROR: *", "").split("\n")[0]));
            }
            throw e;
        }
    }

    private static void check(FloodEventStore.Extent x) {
        if (x.empty()) {
            throw InvalidInputException.field("geometry", "the polygon has no area");
        }
        if (x.west() < VIETNAM[0] || x.south() < VIETNAM[1] || x.east() > VIETNAM[2] || x.north() > VIETNAM[3]) {
            throw InvalidInputException.field("geometry", String.format(Locale.ROOT,
                    "coordinates [%.4f, %.4f, %.4f, %.4f] lie outside Việt Nam; GeoJSON is longitude, latitude in WGS 84 "
                            + "(are the axes swapped, or the coordinates in another CRS?)", x.west(), x.south(), x.east(), x.north()));
        }
        if (x.areaKm2() > MAX_AREA_KM2) {
            throw InvalidInputException.field("geometry", "the flood covers " + Math.round(x.areaKm2()) + " km², more than " + (int) MAX_AREA_KM2 + " km²");
        }
    }

    public FloodEvent find(int id) throws SQLException {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /** The newest events first. */
    public List<FloodEvent> list(int limit) throws SQLException {
        return store.list(limit);
    }

    /** Floods that began this recently are current: road closures are reported against them, SOS calls join the newest. */
    public static final java.time.Duration CURRENT = java.time.Duration.ofDays(7);

    /** The current floods, newest first, at most {@code limit}. */
    public List<FloodEvent> current(int limit) throws SQLException {
        java.time.OffsetDateTime since = java.time.OffsetDateTime.now().minus(CURRENT);
        return list(limit).stream().filter(f -> f.occurredAt().isAfter(since)).toList();
    }

    /** Counts of personal fields over fewer households than this are not shown to the public ("< 5"). */
    public static final int SMALLEST_PUBLIC_GROUP = 5;

    /**
     * Refuses (403) a viewer who sees no personal data a look into an event drawn so small that its figures are one
     * family's: smaller than a village, or over fewer than {@link #SMALLEST_PUBLIC_GROUP} households.
     */
    public void requireVisible(int id, Viewer viewer) throws SQLException {
        // no query for officers; an event that is not there singles nobody out, and the read after this answers 404
        if (!viewer.seesPersonalData() && store.singlesOut(id, SMALLEST_PUBLIC_GROUP)) {
            throw new org.communeatlas.core.ForbiddenException("Vùng ngập này nhỏ hơn một thôn hoặc có dưới " + SMALLEST_PUBLIC_GROUP
                    + " hộ: chỉ cán bộ xem được số liệu của nó");
        }
    }

    /** The event's extent as GeoJSON, for the map. */
    public byte[] geometry(int id) throws SQLException {
        return store.extentGeoJson(id).orElseThrow(() -> notFound(id));
    }

    public static NotFoundException notFound(int id) {
        return new NotFoundException("No flood event " + id);
    }
}
