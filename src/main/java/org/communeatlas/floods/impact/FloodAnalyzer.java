package org.communeatlas.floods.impact;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.communeatlas.db.ChangeFeed.Change;
import org.communeatlas.floods.events.FloodEvent;
import org.communeatlas.floods.events.FloodEventStore;
import org.communeatlas.floods.events.FloodEvents;
import org.communeatlas.floods.impact.FloodAnalysis.Household;
import org.communeatlas.floods.impact.FloodAnalysis.Site;
import org.communeatlas.floods.impact.FloodAnalysis.Unit;
import org.communeatlas.floods.routing.RoadGraph;
import org.communeatlas.floods.routing.RoadNetwork;

/**
 * Computes a {@link FloodAnalysis}. PostGIS finds what lies under water — road edges, sites, households —
 * probing its indexes with the flood cut into small pieces ({@code ST_Subdivide}: a detailed polygon is
 * tested about ten times faster that way). Isolation is then exact graph work in Java: the connected
 * components of the road network without its flooded edges; a household whose road node shares no
 * component with a dry, open public evacuation point is cut off. (pgRouting 3.4's
 * {@code pgr_drivingDistance} with {@code equicost} drops sites whose roads are all flooded, so it is not
 * used.) Results are kept until a household, site, road or flood changes.
 */
