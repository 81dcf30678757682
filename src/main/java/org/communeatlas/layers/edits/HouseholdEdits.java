package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
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
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.geo.Crs;

/**
 * Households created, replaced, updated (JSON merge patch) and deleted through OGC API – Features Part 4, under the
 * rules the rest of the atlas holds: the importer's field checks (types, ranges, vulnerable members not over the
 * family's size, the village known, the point inside Vietnam), an officer only in their own communes (before and
 * after the change), a family checked in at a site changed only on the map, and every change in the audit log. A
 * write must name the version it was made on (If-Match): a household changed meanwhile is a 412, never overwritten.
 */
public final class HouseholdEdits implements FeatureEdits {

    private static final String KIND = "household";
    /** Properties a feature of the layer shows but a client cannot set: QGIS sends them back with every save. */
    private static final Set<String> READ_ONLY = Set.of("village_name", "commune_code", "site_id");

    private final DataSource db;
    private final HouseholdEditStore store = new HouseholdEditStore();
    private final FileLayer layer = FileLayers.get("households");

    public HouseholdEdits(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<String> etag(String featureId, Viewer viewer, String format, Crs crs) throws SQLException {
        return store.etag(db, KIND, FeatureEditing.numericId(featureId, "household"), viewer, format, crs);
    }

    @Override
    public Written create(JsonNode feature, Crs crs, Viewer viewer, String address) throws SQLException {
        return Transactions.inTransaction(db, c -> {
            HouseholdValues v = values(c, FeatureEditing.properties(feature, READ_ONLY), FeatureEditing.point(feature), crs);
            HouseholdEditStore.Village village = village(c, v.villageCode(), viewer);
            CommuneLookup.requireInside(c, village.communeId(), v.lon(), v.lat(), viewer, "geometry");
            if (store.codeTaken(c, v.code(), -1)) {
                throw new ConflictException("A household with code " + v.code() + " exists already");
            }
            long id = store.insert(c, v, village.id());
            AuditLog.write(c, viewer, "feature_create", KIND, id, null, Map.of("code", v.code()), address);
            return store.written(c, KIND, id, viewer);
        });
    }

    @Override
    public Written replace(String featureId, JsonNode feature, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "household");
        return Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            return write(c, now, values(c, FeatureEditing.properties(feature, READ_ONLY), FeatureEditing.point(feature), crs), viewer, address,
                    "feature_replace");
        });
    }

    @Override
    public Written update(String featureId, JsonNode patch, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "household");
        return Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            FeatureEditing.Merged m = FeatureEditing.merge(now.json(), patch, READ_ONLY, crs);
            return write(c, now, values(c, m.properties(), m.point(), m.crs()), viewer, address, "feature_update");
        });
    }

    @Override
    public void delete(String featureId, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "household");
        Transactions.inTransaction(db, c -> {
            HouseholdEditStore.Current now = current(c, id, ifMatch, viewer);
            if (now.siteId() != null) {
                throw new ConflictException("The household is checked in at a site: check it out on the map first");
            }
            store.delete(c, id);
            AuditLog.write(c, viewer, "feature_delete", KIND, id, Map.of("code", now.code()), null, address);
            return null;
        });
    }

    private Written write(Connection c, HouseholdEditStore.Current now, HouseholdValues v, Viewer viewer, String address, String action)
            throws SQLException {
        HouseholdEditStore.Village village = village(c, v.villageCode(), viewer);
        CommuneLookup.requireInside(c, village.communeId(), v.lon(), v.lat(), viewer, "geometry");
        if (now.siteId() != null && !v.status().equals(now.status())) {
            throw new ConflictException("The household is checked in at a site: change its status on the map");
        }
        if (store.codeTaken(c, v.code(), now.id())) {
            throw new ConflictException("A household with code " + v.code() + " exists already");
        }
        store.update(c, now.id(), v, village.id());
        // the audit log names what changed, never the personal values themselves
        ObjectNode after = store.lock(c, now.id()).map(n -> FeatureEditing.json(n.json())).orElseThrow();
        AuditLog.write(c, viewer, action, KIND, now.id(), Map.of("code", now.code()),
                Map.of("code", v.code(), "changed", FeatureEditing.changed(FeatureEditing.json(now.json()), after)), address);
        return store.written(c, KIND, now.id(), viewer);
    }

    /** The household locked for the write, when the viewer may change it and names its version. */
    private HouseholdEditStore.Current current(Connection c, long id, String ifMatch, Viewer viewer) throws SQLException {
        HouseholdEditStore.Current now = store.lock(c, id).orElseThrow(() -> new NotFoundException("No household " + id));
        viewer.requireCommune(now.communeId());
        FeatureEditing.requireVersion(KIND, now.version(), ifMatch, viewer);
        return now;
    }

    private HouseholdEditStore.Village village(Connection c, String code, Viewer viewer) throws SQLException {
        HouseholdEditStore.Village village = store.village(c, code)
                .orElseThrow(() -> InvalidInputException.field("village_code", "không có thôn nào mang mã này"));
        viewer.requireCommune(village.communeId());
        return village;
    }

    private HouseholdValues values(Connection c, ObjectNode props, double[] point, Crs crs) throws SQLException {
        CheckedRow row = FeatureEditing.check(layer, props);
        double[] lonLat = FeatureEditing.lonLat(c, point, crs);
        return new HouseholdValues(row.text("code"), row.text("village_code"), row.text("head_name"), row.text("phone"),
                row.integer("members"), orZero(row.integer("elderly")), orZero(row.integer("young_children")), orZero(row.integer("disabled")),
                orZero(row.integer("pregnant")), row.integer("house_class"), (Double) row.value("ground_elevation_m"),
                row.text("status") == null ? "safe" : row.text("status"), lonLat[0], lonLat[1]);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}
