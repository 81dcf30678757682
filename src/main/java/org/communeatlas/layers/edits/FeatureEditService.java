package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.content.Etags;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.ForbiddenException;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.core.PreconditionFailedException;
import org.communeatlas.db.Idempotency;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.geo.Crs;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.LayerCatalog;

/**
 * OGC API – Features Part 4 on every editable collection, one path for all: the feature's properties checked as the
 * importer checks a row, its geometry read by PostGIS in the body's CRS, the officer only in their own communes (before
 * and after the change), the version named in If-Match (a feature changed meanwhile is a 412, never overwritten), one
 * code per row, the collection's own {@link EditRules}, the audit log (which properties changed, never their values),
 * all in one transaction with the request's Idempotency-Key.
 */
public final class FeatureEditService {

    /** A write's outcome: the feature's id and its new version's ETag. */
    public record Written(String id, String etag) {
    }

    /**
     * An editable collection: its rules, its store, and the properties its features show that no client sets (QGIS
     * sends every field back with a save: those are let go, unless {@link EditRules#requireKept} says otherwise).
     */
    private record Collection(EditRules rules, FeatureRowStore store, Set<String> readOnly) {
    }

    private final DataSource db;
    private final Map<String, Collection> collections = new LinkedHashMap<>();

    public FeatureEditService(DataSource db, LayerCatalog catalog) {
        this.db = db;
        // in the order the OpenAPI document lists them
        collections.put("households", collection(catalog.find("households").orElseThrow(), new HouseholdRules()));
        collections.put("evacuation_points", collection(catalog.find("evacuation_points").orElseThrow(), new EvacuationPointRules()));
        collections.put("villages", collection(catalog.find("villages").orElseThrow(), new VillageRules()));
    }

    private static Collection collection(Layer shown, EditRules rules) {
        Set<String> readOnly = new HashSet<>();
        shown.publicProperties().forEach(p -> readOnly.add(p.name()));
        shown.restrictedProperties().forEach(p -> readOnly.add(p.name()));
        rules.layer().fields().forEach(f -> readOnly.remove(f.name()));
        return new Collection(rules, new FeatureRowStore(rules.table()), Set.copyOf(readOnly));
    }

    /** The collections a client may write. */
    public Set<String> editable() {
        return collections.keySet();
    }

    /**
     * The methods {@code viewer} may use on a collection's items ({@code item} false) or on one of them (Part 4's
     * discovery: QGIS offers editing only when {@code OPTIONS} allows it): reads for anyone, writes for the officers
     * and admins the collection takes. Whether a given feature lies in the officer's communes is decided by the write.
     */
    public List<String> allowed(String collectionId, Viewer viewer, boolean item) {
        List<String> methods = new ArrayList<>(List.of("GET", "HEAD", "OPTIONS"));
        Collection coll = collections.get(collectionId);
        boolean writer = viewer.isAdmin() || viewer.role() == Viewer.Role.OFFICER;
        if (coll != null && writer && coll.rules().writableBy(viewer)) {
            methods.addAll(item ? List.of("PUT", "PATCH", "DELETE") : List.of("POST"));
        }
        return methods;
    }

