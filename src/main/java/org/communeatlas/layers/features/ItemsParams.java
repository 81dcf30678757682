package org.communeatlas.layers.features;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.core.Values;
import org.communeatlas.geo.Crs;
import org.communeatlas.layers.Layer;
import org.communeatlas.layers.Layer.Property;
import org.communeatlas.layers.cql.CqlTranslator;
import org.communeatlas.layers.cql.SqlFragment;
import org.communeatlas.web.Params;

/**
 * The query parameters of {@code /ogc/collections/{id}/items}, each parsed by its own small function with
 * its bounds, turned into one SQL condition. Unknown parameters are refused (OGC API Features
 * /req/core/query-param-unknown), so a misspelt filter never silently returns everything.
 */
public final class ItemsParams {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 10_000;
    public static final String CRS84 = Crs.CRS84.uri();
    static final Set<String> FIXED = Set.of("f", "bbox", "bbox-crs", "limit", "offset", "properties", "filter", "filter-lang",
            "filter-crs", "datetime", "crs");
    private static final int MAX_FILTER = 20_000;

    public final int limit;
    public final int offset;
    public final List<Property> properties;
    public final SqlFragment where;
    /** The CRS the features are written in ({@code crs}). */
    public final Crs crs;

    private ItemsParams(int limit, int offset, List<Property> properties, SqlFragment where, Crs crs) {
        this.limit = limit;
        this.offset = offset;
        this.properties = properties;
        this.where = where;
        this.crs = crs;
    }

