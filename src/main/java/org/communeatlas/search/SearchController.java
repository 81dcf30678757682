package org.communeatlas.search;

import io.javalin.http.Context;
import java.util.Map;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/** {@code GET /api/search?q=}: communes, villages and models by name, each with a bounding box to zoom to. */
public final class SearchController {

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    public void search(Context ctx) throws Exception {
        Params.known(ctx, "q", "limit");
        String q = Params.single(ctx, "q").map(String::strip).orElseThrow(() -> ProblemException.badParameter("q", "give some text to search for"));
        int limit = Params.intParam(ctx, "limit", 20, 1, 100);
        var results = search.search(q, limit);
        ctx.header("Cache-Control", "public, max-age=60");
        Json.send(ctx, Map.of("q", q, "results", results));
    }
}