public final class FloodAnalyzer {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FloodAnalyzer.class);

    private static final Set<String> TABLES = Set.of("household", "evacuation_point", "road", "road_node", "flood_event", "village");

    private static final String PIECES = "piece AS MATERIALIZED (SELECT ST_Subdivide(geom, 64) AS g FROM flood_event WHERE id = ?)";

    private final DataSource db;
    private final RoadNetwork network;
    private final AtomicLong version = new AtomicLong();
    private final Cache<Integer, FloodAnalysis> cache = Caffeine.newBuilder().maximumSize(8).build();
    private final Map<Integer, Long> cachedVersion = new java.util.concurrent.ConcurrentHashMap<>();

    public FloodAnalyzer(DataSource db, RoadNetwork network) {
        this.db = db;
        this.network = network;
    }

    public void onChange(Change change) {
        if (change.table().equals("*") || TABLES.contains(change.table())) {
            version.incrementAndGet();
        }
    }

    public FloodAnalysis analyse(int floodId) throws SQLException {
        long v = version.get();
        FloodAnalysis cached = cache.getIfPresent(floodId);
        if (cached != null && cachedVersion.getOrDefault(floodId, -1L) == v) {
            return cached;
        }
        FloodAnalysis fresh = compute(floodId);
        if (version.get() == v) {
            cache.put(floodId, fresh);
            cachedVersion.put(floodId, v);
        }
        return fresh;
    }

    private FloodAnalysis compute(int floodId) throws SQLException {
        long started = System.nanoTime();
        RoadGraph graph = network.graph();
        try (Connection c = db.getConnection()) {
            FloodEvent event = FloodEventStore.find(c, floodId).orElseThrow(() -> FloodEvents.notFound(floodId));
            List<Integer> flooded = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("WITH " + PIECES
                    + " SELECT DISTINCT r.id FROM piece p JOIN road r ON r.geom && p.g AND ST_Intersects(r.geom, p.g)")) {
                ps.setInt(1, floodId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int e = graph.edge(rs.getLong(1));
                        if (e >= 0) {
                            flooded.add(e);
                        }
                    }
                }
            }
            int[] floodedEdges = flooded.stream().mapToInt(Integer::intValue).toArray();
            double km = 0;
            for (int e : floodedEdges) {
                km += graph.length(e) / 1000;
            }
            boolean[] blocked = graph.blocked(floodedEdges);
            int[] component = graph.components(blocked);
            List<Site> sites = sites(c, floodId, graph);
            int components = 0;
            for (int x : component) {
                components = Math.max(components, x + 1);
            }
            boolean[] hasSite = new boolean[components];
            for (Site s : sites) {
                if (s.publicRefuge()) {
                    hasSite[component[s.node()]] = true;
                }
            }
            List<Long> cutNodes = new ArrayList<>();
            for (int n = 0; n < component.length; n++) {
                if (!hasSite[component[n]]) {
                    cutNodes.add(graph.nodeId(n));
                }
            }
            long t0 = System.nanoTime();
            List<Household> households = households(c, event, cutNodes, graph, hasSite, component);
            log.debug("flood {}: network and sites {} ms, {} households {} ms", floodId, (t0 - started) / 1_000_000, households.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            Set<Integer> villageIds = new HashSet<>();
            households.forEach(h -> villageIds.add(h.villageId()));
            sites.forEach(s -> {
                if (s.villageId() != null) {
                    villageIds.add(s.villageId());
                }
            });
            Map<Integer, Unit> villages = new HashMap<>();
            Map<Integer, Unit> communes = new HashMap<>();
            units(c, villageIds, villages, communes);
            return new FloodAnalysis(event, graph, blocked, component, hasSite, sites, households, floodedEdges.length, km,
                    villages, communes, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private static List<Site> sites(Connection c, int floodId, RoadGraph graph) throws SQLException {
        List<Site> sites = new ArrayList<>();
        String sql = "WITH " + PIECES + " SELECT s.id, s.code, s.name, s.kind, s.commune_id, s.village_id, s.capacity_day, s.capacity_night, "
                + "s.occupancy, s.reserved, s.is_open, EXISTS (SELECT 1 FROM piece p WHERE s.geom && p.g AND ST_Intersects(s.geom, p.g)), "
                + "s.road_node_id FROM evacuation_point s ORDER BY s.id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, floodId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long node = rs.getLong(13);
                    sites.add(new Site(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            (Integer) rs.getObject(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10), rs.getBoolean(11),
                            rs.getBoolean(12), rs.wasNull() ? -1 : graph.node(node)));
                }
            }
        }
        return sites;
    }

    private static final String HOUSEHOLD_COLUMNS = "h.id, h.village_id, h.members, h.elderly, h.young_children, h.disabled, h.pregnant, "
            + "coalesce(h.house_class, 0) AS house_class, h.status, h.site_id, h.road_node_id, h.ground_elevation_m, h.geom";

    /**
     * Households inside the flood, those at cut-off road nodes (or at none), and those in weak houses (class 3–4)
     * of the villages the flood reaches; each read once, straight from the index that finds it (the spatial one,
     * the road node one, the village one). Whether a household is cut off is then known from its road node.
     * Depth is the water level less the ground, where both are known.
     */
    private static List<Household> households(Connection c, FloodEvent event, List<Long> cutNodes, RoadGraph graph, boolean[] hasSite,
                                              int[] component) throws SQLException {
        String sql = "WITH " + PIECES + ", flooded AS MATERIALIZED (SELECT DISTINCT ON (h.id) " + HOUSEHOLD_COLUMNS + ", true AS flooded "
                + "FROM piece p JOIN household h ON h.geom && p.g AND ST_Intersects(h.geom, p.g)), "
                + "others AS (SELECT " + HOUSEHOLD_COLUMNS + ", false FROM household h WHERE h.road_node_id = ANY (?) OR h.road_node_id IS NULL "
                + "UNION SELECT " + HOUSEHOLD_COLUMNS + ", false FROM household h "
                + "WHERE h.village_id IN (SELECT DISTINCT village_id FROM flooded) AND h.house_class >= 3), "
                + "x AS (SELECT * FROM flooded UNION ALL SELECT * FROM others o WHERE NOT EXISTS (SELECT 1 FROM flooded f WHERE f.id = o.id)) "
                + "SELECT x.id, x.village_id, v.commune_id, x.members, x.elderly, x.young_children, x.disabled, x.pregnant, x.house_class, "
                + "x.status, x.site_id, x.road_node_id, x.flooded, "
                + "CASE WHEN x.flooded THEN greatest(?::float8 - x.ground_elevation_m, 0) END, ST_X(x.geom), ST_Y(x.geom) "
                + "FROM x JOIN village v ON v.id = x.village_id";
        List<Household> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, event.id());
            Array nodes = c.createArrayOf("bigint", cutNodes.toArray());
            ps.setArray(2, nodes);
            ps.setObject(3, event.waterLevelM() == null ? null : event.waterLevelM().doubleValue(), java.sql.Types.DOUBLE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long roadNode = rs.getLong(12);
                    int node = rs.wasNull() ? -1 : graph.node(roadNode);
                    boolean cutOff = node < 0 || !hasSite[component[node]];
                    double depth = rs.getDouble(14);
                    Double depthM = rs.wasNull() ? null : Math.round(depth * 100) / 100.0;
                    out.add(new Household(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                            rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getString(10), (Integer) rs.getObject(11), node,
                            rs.getBoolean(13), cutOff, depthM, rs.getDouble(15), rs.getDouble(16)));
                }
            }
        }
        out.sort(java.util.Comparator.comparingLong(Household::id));
        return out;
    }

    private static void units(Connection c, Set<Integer> villageIds, Map<Integer, Unit> villages, Map<Integer, Unit> communes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.id, v.code, v.name, v.commune_id, c.code, c.name, coalesce(c.parent_id, 0) "
                + "FROM village v JOIN admin_unit c ON c.id = v.commune_id WHERE v.id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("integer", villageIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    villages.put(rs.getInt(1), new Unit(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                    communes.putIfAbsent(rs.getInt(4), new Unit(rs.getInt(4), rs.getString(5), rs.getString(6), rs.getInt(7)));
                }
            }
        }
    }
}