    public static ItemsParams parse(Context ctx, Layer layer, Viewer viewer) {
        List<Property> queryables = FeatureSql.queryable(layer, viewer);
        Set<String> queryableNames = new LinkedHashSet<>();
        queryables.forEach(q -> queryableNames.add(q.name()));
        for (String name : ctx.queryParamMap().keySet()) {
            if (!FIXED.contains(name) && !queryableNames.contains(name)) {
                Set<String> known = new TreeSet<>(FIXED);
                known.addAll(queryableNames);
                throw InvalidInputException.field(name, "unknown parameter; known ones are " + String.join(", ", known));
            }
        }
        int limit = Params.clampedInt(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = Params.intParam(ctx, "offset", 0, 0, 1_000_000_000);
        Crs bboxCrs = Crs.parse("bbox-crs", Params.single(ctx, "bbox-crs"));
        Crs crs = Crs.parse("crs", Params.single(ctx, "crs"));
        filterCrs(ctx);
        datetime(ctx);
        double[] bbox = Params.single(ctx, "bbox").map(text -> bbox(text, bboxCrs)).orElse(null);

        List<String> sql = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        if (bbox != null) {
            SqlFragment within = bboxCondition(bbox, bboxCrs);
            sql.add(within.sql());
            params.addAll(within.params());
        }
        for (Property q : queryables) {
            var value = Params.single(ctx, q.name());
            if (value.isPresent()) {
                sql.add(q.expr() + " = ?");
                params.add(typed(q, value.get()));
            }
        }
        var filter = singleLong(ctx, "filter");
        if (filter.isPresent()) {
            String lang = Params.single(ctx, "filter-lang").orElse("cql2-text");
            if (!lang.equals("cql2-text")) {
                throw InvalidInputException.field("filter-lang", "only cql2-text is supported, not '" + Messages.shorten(lang) + "'");
            }
            SqlFragment f = CqlTranslator.forLayer(layer, queryables).translate(filter.get());
            sql.add(f.sql());
            params.addAll(f.params());
        } else if (Params.single(ctx, "filter-lang").isPresent()) {
            Params.single(ctx, "filter-lang").filter(l -> l.equals("cql2-text"))
                    .orElseThrow(() -> InvalidInputException.field("filter-lang", "only cql2-text is supported"));
        }
        SqlFragment where = sql.isEmpty() ? SqlFragment.TRUE : new SqlFragment(String.join(" AND ", sql), params);
        return new ItemsParams(limit, offset, properties(ctx, layer, viewer), where, crs);
    }

    /** The properties to return: all the viewer may see, or the subset named by {@code properties}. */
    static List<Property> properties(Context ctx, Layer layer, Viewer viewer) {
        List<Property> visible = FeatureSql.visible(layer, viewer);
        var wanted = Params.single(ctx, "properties");
        if (wanted.isEmpty()) {
            return visible;
        }
        List<Property> out = new ArrayList<>();
        for (String name : wanted.get().split(",")) {
            String n = name.trim();
            Property p = visible.stream().filter(v -> v.name().equals(n)).findFirst().orElseThrow(() ->
                    InvalidInputException.field("properties", "no property '" + Messages.shorten(n) + "'; properties are "
                            + String.join(", ", visible.stream().map(Property::name).toList())));
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * A bbox in its CRS's axis order, returned as [west or min x, south or min y, east or max x, north or max y]. In a
     * geographic CRS a west edge east of the east edge spans the antimeridian (/req/core/fc-bbox-definition).
     */
    static double[] bbox(String text, Crs crs) {
        String[] parts = text.split(",");
        if (parts.length != 4 && parts.length != 6) {
            throw InvalidInputException.field("bbox", "give 4 numbers (" + corners(crs) + "), got " + parts.length);
        }
        double[] n = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            n[i] = Values.parseDouble("bbox", parts[i]);
        }
        double[] b = parts.length == 4 ? n : new double[] {n[0], n[1], n[3], n[4]};
        if (crs.latFirst()) {
            b = new double[] {b[1], b[0], b[3], b[2]};
        }
        if (crs.geographic() && (b[0] < -180 || b[0] > 180 || b[2] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)) {
            throw InvalidInputException.field("bbox", "longitudes must lie in [-180, 180] and latitudes in [-90, 90] (" + corners(crs) + ")");
        }
        if (b[1] > b[3] || (!crs.geographic() && b[0] > b[2])) {
            throw InvalidInputException.field("bbox", "the lower corner must come first: " + corners(crs));
        }
        return b;
    }

    private static String corners(Crs crs) {
        if (!crs.geographic()) {
            return "min easting, min northing, max easting, max northing in " + crs.uri();
        }
        return crs.latFirst() ? "min lat, min lon, max lat, max lon for EPSG:4326" : "min lon, min lat, max lon, max lat (CRS84)";
    }

    /** Features meeting the box: PostGIS reprojects a projected box; one crossing the antimeridian is two boxes. */
    static SqlFragment bboxCondition(double[] b, Crs crs) {
        if (!crs.geographic()) {
            return new SqlFragment("ST_Intersects(" + Layer.GEOM + ", ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, " + crs.srid() + "), 4326))",
                    List.of(b[0], b[1], b[2], b[3]));
        }
        if (b[0] <= b[2]) {
            return new SqlFragment("ST_Intersects(" + Layer.GEOM + ", ST_MakeEnvelope(?, ?, ?, ?, 4326))", List.of(b[0], b[1], b[2], b[3]));
        }
        return new SqlFragment("(ST_Intersects(" + Layer.GEOM + ", ST_MakeEnvelope(?, ?, 180, ?, 4326)) OR ST_Intersects(" + Layer.GEOM
                + ", ST_MakeEnvelope(-180, ?, ?, ?, 4326)))", List.of(b[0], b[1], b[3], b[1], b[2], b[3]));
    }

    private static Object typed(Property p, String value) {
        return switch (p.type()) {
            case INTEGER -> Values.parseLong(p.name(), value, Long.MIN_VALUE, Long.MAX_VALUE);
            case NUMBER -> java.math.BigDecimal.valueOf(Values.parseDouble(p.name(), value));
            case BOOLEAN -> switch (value) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw InvalidInputException.field(p.name(), "'" + Messages.shorten(value) + "' is not true or false");
            };
            case DATE -> Values.parseDate(p.name(), value);
            default -> value;
        };
    }

    /** Geometries in a CQL2 filter are read as CRS84 only. */
    private static void filterCrs(Context ctx) {
        Params.single(ctx, "filter-crs").ifPresent(v -> {
            if (!v.equals(CRS84) && !v.equals("[OGC:CRS84]")) {
                throw InvalidInputException.field("filter-crs", "only " + CRS84 + " is supported for filters");
            }
        });
    }

    /** Accepted and checked (RFC 3339 instant or interval); the layers have no time dimension to filter. */
    private static void datetime(Context ctx) {
        Params.single(ctx, "datetime").ifPresent(v -> {
            for (String part : v.split("/", -1)) {
                if (part.equals("..") || part.isEmpty()) {
                    continue;
                }
                try {
                    if (part.length() == 10) {
                        java.time.LocalDate.parse(part);
                    } else {
                        java.time.OffsetDateTime.parse(part);
                    }
                } catch (java.time.format.DateTimeParseException e) {
                    throw InvalidInputException.field("datetime", "'" + Messages.shorten(part) + "' is not an RFC 3339 date or date-time");
                }
            }
        });
    }

    private static java.util.Optional<String> singleLong(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty() || values.get(0).isBlank()) {
            return java.util.Optional.empty();
        }
        if (values.size() > 1) {
            throw InvalidInputException.field(name, "given " + values.size() + " times; give it once");
        }
        if (values.get(0).length() > MAX_FILTER) {
            throw InvalidInputException.field(name, "longer than " + MAX_FILTER + " characters");
        }
        return java.util.Optional.of(values.get(0));
    }

    /** The canonical form of the query, for ETags: parameters sorted, as given. */
    public static String canonical(Map<String, List<String>> query) {
        StringBuilder sb = new StringBuilder();
        new TreeSet<>(query.keySet()).forEach(k -> sb.append(k).append('=').append(query.get(k)).append('&'));
        return sb.toString();
    }
}
