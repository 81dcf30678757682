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
 * Evacuation points created, replaced, updated and deleted through OGC API – Features Part 4: the importer's field
 * checks, an officer only in their own communes, a capacity never below the people sheltered or expected there, a site
 * households depend on (checked in, or sent there by a plan) never deleted under them; occupancy moves only with
 * check-ins on the map. Every change in the audit log; If-Match as for households.
 */
public final class EvacuationPointEdits implements FeatureEdits {

    private static final String KIND = "evacuation_point";
    private static final Set<String> READ_ONLY = Set.of("occupancy", "reserved", "available", "services", "flood_zones");

    private final DataSource db;
    private final EvacuationPointEditStore store = new EvacuationPointEditStore();
    private final FileLayer layer = FileLayers.get("evacuation_points");

    public EvacuationPointEdits(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<String> etag(String featureId, Viewer viewer, String format, Crs crs) throws SQLException {
        return store.etag(db, KIND, FeatureEditing.numericId(featureId, "evacuation point"), viewer, format, crs);
    }

    @Override
    public Written create(JsonNode feature, Crs crs, Viewer viewer, String address) throws SQLException {
        return Transactions.inTransaction(db, c -> {
            EvacuationPointEditStore.Values v = values(c, FeatureEditing.properties(feature, READ_ONLY), FeatureEditing.point(feature), crs);
            int commune = commune(c, v.communeCode(), viewer);
            CommuneLookup.requireInside(c, commune, v.lon(), v.lat(), viewer, "geometry");
            if (store.codeTaken(c, v.code(), -1)) {
                throw new ConflictException("A site with code " + v.code() + " exists already");
            }
            long id = store.insert(c, v, commune);
            AuditLog.write(c, viewer, "feature_create", KIND, id, null, Map.of("code", v.code()), address);
            return store.written(c, KIND, id, viewer);
        });
    }

    @Override
    public Written replace(String featureId, JsonNode feature, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "evacuation point");
        return Transactions.inTransaction(db, c -> write(c, current(c, id, ifMatch, viewer),
                values(c, FeatureEditing.properties(feature, READ_ONLY), FeatureEditing.point(feature), crs), viewer, address, "feature_replace"));
    }

    @Override
    public Written update(String featureId, JsonNode patch, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "evacuation point");
        return Transactions.inTransaction(db, c -> {
            EvacuationPointEditStore.Current now = current(c, id, ifMatch, viewer);
            FeatureEditing.Merged m = FeatureEditing.merge(now.json(), patch, READ_ONLY, crs);
            return write(c, now, values(c, m.properties(), m.point(), m.crs()), viewer, address, "feature_update");
        });
    }

    @Override
    public void delete(String featureId, String ifMatch, Viewer viewer, String address) throws SQLException {
        long id = FeatureEditing.numericId(featureId, "evacuation point");
        Transactions.inTransaction(db, c -> {
            EvacuationPointEditStore.Current now = current(c, id, ifMatch, viewer);
            if (now.people() > 0 || store.inUse(c, id)) {
                throw new ConflictException("Households are checked in at this site or sent to it by a plan: close it (is_open false) instead");
            }
            var plan = store.newestPlanUsing(c, id);
            if (plan.isPresent()) {
                throw new ConflictException("Kế hoạch sơ tán số " + plan.get().planId() + " (" + plan.get().flood() + ") đưa "
                        + plan.get().households() + " hộ tới điểm này: không xóa được. Hãy đóng điểm (is_open false) rồi lập lại kế hoạch "
                        + "(giữ ổn định) để chuyển các hộ sang điểm khác.");
            }
            store.delete(c, id);
            AuditLog.write(c, viewer, "feature_delete", KIND, id, Map.of("code", now.code()), null, address);
            return null;
        });
    }

    private Written write(Connection c, EvacuationPointEditStore.Current now, EvacuationPointEditStore.Values v, Viewer viewer, String address,
                          String action) throws SQLException {
        int commune = commune(c, v.communeCode(), viewer);
        CommuneLookup.requireInside(c, commune, v.lon(), v.lat(), viewer, "geometry");
        if (Math.max(v.capacityDay(), v.capacityNight()) < now.people()) {
            throw InvalidInputException.field("capacity_day", "nhỏ hơn số người đang ở điểm (" + now.people() + ")");
        }
        if (store.codeTaken(c, v.code(), now.id())) {
            throw new ConflictException("A site with code " + v.code() + " exists already");
        }
        store.update(c, now.id(), v, commune);
        ObjectNode after = store.lock(c, now.id()).map(n -> FeatureEditing.json(n.json())).orElseThrow();
        AuditLog.write(c, viewer, action, KIND, now.id(), Map.of("code", now.code()),
                Map.of("code", v.code(), "changed", FeatureEditing.changed(FeatureEditing.json(now.json()), after)), address);
        return store.written(c, KIND, now.id(), viewer);
    }

    private EvacuationPointEditStore.Current current(Connection c, long id, String ifMatch, Viewer viewer) throws SQLException {
        EvacuationPointEditStore.Current now = store.lock(c, id).orElseThrow(() -> new NotFoundException("No evacuation point " + id));
        viewer.requireCommune(now.communeId());
        FeatureEditing.requireVersion(KIND, now.version(), ifMatch, viewer);
        return now;
    }

    private int commune(Connection c, String code, Viewer viewer) throws SQLException {
        int commune = CommuneLookup.commune(c, code)
                .orElseThrow(() -> InvalidInputException.field("commune_code", "không có xã (trước 1/7/2025) nào mang mã này"));
        viewer.requireCommune(commune);
        return commune;
    }

    private EvacuationPointEditStore.Values values(Connection c, ObjectNode props, double[] point, Crs crs) throws SQLException {
        CheckedRow row = FeatureEditing.check(layer, props);
        double[] lonLat = FeatureEditing.lonLat(c, point, crs);
        Object open = row.value("is_open");
        return new EvacuationPointEditStore.Values(row.text("code"), row.text("name"), row.text("kind"), row.text("commune_code"),
                row.integer("capacity_day"), row.integer("capacity_night"), open == null || (Boolean) open, (Double) row.value("elevation_m"),
                lonLat[0], lonLat[1]);
    }
}
