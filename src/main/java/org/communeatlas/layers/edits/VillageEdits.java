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
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.db.Transactions;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.geo.Crs;

/**
 * Villages written through OGC API – Features Part 4, by admins only (a boundary moves households between communes'
 * officers): the importer's field checks, the commune known, one village of a name per commune, the boundary a valid
 * (Multi)Polygon inside Vietnam as PostGIS reads it in the body's CRS, a village households, sites or models belong to
 * never deleted under them; If-Match and the audit log as for the other collections.
 */
public final class VillageEdits implements FeatureEdits {

    private static final String KIND = "village";
    private static final Set<String> READ_ONLY = Set.of("commune_name", "unit_2025_code", "unit_2025_name", "models_active", "model_ids", "models");

    private final DataSource db;
    private final VillageEditStore store = new VillageEditStore();
    private final FileLayer layer = FileLayers.get("villages");

    public VillageEdits(DataSource db) {
        this.db = db;
    }

    @Override
    public Optional<String> etag(String code, Viewer viewer, String format, Crs crs) throws SQLException {
        return store.etag(db, KIND, code, viewer, format, crs);
    }

    @Override
    public Written create(JsonNode feature, Crs crs, Viewer viewer, String address) throws SQLException {
        requireAdmin(viewer);
        return Transactions.inTransaction(db, c -> {
            CheckedRow row = FeatureEditing.check(layer, FeatureEditing.properties(feature, READ_ONLY));
            int commune = commune(c, row);
            byte[] geom = boundary(c, feature.get("geometry"), crs);
            unique(c, row, commune, -1);
            long id = store.insert(c, row.text("code"), row.text("name"), row.text("kind"), commune, row.integer("population"), geom);
            AuditLog.write(c, viewer, "feature_create", KIND, id, null, Map.of("code", row.text("code")), address);
            return store.written(c, KIND, row.text("code"), viewer);
        });
    }

    @Override
    public Written replace(String code, JsonNode feature, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        requireAdmin(viewer);
        return Transactions.inTransaction(db, c -> write(c, current(c, code, ifMatch, viewer), FeatureEditing.properties(feature, READ_ONLY),
                feature.get("geometry"), crs, viewer, address, "feature_replace"));
    }

    @Override
    public Written update(String code, JsonNode patch, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException {
        requireAdmin(viewer);
        return Transactions.inTransaction(db, c -> {
            VillageEditStore.Current now = current(c, code, ifMatch, viewer);
            ObjectNode merged = FeatureEditing.json(now.json());
            JsonNode geometry = merged.remove("geometry");
            Crs geometryCrs = Crs.CRS84;
            if (patch.has("properties")) {
                FeatureEditing.properties(patch, READ_ONLY).fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
            }
            if (patch.hasNonNull("geometry")) {
                geometry = patch.get("geometry");
                geometryCrs = crs;
            }
            return write(c, now, merged, geometry, geometryCrs, viewer, address, "feature_update");
        });
    }

    @Override
    public void delete(String code, String ifMatch, Viewer viewer, String address) throws SQLException {
        requireAdmin(viewer);
        Transactions.inTransaction(db, c -> {
            VillageEditStore.Current now = current(c, code, ifMatch, viewer);
            long id = now.id();
            if (store.inUse(c, id)) {
                throw new ConflictException("Households, sites or models belong to this village: move them first");
            }
            store.delete(c, id);
            AuditLog.write(c, viewer, "feature_delete", KIND, id, Map.of("code", now.code()), null, address);
            return null;
        });
    }

    private Written write(Connection c, VillageEditStore.Current now, ObjectNode props, JsonNode geometry, Crs crs, Viewer viewer,
                          String address, String action) throws SQLException {
        CheckedRow row = FeatureEditing.check(layer, props);
        int commune = commune(c, row);
        byte[] geom = boundary(c, geometry, crs);
        unique(c, row, commune, now.id());
        store.update(c, now.id(), row.text("code"), row.text("name"), row.text("kind"), commune, row.integer("population"), geom);
        ObjectNode after = store.lock(c, now.id()).map(n -> FeatureEditing.json(n.json())).orElseThrow();
        AuditLog.write(c, viewer, action, KIND, now.id(), Map.of("code", now.code()),
                Map.of("code", row.text("code"), "changed", FeatureEditing.changed(FeatureEditing.json(now.json()), after)), address);
        return store.written(c, KIND, row.text("code"), viewer);
    }

    private VillageEditStore.Current current(Connection c, String code, String ifMatch, Viewer viewer) throws SQLException {
        VillageEditStore.Current now = store.lockByCode(c, code).orElseThrow(() -> new NotFoundException("No village " + code));
        FeatureEditing.requireVersion(KIND, now.version(), ifMatch, viewer);
        return now;
    }

    private int commune(Connection c, CheckedRow row) throws SQLException {
        return CommuneLookup.commune(c, row.text("commune_code"))
                .orElseThrow(() -> InvalidInputException.field("commune_code", "không có xã (trước 1/7/2025) nào mang mã này"));
    }

    private void unique(Connection c, CheckedRow row, int commune, long except) throws SQLException {
        if (store.codeTaken(c, row.text("code"), except)) {
            throw new ConflictException("A village with code " + row.text("code") + " exists already");
        }
        if (store.nameTaken(c, commune, row.text("name"), except)) {
            throw InvalidInputException.field("name", "xã này đã có thôn cùng tên");
        }
    }

    private byte[] boundary(Connection c, JsonNode geometry, Crs crs) throws SQLException {
        String type = geometry == null ? "" : geometry.path("type").asText();
        if (!type.equals("Polygon") && !type.equals("MultiPolygon")) {
            throw InvalidInputException.field("geometry", "a village is a Polygon or MultiPolygon");
        }
        VillageEditStore.Boundary b = store.boundary(c, geometry.toString(), crs);
        if (b.problem() != null) {
            throw InvalidInputException.field("geometry", b.problem());
        }
        return b.ewkb();
    }

    private static void requireAdmin(Viewer viewer) {
        if (!viewer.isAdmin()) {
            throw new ForbiddenException("Only admins change villages");
        }
    }
}
