package org.communeatlas.layers.features;

import java.util.ArrayList;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.geo.Crs;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.cql.SqlFragment;

/**
 * The SQL of a layer's features for one request: PostGIS writes each feature's GeoJSON (the server never
 * decodes geometries it only passes through), the order is total (by feature id) so pages are stable and
 * responses byte-identical for the same data. Personal properties appear only for viewers allowed to see
 * them, and for officers only on the rows of their own communes.
 */
public final class FeatureSql {

    private final Layer layer;
    private final List<Property> selected;
    private final Viewer viewer;
    private final Crs crs;

    /** Features in CRS84, as stored. */
    public FeatureSql(Layer layer, List<Property> selected, Viewer viewer) {
        this(layer, selected, viewer, Crs.CRS84);
    }

    /**
     * @param layer    the layer
     * @param selected the properties to return, already checked against what the viewer may see
     * @param viewer   who asks
     * @param crs      the CRS the geometries are written in
     */
    public FeatureSql(Layer layer, List<Property> selected, Viewer viewer, Crs crs) {
        this.layer = layer;
        this.selected = selected;
        this.viewer = viewer;
        this.crs = crs;
    }

    /** Properties a viewer may see on this layer (public ones, and personal ones if allowed anywhere). */
    public static List<Property> visible(Layer layer, Viewer viewer) {
        return layer.properties().stream().filter(p -> !p.restricted() || (viewer.seesPersonalData() && layer.communeExpr() != null)).toList();
    }

    /** Properties a viewer may filter on: personal data only for admins (a filter on names would reveal them by count). */
    public static List<Property> queryable(Layer layer, Viewer viewer) {
        return layer.properties().stream().filter(Property::queryable).filter(p -> !p.restricted() || viewer.isAdmin()).toList();
    }

    /**
     * One GeoJSON Feature as text per row. The page's ids are chosen first, so the properties (some of
     * them subqueries) are computed for the rows returned only, not for the rows an offset skips.
     */
    public SqlFragment features(SqlFragment where, int limit, int offset) {
        List<Object> params = new ArrayList<>(where.params());
        params.add(limit);
        params.add(offset);
        String page = "SELECT " + layer.idExpr() + " AS page_id FROM " + layer.from()
                + " WHERE (" + layer.where() + ") AND (" + where.sql() + ") ORDER BY " + layer.idExpr() + " LIMIT ? OFFSET ?";
        String props = jsonProperties(params);
        // row_to_json writes compact JSON (json_build_object pads every colon with spaces)
        String sql = "WITH page AS MATERIALIZED (" + page + ") "
                + "SELECT row_to_json(f)::text FROM (SELECT 'Feature' AS type, " + layer.idExpr() + " AS id, "
                // options 0: no "crs" member (GeoJSON has none; the Content-Crs header says it)
                + "ST_AsGeoJSON(" + crs.geometry(Layer.GEOM) + ", " + crs.decimals() + ", 0)::json AS geometry, " + props + " AS properties"
                + " FROM " + layer.from() + " JOIN page ON page.page_id = " + layer.idExpr()
                + " WHERE " + layer.where() + ") f ORDER BY f.id";
        return new SqlFragment(sql, params);
    }

    /** Rows for CSV: the id, each property, the geometry as WKT. */
    public SqlFragment csv(SqlFragment where, int limit, int offset) {
        List<Object> params = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        columns.add(layer.idExpr() + "::text");
        for (Property p : selected) {
            columns.add(value(p, params) + "::text");
        }
        columns.add("ST_AsText(" + crs.geometry(Layer.GEOM) + ", " + crs.decimals() + ")");
        params.addAll(where.params());
        params.add(limit);
        params.add(offset);
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + layer.from()
                + " WHERE (" + layer.where() + ") AND (" + where.sql() + ") ORDER BY " + layer.idExpr() + " LIMIT ? OFFSET ?";
        return new SqlFragment(sql, params);
    }

    public SqlFragment count(SqlFragment where) {
        return new SqlFragment("SELECT count(*) FROM " + layer.from() + " WHERE (" + layer.where() + ") AND (" + where.sql() + ")",
                where.params());
    }

    /** The condition selecting one feature by its id. */
    public SqlFragment idEquals(Object id) {
        return new SqlFragment(layer.idExpr() + " = ?", List.of(id));
    }

    public List<Property> selected() {
        return selected;
    }

    private String jsonProperties(List<Object> params) {
        if (selected.isEmpty()) {
            return "'{}'::json";
        }
        List<String> columns = new ArrayList<>();
        for (Property p : selected) {
            columns.add(value(p, params) + " AS \"" + p.name() + "\"");
        }
        return "(SELECT row_to_json(p) FROM (SELECT " + String.join(", ", columns) + ") p)";
    }

    /** A property's SQL; a personal one only where this viewer may see it, NULL elsewhere. */
    private String value(Property p, List<Object> params) {
        if (!p.restricted() || viewer.isAdmin()) {
            return p.expr();
        }
        if (viewer.seesPersonalData() && layer.communeExpr() != null) {
            params.add(viewer.communeIds().toArray(Integer[]::new));
            return "CASE WHEN " + layer.communeExpr() + " = ANY(?) THEN " + p.expr() + " END";
        }
        return "NULL";
    }
}
