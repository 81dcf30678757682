package org.communeatlas.floods.closures;

import io.javalin.http.Context;
import java.sql.SQLException;
import java.util.Set;
import org.communeatlas.core.Values;
import org.communeatlas.db.Idempotency;
import org.communeatlas.web.Body;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code PATCH /api/roads/{id}} {@code {"closed": true|false, "reason": "..."}}: an officer closes a road segment or
 * opens it again; {@code GET /api/roads/closed}: the roads closed now.
 */
public final class RoadClosureController {

    static final int MAX_REASON = 200;

    private final RoadClosureService closures;

    public RoadClosureController(RoadClosureService closures) {
        this.closures = closures;
    }

    public void patch(Context ctx) throws SQLException {
        Body body = Body.of(ctx, Set.of("closed", "reason"), "unknown field; a road takes closed and reason");
        boolean closed = body.bool("closed", "true to close the road, false to open it again")
                .orElseThrow(() -> ProblemException.badParameter("closed", "true to close the road, false to open it again"));
        String reason = body.text("reason", MAX_REASON).orElse(closed ? "ngập" : null);
        Idempotency.Keyed<ClosureResult> result = closures.set(Params.pathId(ctx, "id"), !closed, reason, Requests.viewer(ctx),
                Requests.address(ctx), Requests.idempotency(ctx));
        ctx.header("Cache-Control", "private, no-store");
        Json.sendChange(ctx, result);
    }

    /** {@code GET /api/roads/nearest?lon=&lat=}: the segment under an officer's tap (within 200 m). */
    public void nearest(Context ctx) throws SQLException {
        Params.known(ctx, "lon", "lat");
        double lon = coordinate(ctx, "lon", 102, 110);
        double lat = coordinate(ctx, "lat", 8, 24);
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, closures.nearest(lon, lat, 200));
    }

    private static double coordinate(Context ctx, String name, double min, double max) {
        double v = Values.parseDouble(name, Params.single(ctx, name)
                .orElseThrow(() -> ProblemException.badParameter(name, "required: a " + name + " in degrees (WGS 84)")));
        if (v < min || v > max) {
            throw ProblemException.badParameter(name, "from " + (int) min + " to " + (int) max + " degrees (in Việt Nam)");
        }
        return v;
    }

    public void closed(Context ctx) throws SQLException {
        Params.known(ctx);
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, closures.closed());
    }
}
