package org.communeatlas.floods;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.Access;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.db.ChangeFeed;
import org.communeatlas.events.EventBus;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code PATCH /api/households/{id}}: an officer of the household's commune (or an admin) moves it
 * through at_risk → isolated → evacuated (to a site) → supplied → safe. Checking in takes places at the
 * site under a row lock, so concurrent check-ins never overfill it (the loser gets 409); leaving the
 * site gives them back. One transaction with its audit entry; then the live maps hear of it.
 */
public final class HouseholdController {

    static final Set<String> STATUSES = Set.of("safe", "at_risk", "isolated", "evacuated", "supplied");

    private final DataSource db;
    private final ChangeFeed changes;
    private final EventBus events;

    public HouseholdController(DataSource db, ChangeFeed changes, EventBus events) {
        this.db = db;
        this.changes = changes;
        this.events = events;
    }

    public void patch(Context ctx) throws SQLException {
        Viewer viewer = Requests.viewer(ctx);
        long id = Params.pathId(ctx, "id");
        JsonNode body = Requests.jsonBody(ctx);
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!f.equals("status") && !f.equals("site_id")) {
                throw ProblemException.badParameter(f, "unknown field; a household change takes status and site_id");
            }
        }
        JsonNode statusNode = body.get("status");
        if (statusNode == null || !statusNode.isTextual() || !STATUSES.contains(statusNode.asText())) {
            throw ProblemException.badParameter("status", "one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        String status = statusNode.asText();
        Integer siteId = null;
        JsonNode siteNode = body.get("site_id");
        if (siteNode != null && !siteNode.isNull()) {
            if (!siteNode.canConvertToInt() || siteNode.asInt() < 1) {
                throw ProblemException.badParameter("site_id", "a site id (a positive whole number)");
            }
            siteId = siteNode.asInt();
        }
        if (status.equals("evacuated") && siteId == null) {
            throw ProblemException.badParameter("site_id", "an evacuated household is at a site: give site_id");
        }
        if (siteId != null && !status.equals("evacuated")) {
            throw ProblemException.badParameter("site_id", "only an evacuation checks a household in at a site");
        }
        Map<String, Object> result;
        double[] where;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<String, Object> before = household(c, id);
                int communeId = (Integer) before.get("commune_id");
                Access.requireCommune(viewer, communeId);
                Integer oldSite = (Integer) before.get("site_id");
                int members = (Integer) before.get("members");
                // keep the site while evacuated or supplied there; any other status leaves it
                Integer newSite = siteId != null ? siteId : status.equals("supplied") ? oldSite : null;
                if (oldSite != null && !oldSite.equals(newSite)) {
                    move(c, oldSite, -members, viewer);
                }
                if (newSite != null && !newSite.equals(oldSite)) {
                    move(c, newSite, members, viewer);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE household SET status = ?, site_id = ?, updated_at = now() WHERE id = ?")) {
                    ps.setString(1, status);
                    ps.setObject(2, newSite);
                    ps.setLong(3, id);
                    ps.executeUpdate();
                }
                Map<String, Object> after = Map.of("status", status, "site_id", newSite == null ? "" : newSite);
                AuditLog.write(c, viewer, "household_status", "household", id,
                        Map.of("status", before.get("status"), "site_id", oldSite == null ? "" : oldSite), after, ctx.ip());
                c.commit();
                result = new LinkedHashMap<>();
                result.put("id", id);
                result.put("status", status);
                result.put("site_id", newSite);
                result.put("village_code", before.get("village_code"));
                result.put("commune_code", before.get("commune_code"));
                where = new double[] {(Double) before.get("lon"), (Double) before.get("lat"), (Double) before.get("lon"), (Double) before.get("lat")};
                if (oldSite != null && !oldSite.equals(newSite)) {
                    events.publish("site", site(c, oldSite));
                }
                if (newSite != null && !newSite.equals(oldSite)) {
                    events.publish("site", site(c, newSite));
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
        // the tile cache and versions learn of it now, not only when the trigger's NOTIFY arrives
        changes.publish(new ChangeFeed.Change("household", "UPDATE", where));
        events.publish("household", result);
        ctx.header("Cache-Control", "no-store");
        Json.send(ctx, result);
    }

    private static Map<String, Object> household(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT h.status, h.site_id, h.members, v.commune_id, v.code AS village_code, "
                + "cm.code AS commune_code, ST_X(h.geom) AS lon, ST_Y(h.geom) AS lat FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit cm ON cm.id = v.commune_id WHERE h.id = ? FOR UPDATE OF h")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.notFound("No household " + id);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("status", rs.getString("status"));
                m.put("site_id", (Integer) rs.getObject("site_id"));
                m.put("members", rs.getInt("members"));
                m.put("commune_id", rs.getInt("commune_id"));
                m.put("village_code", rs.getString("village_code"));
                m.put("commune_code", rs.getString("commune_code"));
                m.put("lon", rs.getDouble("lon"));
                m.put("lat", rs.getDouble("lat"));
                return m;
            }
        }
    }

    /** Adds people to a site (or removes them), under the site's row lock; 409 when it is closed or full. */
    private static void move(Connection c, int siteId, int people, Viewer viewer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT occupancy, reserved, capacity_day, is_open, commune_id "
                + "FROM evacuation_point WHERE id = ? FOR UPDATE")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ProblemException.badParameter("site_id", "no evacuation point " + siteId);
                }
                int occupancy = rs.getInt("occupancy");
                int left = rs.getInt("capacity_day") - occupancy - rs.getInt("reserved");
                if (people > 0 && !rs.getBoolean("is_open")) {
                    throw ProblemException.conflict("Evacuation point " + siteId + " is closed");
                }
                if (people > left) {
                    throw ProblemException.conflict("Evacuation point " + siteId + " has " + Math.max(left, 0) + " places left, "
                            + people + " needed");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE evacuation_point SET occupancy = greatest(occupancy + ?, 0), updated_at = now() "
                + "WHERE id = ?")) {
            ps.setInt(1, people);
            ps.setInt(2, siteId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO evacuation_point_status (point_id, is_open, occupancy, reserved, changed_by, note) "
                + "SELECT id, is_open, occupancy, reserved, ?, ? FROM evacuation_point WHERE id = ?")) {
            ps.setString(1, viewer.username());
            ps.setString(2, people > 0 ? "check-in " + people : "check-out " + (-people));
            ps.setInt(3, siteId);
            ps.executeUpdate();
        }
    }

    /**
     * A site's state for the live maps. Check-ins commit in the order of the site's row lock but are published
     * from their own threads, so events can arrive out of order: {@code version} (the site's newest status
     * row, written under that lock) lets a map keep the newest state and ignore an older one.
     */
    static Map<String, Object> site(Connection c, int siteId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT p.id, p.code, p.occupancy, p.reserved, p.capacity_day, p.capacity_night, p.is_open, "
                + "greatest(p.capacity_day - p.occupancy - p.reserved, 0) AS available, "
                + "(SELECT max(s.id) FROM evacuation_point_status s WHERE s.point_id = p.id) AS version FROM evacuation_point p WHERE p.id = ?")) {
            ps.setInt(1, siteId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> m = new LinkedHashMap<>();
                for (String col : new String[] {"id", "code", "occupancy", "reserved", "capacity_day", "capacity_night", "is_open", "available",
                    "version"}) {
                    m.put(col, rs.getObject(col));
                }
                return m;
            }
        }
    }
}
