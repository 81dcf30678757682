package org.communeatlas.floods.timeline;

import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.communeatlas.data.Csv;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.Requests;

/** {@code GET /api/floods/{id}/timeline} (JSON) and {@code /timeline.csv}: the flood's events in time order, for officers and admins. */
public final class TimelineController {

    static final int MAX = 100_000;

    private final TimelineService timelines;

    public TimelineController(TimelineService timelines) {
        this.timelines = timelines;
    }

    public void json(Context ctx) throws Exception {
        Params.known(ctx, "limit");
        List<TimelineEntry> entries = entries(ctx);
        ctx.header("Cache-Control", "private, no-store");
        Json.send(ctx, entries);
    }

    public void csv(Context ctx) throws Exception {
        Params.known(ctx, "limit");
        List<TimelineEntry> entries = entries(ctx);
        ctx.header("Cache-Control", "private, no-store");
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"flood-" + Params.intPathId(ctx, "id", "flood event") + "-timeline.csv\"");
        OutputStreamWriter out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
        out.write('\ufeff'); // a byte-order mark: a spreadsheet reads the Vietnamese as UTF-8 by it
        try (Csv.RowWriter w = Csv.sheetWriter(out)) {
            w.write("Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Mã", "Trước", "Sau");
            for (TimelineEntry e : entries) {
                w.write(e.at(), e.username(), e.action(), e.entity(), e.entityId(), e.before(), e.after());
            }
        }
    }

    private List<TimelineEntry> entries(Context ctx) throws Exception {
        return timelines.timeline(Params.intPathId(ctx, "id", "flood event"), Params.intParam(ctx, "limit", 10_000, 1, MAX), Requests.viewer(ctx));
    }
}
