package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Optional;
import org.communeatlas.core.Messages;
import org.communeatlas.db.Idempotency;
import org.communeatlas.geo.Crs;
import org.communeatlas.web.Json;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code POST /ogc/collections/{c}/items}, {@code PUT}, {@code PATCH} (JSON merge patch) and {@code DELETE}
 * {@code /ogc/collections/{c}/items/{featureId}} for the editable collections: GeoJSON in, Location and ETag out, an
 * Idempotency-Key's first answer given again. Other collections are read only here (405). The body's coordinates are
 * in CRS84 unless {@code Content-Crs} names another offered CRS.
 */
public final class FeatureEditController {

    private final FeatureEditService edits;

    public FeatureEditController(FeatureEditService edits) {
        this.edits = edits;
    }

    public void create(Context ctx) throws SQLException {
        Idempotency.Keyed<FeatureEditService.Written> w = edits.create(collection(ctx), feature(ctx, false), crs(ctx), Requests.viewer(ctx),
                Requests.address(ctx), Requests.idempotency(ctx));
        if (w.replayed() != null) {
            Json.sendReplay(ctx, w.replayed());
            return;
        }
        ctx.status(201);
        ctx.header("Location", Requests.base(ctx) + "/ogc/collections/" + ctx.pathParam("collectionId") + "/items/" + w.result().id());
        ctx.header("ETag", w.result().etag());
        ctx.header("Cache-Control", "no-store");
    }

    public void replace(Context ctx) throws SQLException {
        written(ctx, edits.replace(collection(ctx), id(ctx), feature(ctx, false), crs(ctx), ctx.header("If-Match"), Requests.viewer(ctx),
                Requests.address(ctx), Requests.idempotency(ctx)));
    }

    public void update(Context ctx) throws SQLException {
        written(ctx, edits.update(collection(ctx), id(ctx), feature(ctx, true), crs(ctx), ctx.header("If-Match"), Requests.viewer(ctx),
                Requests.address(ctx), Requests.idempotency(ctx)));
    }

    public void delete(Context ctx) throws SQLException {
        Idempotency.Keyed<Void> done = edits.delete(collection(ctx), id(ctx), ctx.header("If-Match"), Requests.viewer(ctx), Requests.address(ctx),
                Requests.idempotency(ctx));
        if (done.replayed() != null) {
            Json.sendReplay(ctx, done.replayed());
            return;
        }
        ctx.status(204);
    }

    /** {@code OPTIONS} on the items or an item: {@code Allow} lists what the caller may do there. */
    public void options(Context ctx) {
        boolean item = ctx.pathParamMap().containsKey("featureId");
        ctx.header("Allow", String.join(", ", edits.allowed(ctx.pathParam("collectionId"), Requests.viewer(ctx), item)));
        ctx.header("Cache-Control", "private, no-store");
        ctx.status(204);
    }

    private static void written(Context ctx, Idempotency.Keyed<FeatureEditService.Written> w) {
        if (w.replayed() != null) {
            Json.sendReplay(ctx, w.replayed());
            return;
        }
        ctx.status(204);
        ctx.header("ETag", w.result().etag());
        ctx.header("Cache-Control", "no-store");
    }

    /** The collection written: one of the editable ones, else 405 with what this path allows. */
    private String collection(Context ctx) {
        String id = ctx.pathParam("collectionId");
        if (!edits.editable().contains(id)) {
            ctx.header("Allow", "GET, HEAD");
            throw new ProblemException(405, "about:blank", "Method Not Allowed", "Lớp '" + Messages.shorten(id) + "' chỉ đọc; ghi được: "
                    + String.join(", ", edits.editable()), "collectionId");
        }
        return id;
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
    private static Crs crs(Context ctx) {
        Optional<String> uri = Optional.ofNullable(ctx.header("Content-Crs")).map(h -> h.strip().replaceAll("^<|>$", ""));
        return Crs.parse("Content-Crs", uri);
    }
}
