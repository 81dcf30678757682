package org.communeatlas.floods.situation;

import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.data.Csv;
import org.communeatlas.gdal.Conversions;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;

/**
 * {@code GET /api/floods/{id}/situation}: the situation board as JSON (public: counts, sites and needs, never a family);
 * {@code .xlsx}: the same as a sheet for the committee's report — communes, then each site's deliveries for the day.
 */
public final class SituationController {

    private final SituationService situations;

    public SituationController(SituationService situations) {
        this.situations = situations;
    }

    public void json(Context ctx) throws Exception {
        Params.known(ctx);
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, situations.situation(floodId(ctx)));
    }

    /** {@code GET /api/floods/{id}/forces}: the models as on-the-spot forces in the villages at risk. */
    public void forces(Context ctx) throws Exception {
        Params.known(ctx);
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, situations.forces(floodId(ctx)));
    }

    public void xlsx(Context ctx) throws Exception {
        Params.known(ctx);
        int flood = floodId(ctx);
        Situation s = situations.situation(flood);
        ctx.header("Cache-Control", "no-cache");
        // two tables, two sheets: the communes at risk, and the sites with their people and deliveries
        FileSender.send(ctx, Conversions.xlsx("tinh-hinh-" + flood, List.of(
                new Conversions.Sheet("Tình hình", out -> {
                    try (Csv.RowWriter w = Csv.sheetWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                        w.write("Xã/phường", "Mã", "Hộ còn nguy hiểm", "Người còn nguy hiểm", "Người dễ tổn thương", "Hộ bị ngập", "Hộ bị cô lập",
                                "Hộ đã sơ tán", "Người đã sơ tán", "Yêu cầu cứu hộ đang mở");
                        for (Situation.Counts c : s.communes()) {
                            row(w, c);
                        }
                        row(w, s.total());
                    }
                }),
                new Conversions.Sheet("Điểm sơ tán", out -> {
                    try (Csv.RowWriter w = Csv.sheetWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                        List<Object> header = new ArrayList<>(List.of("Điểm sơ tán", "Mã", "Xã/phường", "Đang mở", "Sức chứa ngày", "Số người đang ở",
                                "Chỗ còn trống"));
                        s.deliveriesPerDay().forEach(d -> header.add(d.name() + " (" + d.unit() + (d.per().equals("day") ? "/ngày" : "") + ")"));
                        w.write(header.toArray());
                        for (Situation.Site p : s.sites()) {
                            List<Object> cells = new ArrayList<>(List.of(p.name(), p.code(), p.communeName(), p.isOpen() ? "có" : "không",
                                    p.capacityDay(), p.occupancy(), p.placesLeft()));
                            p.perDay().forEach(d -> cells.add(d.quantity()));
                            w.write(cells.toArray());
                        }
                    }
                }))));
    }

    private static void row(Csv.RowWriter w, Situation.Counts c) throws java.io.IOException {
        w.write(c.name(), c.code(), c.atRiskHouseholds(), c.atRiskPeople(), c.atRiskVulnerablePeople(), c.floodedHouseholds(),
                c.isolatedHouseholds(), c.shelteredHouseholds(), c.shelteredPeople(), c.openSos());
    }

    private static int floodId(Context ctx) {
        return Params.intPathId(ctx, "id", "flood event");
    }
}
