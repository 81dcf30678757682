package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.geo.Crs;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code POST /ogc/collections/{c}/items}, {@code PUT}, {@code PATCH} (JSON merge patch) and {@code DELETE}
 * {@code /ogc/collections/{c}/items/{featureId}} for the editable collections (households, evacuation points): GeoJSON
 * in, Location and ETag out. Other collections are read only here (405). The body's coordinates are in CRS84 unless
 * {@code Content-Crs} names another offered CRS.
 */
public final class FeatureEditController {

    private final Map<String, FeatureEdits> editable;

    public FeatureEditController(Map<String, FeatureEdits> editable) {
        this.editable = editable;
    }

    public void create(Context ctx) throws SQLException {
        FeatureEdits.Written w = editable(ctx).create(feature(ctx, false), srid(ctx), Requests.viewer(ctx), Requests.address(ctx));
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/ogc/collections/" + ctx.pathParam("collectionId") + "/items/" + w.id());
        ctx.header("ETag", w.etag());
        ctx.header("Cache-Control", "no-store");
    }

    public void replace(Context ctx) throws SQLException {
        written(ctx, editable(ctx).replace(id(ctx), feature(ctx, false), srid(ctx), ctx.header("If-Match"), Requests.viewer(ctx), Requests.address(ctx)));
    }

    public void update(Context ctx) throws SQLException {
        written(ctx, editable(ctx).update(id(ctx), feature(ctx, true), srid(ctx), ctx.header("If-Match"), Requests.viewer(ctx), Requests.address(ctx)));
    }

    public void delete(Context ctx) throws SQLException {
        editable(ctx).delete(id(ctx), ctx.header("If-Match"), Requests.viewer(ctx), Requests.address(ctx));
        ctx.status(204);
    }

    private static void written(Context ctx, FeatureEdits.Written w) {
        ctx.status(204);
        ctx.header("ETag", w.etag());
        ctx.header("Cache-Control", "no-store");
    }

    private FeatureEdits editable(Context ctx) {
        FeatureEdits edits = editable.get(ctx.pathParam("collectionId"));
        if (edits == null) {
            ctx.header("Allow", "GET, HEAD");
            throw new ProblemException(405, "about:blank", "Method Not Allowed", "Collection '" + Params.shorten(ctx.pathParam("collectionId"))
                    + "' is read only here; " + String.join(" and ", editable.keySet()) + " can be written", "collectionId");
        }
        return edits;
    }

    private static String id(Context ctx) {
        return ctx.pathParam("featureId");
    }

    /** A GeoJSON Feature (or, for a merge patch, any object holding some of one). */
    private static JsonNode feature(Context ctx, boolean patch) {
        if (patch) {
            return Requests.jsonBody(ctx, "Send a JSON merge patch (application/merge-patch+json)", "application/merge-patch+json", "application/json");
        }
        JsonNode body = Requests.jsonBody(ctx, "Send a GeoJSON Feature (application/geo+json)", "application/geo+json", "application/json");
        if (!"Feature".equals(body.path("type").asText())) {
            throw ProblemException.badBody("expected a GeoJSON Feature");
        }
        return body;
    }

    /** The CRS of the body's coordinates: Content-Crs, as Part 2 names it, or CRS84. */
    private static Crs srid(Context ctx) {
        Optional<String> uri = Optional.ofNullable(ctx.header("Content-Crs")).map(h -> h.strip().replaceAll("^<|>$", ""));
        return Crs.parse("Content-Crs", uri);
    }
}