    /** The strong ETag of an editable feature as {@code viewer} receives it in {@code format} and {@code crs}; empty when there is none. */
    public Optional<String> etag(String collectionId, String featureId, Viewer viewer, String format, Crs crs) throws SQLException {
        Collection coll = collections.get(collectionId);
        if (coll == null) {
            return Optional.empty();
        }
        Optional<Object> key = key(coll, featureId);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection()) {
            return coll.store().version(c, key.get()).map(v -> etag(coll, v, viewer, format, crs));
        }
    }

    public Idempotency.Keyed<Written> create(String collectionId, JsonNode feature, Crs crs, Viewer viewer, String address,
                                             Idempotency.Request key) throws SQLException {
        Collection coll = writable(collectionId, viewer);
        coll.rules().requireKept(feature.get("properties"), null);
        return Idempotency.once(db, viewer.userId(), key, c -> {
            Proposed p = propose(c, coll, FeatureBody.properties(feature, coll.readOnly()), geometry(c, coll, feature.get("geometry"), crs),
                    viewer);
            requireCodeFree(c, coll, p, -1);
            coll.rules().checkWrite(c, null, p.columns());
            FeatureRowStore.Inserted row = coll.store().insert(c, p.columns(), p.geometry());
            AuditLog.write(c, viewer, "feature_create", coll.rules().table().kind(), row.id(), null, Map.of("code", p.code()), address);
            return written(c, coll, row.featureId(), viewer);
        }, w -> new Idempotency.Answer(201, "", w.etag()));
    }

    public Idempotency.Keyed<Written> replace(String collectionId, String featureId, JsonNode feature, Crs crs, String ifMatch, Viewer viewer,
                                              String address, Idempotency.Request key) throws SQLException {
        Collection coll = writable(collectionId, viewer);
        return Idempotency.once(db, viewer.userId(), key, c -> {
            FeatureRowStore.Current now = current(c, coll, featureId, ifMatch, viewer);
            coll.rules().requireKept(feature.get("properties"), now);
            Proposed p = propose(c, coll, FeatureBody.properties(feature, coll.readOnly()), geometry(c, coll, feature.get("geometry"), crs),
                    viewer);
            return write(c, coll, now, p, viewer, address, "feature_replace", ifMatch);
        }, FeatureEditService::changed);
    }

    /** RFC 7396: members of the patch replace the feature's, null removes an optional one, the rest stays (the geometry too, unless sent). */
    public Idempotency.Keyed<Written> update(String collectionId, String featureId, JsonNode patch, Crs crs, String ifMatch, Viewer viewer,
                                             String address, Idempotency.Request key) throws SQLException {
        Collection coll = writable(collectionId, viewer);
        return Idempotency.once(db, viewer.userId(), key, c -> {
            FeatureRowStore.Current now = current(c, coll, featureId, ifMatch, viewer);
            coll.rules().requireKept(patch.get("properties"), now);
            byte[] geometry = patch.hasNonNull("geometry") ? geometry(c, coll, patch.get("geometry"), crs) : now.geometry();
            Proposed p = propose(c, coll, FeatureBody.merge(now.writable(), patch, coll.readOnly()), geometry, viewer);
            return write(c, coll, now, p, viewer, address, "feature_update", ifMatch);
        }, FeatureEditService::changed);
    }

    public Idempotency.Keyed<Void> delete(String collectionId, String featureId, String ifMatch, Viewer viewer, String address,
                                          Idempotency.Request key) throws SQLException {
        Collection coll = writable(collectionId, viewer);
        return Idempotency.once(db, viewer.userId(), key, c -> {
            FeatureRowStore.Current now = current(c, coll, featureId, ifMatch, viewer);
            coll.rules().checkDelete(c, now);
            coll.store().delete(c, now.id());
            AuditLog.write(c, viewer, "feature_delete", coll.rules().table().kind(), now.id(), Map.of("code", now.code()),
                    unconditional(ifMatch) ? Map.of("unconditional", true) : null, address);
            return null;
        }, nothing -> new Idempotency.Answer(204, ""));
    }

    /** A feature's new state, checked: its columns, its geometry in CRS84 and its code. */
    private record Proposed(Map<String, Object> columns, byte[] geometry, String code) {
    }

    /** The properties checked, the row placed (in the officer's communes, the geometry inside its commune), its columns. */
    private static Proposed propose(Connection c, Collection coll, ObjectNode props, byte[] geometry, Viewer viewer) throws SQLException {
        CheckedRow row = FeatureBody.check(coll.rules().layer(), props);
        EditRules.Place place = coll.rules().place(c, row);
        viewer.requireCommune(place.communeId());
        Places.requireInside(c, place.communeId(), geometry, viewer);
        return new Proposed(coll.rules().columns(row, place), geometry, row.text("code"));
    }

    private static Written write(Connection c, Collection coll, FeatureRowStore.Current now, Proposed p, Viewer viewer, String address,
                                 String action, String ifMatch) throws SQLException {
        requireCodeFree(c, coll, p, now.id());
        coll.rules().checkWrite(c, now, p.columns());
        coll.store().update(c, now.id(), p.columns(), p.geometry());
        FeatureRowStore.Current after = coll.store().lock(c, coll.store().key(coll.rules().table().numericKey() ? now.featureId() : p.code()))
                .orElseThrow();
        List<String> changed = new ArrayList<>(FeatureBody.changed(now.writable(), after.writable()));
        if (!Arrays.equals(now.geometry(), after.geometry())) {
            changed.add("geometry");
        }
        // the audit log names what changed, never the personal values themselves
        Map<String, Object> audited = new LinkedHashMap<>();
        audited.put("code", p.code());
        audited.put("changed", changed);
        if (unconditional(ifMatch)) {
            audited.put("unconditional", true); // made without naming a version (QGIS sends none): it may have overwritten another change
        }
        AuditLog.write(c, viewer, action, coll.rules().table().kind(), now.id(), Map.of("code", now.code()), audited, address);
        return written(c, coll, after.featureId(), viewer);
    }

    /** The row locked for the write, when the viewer may change it and names its version. */
    private static FeatureRowStore.Current current(Connection c, Collection coll, String featureId, String ifMatch, Viewer viewer)
            throws SQLException {
        Optional<Object> key = key(coll, featureId);
        FeatureRowStore.Current now = (key.isEmpty() ? Optional.<FeatureRowStore.Current>empty() : coll.store().lock(c, key.get()))
                .orElseThrow(() -> new NotFoundException("Không có " + coll.rules().table().noun() + " '" + shorten(featureId) + "'"));
        if (now.communeId() != null) {
            viewer.requireCommune(now.communeId());
        }
        requireVersion(coll, now.version(), ifMatch);
        return now;
    }

    private static void requireCodeFree(Connection c, Collection coll, Proposed p, long except) throws SQLException {
        if (coll.store().codeTaken(c, p.code(), except)) {
            throw new ConflictException("Đã có " + coll.rules().table().noun() + " mang mã " + p.code());
        }
    }

    private static byte[] geometry(Connection c, Collection coll, JsonNode geometry, Crs crs) throws SQLException {
        return GeometryStore.read(c, geometry, crs, coll.rules().table().shape());
    }

    /**
     * 412 when If-Match names no tag of the row's version as it is now — whoever read it, in any format and CRS: the
     * version is in the tag. Without If-Match: 428 where the collection requires a version (households: a family's
     * status or size overwritten blind would send a boat to the wrong house), else the write is unconditional.
     */
    private static void requireVersion(Collection coll, String version, String ifMatch) {
        if (unconditional(ifMatch)) {
            if (coll.rules().table().versionRequired()) {
                throw PreconditionFailedException.versionRequired("Sửa " + coll.rules().table().noun() + " phải nêu phiên bản đã đọc: gửi ETag của "
                        + "đối tượng trong If-Match (hộ có dữ liệu cá nhân và tình trạng sơ tán, không ghi đè khi không biết đã đổi chưa)");
            }
            return;
        }
        String current = coll.rules().table().kind() + "." + version + ".";
        for (String tag : ifMatch.split(",")) {
            String t = tag.strip().replaceFirst("^W/", "");
            if (t.equals("*") || t.startsWith("\"" + current)) {
                return;
            }
        }
        throw new PreconditionFailedException("Đối tượng đã đổi sau phiên bản đó: đọc lại (ETag đã mới)");
    }

    private static boolean unconditional(String ifMatch) {
        return ifMatch == null || ifMatch.isBlank();
    }

    /**
     * The ETag of a feature's version as a viewer receives it: {@code "kind.version.representation"} — the version
     * readable by a write's If-Match, the representation (who reads, format, CRS; GeoJSON and JSON are the same bytes)
     * telling apart what a cache keeps.
     */
    private static String etag(Collection coll, String version, Viewer viewer, String format, Crs crs) {
        String representation = Etags.of(viewer.visibilityKey(), format.equals("geojson") ? "json" : format, crs.uri());
        return "\"" + coll.rules().table().kind() + "." + version + "." + representation.substring(1, 17) + "\"";
    }

    private static Written written(Connection c, Collection coll, String featureId, Viewer viewer) throws SQLException {
        String version = coll.store().version(c, coll.store().key(featureId)).orElseThrow();
        return new Written(featureId, etag(coll, version, viewer, "json", Crs.CRS84));
    }

    private Collection writable(String collectionId, Viewer viewer) {
        Collection coll = collections.get(collectionId);
        if (coll == null) {
            throw new IllegalArgumentException("not an editable collection: " + collectionId);
        }
        if (!coll.rules().writableBy(viewer)) {
            throw new ForbiddenException(coll.rules().writers());
        }
        return coll;
    }

    /** The table's key of a feature id; none when the id cannot be one (a word where a number is): it names no feature. */
    private static Optional<Object> key(Collection coll, String featureId) {
        try {
            return Optional.of(coll.store().key(featureId));
        } catch (NumberFormatException notANumber) {
            return Optional.empty();
        }
    }

    private static Idempotency.Answer changed(Written w) {
        return new Idempotency.Answer(204, "", w.etag());
    }

    private static String shorten(String id) {
        return id.substring(0, Math.min(40, id.length()));
    }
}
