package org.communeatlas.search;

import io.javalin.http.Context;
import java.util.Map;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;

/** {@code GET /api/labels?level=}: a point inside each unit to write its name at (ST_PointOnSurface). */
public final class LabelController {

    private final SearchService search;

    public LabelController(SearchService search) {
        this.search = search;
    }

    public void labels(Context ctx) throws Exception {
        String level = Params.oneOf(ctx, "level", SearchService.labelLevels(), "commune");
        var labels = search.labels(level);
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, Map.of("level", level, "labels", labels));
    }
}
