package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Transactions;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.layers.features.Crs;
import org.communeatlas.web.Etags;

/**
 * Households created, replaced, updated (JSON merge patch) and deleted through OGC API – Features Part 4, under the
 * rules the rest of the atlas holds: the importer's field checks (types, ranges, vulnerable members not over the
 * family's size, the village known, the point inside Vietnam), an officer only in their own communes (before and
 * after the change), a family checked in at a site changed only on the map, and every change in the audit log. A
 * write must name the version it was made on (If-Match): a household changed meanwhile is a 412, never overwritten.
 */
public final class HouseholdEdits {

    /** Properties a feature of the layer shows but a client cannot set: QGIS sends them back with every save. */
    private static final Set<String> READ_ONLY = Set.of("village_name", "commune_code", "site_id");

    /** A write's outcome: the feature's id and its new version's ETag (null once deleted). */
    public record Written(long id, String etag) {
    }

    private final DataSource db;
    private final HouseholdEditStore store = new HouseholdEditStore();
    private final FileLayer layer = FileLayers.get("households");

    public HouseholdEdits(DataSource db) {
        this.db = db;
    }

    /**
     * The strong ETag of a household's feature as {@code viewer} receives it in {@code format} and {@code crs}: its row's
     * version, so any change to the household changes it; empty when there is none.
     */
    public Optional<String> etag(long id, Viewer viewer, String format, Crs crs) throws SQLException {
        try (Connection c = db.getConnection()) {
            return store.version(c, id).map(v -> etag(v, viewer, format, crs));
        }
    }

    private static String etag(String version, Viewer viewer, String format, Crs crs) {
        return Etags.of("household", version, viewer.visibilityKey(), format.equals("geojson") ? "json" : format, crs.uri());
    }

    public Written create(JsonNode feature, Crs crs, Viewer viewer, String address) throws SQLException {
        return Transactions.inTransaction(db, c -> {
            HouseholdValues v = values(c, properties(feature), point(feature), crs);
            HouseholdEditStore.Village village = village(c, v.villageCode(), viewer);
            if (store.codeTaken(c, v.code(), -1)) {
                throw new ConflictException("A household with code " + v.code() + " exists already");
            }
            long id = store.insert(c, v, village.id());
            AuditLog.write(c, viewer, "feature_create", "household", id, null, Map.of("code", v.code()), address);
            return new Written(id, etag(store.version(c, id).orElseThrow(), viewer, "json", Crs.CRS84));
        });
    }

    public Written replace(long id, JsonNode feature, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        return Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            return write(c, now, values(c, properties(feature), point(feature), crs), viewer, address, "feature_replace");
        });
    }

    /** RFC 7396: members of the patch replace the household's, null removes an optional one, the rest stays. */
    public Written update(long id, JsonNode patch, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        return Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            ObjectNode merged = HouseholdEditStore.parse(now.json());
            double[] point = {merged.get("lon").asDouble(), merged.get("lat").asDouble()};
            Crs pointCrs = Crs.CRS84;
            if (patch.has("properties")) {
                ObjectNode props = properties(patch);
                props.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
            }
            if (patch.hasNonNull("geometry")) {
                point = point(patch);
                pointCrs = crs;
            }
            return write(c, now, values(c, merged, point, pointCrs), viewer, address, "feature_update");
        });
    }

    public void delete(long id, String ifMatch, Viewer viewer, String address) throws SQLException {
        Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            if (now.siteId() != null) {
                throw new ConflictException("The household is checked in at a site: check it out on the map first");
            }
            store.delete(c, id);
            AuditLog.write(c, viewer, "feature_delete", "household", id, Map.of("code", now.code()), null, address);
            return null;
        });
    }

    private Written write(Connection c, HouseholdEditStore.Current now, HouseholdValues v, Viewer viewer, String address, String action)
            throws SQLException {
        HouseholdEditStore.Village village = village(c, v.villageCode(), viewer);
        if (now.siteId() != null && !v.status().equals(now.status())) {
            throw new ConflictException("The household is checked in at a site: change its status on the map");
        }
        if (store.codeTaken(c, v.code(), now.id())) {
            throw new ConflictException("A household with code " + v.code() + " exists already");
        }
        store.update(c, now.id(), v, village.id());
        // the audit log names what changed, never the personal values themselves
        ObjectNode before = HouseholdEditStore.parse(now.json());
        List<String> changed = new ArrayList<>();
        ObjectNode after = HouseholdEditStore.parse(now.json());
        store.lock(c, now.id()).ifPresent(n -> after.setAll(HouseholdEditStore.parse(n.json())));
        before.fieldNames().forEachRemaining(f -> {
            if (!before.get(f).equals(after.get(f))) {
                changed.add(f);
            }
        });
        AuditLog.write(c, viewer, action, "household", now.id(), Map.of("code", now.code()), Map.of("code", v.code(), "changed", changed), address);
        return new Written(now.id(), etag(store.version(c, now.id()).orElseThrow(), viewer, "json", Crs.CRS84));
    }

    /** The household locked for the write, when the viewer may change it and names its version. */
    private HouseholdEditStore.Current current(Connection c, long id, String ifMatch, Viewer viewer) throws SQLException {
        HouseholdEditStore.Current now = store.lock(c, id).orElseThrow(() -> new NotFoundException("No household " + id));
        viewer.requireCommune(now.communeId());
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new PreconditionException(428, "If-Match", "a change names the version it was made on: send the feature's ETag in If-Match");
        }
        // the version as the client read it, in whichever offered CRS it read it
        List<String> current = Crs.SUPPORTED.stream().map(crs -> etag(now.version(), viewer, "json", crs)).toList();
        boolean matches = false;
        for (String tag : ifMatch.split(",")) {
            matches |= current.contains(tag.strip()) || tag.strip().equals("*");
        }
        if (!matches) {
            throw new PreconditionException(412, "If-Match", "the household changed since that version: read it again (its ETag is new)");
        }
        return now;
    }

    private HouseholdEditStore.Village village(Connection c, String code, Viewer viewer) throws SQLException {
        HouseholdEditStore.Village village = store.village(c, code)
                .orElseThrow(() -> InvalidInputException.field("village_code", "không có thôn nào mang mã này"));
        viewer.requireCommune(village.communeId());
        return village;
    }

    private static ObjectNode properties(JsonNode feature) {
        JsonNode props = feature.get("properties");
        if (props == null || !props.isObject()) {
            throw InvalidInputException.field("properties", "a feature's properties are an object");
        }
        ObjectNode copy = ((ObjectNode) props).deepCopy();
        READ_ONLY.forEach(copy::remove);
        return copy;
    }

    private static double[] point(JsonNode feature) {
        JsonNode g = feature.get("geometry");
        if (g == null || !g.isObject() || !"Point".equals(g.path("type").asText()) || !g.path("coordinates").isArray()
                || g.get("coordinates").size() < 2 || !g.get("coordinates").get(0).isNumber() || !g.get("coordinates").get(1).isNumber()) {
            throw InvalidInputException.field("geometry", "a household is a Point: {\"type\": \"Point\", \"coordinates\": [x, y]}");
        }
        return new double[] {g.get("coordinates").get(0).asDouble(), g.get("coordinates").get(1).asDouble()};
    }

    /** The importer's checks on one feature: each field parsed by its definition, the row's checks, the point in Vietnam. */
    private HouseholdValues values(Connection c, ObjectNode props, double[] point, Crs crs) throws SQLException {
        Map<String, Field> fields = new LinkedHashMap<>();
        layer.fields().forEach(f -> fields.put(f.name(), f));
        for (var names = props.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.containsKey(name) && !name.equals("lon") && !name.equals("lat")) {
                throw InvalidInputException.field(name, "không phải thuộc tính của hộ; các thuộc tính: " + String.join(", ", fields.keySet()));
            }
        }
        CheckedRow row = new CheckedRow();
        for (Field f : fields.values()) {
            JsonNode value = props.get(f.name());
            String raw = value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
            try {
                row.put(f.name(), f.parse(raw));
            } catch (IllegalArgumentException | ArithmeticException bad) {
                throw InvalidInputException.field(f.name(), bad.getMessage());
            }
        }
        for (CheckedRow.Problem p : layer.rowChecks(row)) {
            throw InvalidInputException.field(p.field(), p.reason());
        }
        double[] lonLat = !crs.geographic() ? store.toCrs84(c, point[0], point[1], crs.srid())
                : crs.latFirst() ? new double[] {point[1], point[0]} : point;
        if (!store.insideVietnam(c, lonLat[0], lonLat[1])) {
            throw InvalidInputException.field("geometry", store.insideVietnam(c, lonLat[1], lonLat[0])
                    ? "nằm ngoài Việt Nam; đổi chỗ hai tọa độ thì vào trong — kinh độ và vĩ độ bị đảo cho nhau?" : "nằm ngoài Việt Nam");
        }
        return new HouseholdValues(row.text("code"), row.text("village_code"), row.text("head_name"), row.text("phone"),
                row.integer("members"), orZero(row.integer("elderly")), orZero(row.integer("young_children")), orZero(row.integer("disabled")),
                orZero(row.integer("pregnant")), row.integer("house_class"), (Double) row.value("ground_elevation_m"),
                row.text("status") == null ? "safe" : row.text("status"), lonLat[0], lonLat[1]);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
