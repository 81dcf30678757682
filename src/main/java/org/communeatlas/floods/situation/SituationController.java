package org.communeatlas.floods.situation;

import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
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

    public void xlsx(Context ctx) throws Exception {
        Params.known(ctx);
        int flood = floodId(ctx);
        Situation s = situations.situation(flood);
        ctx.header("Cache-Control", "no-cache");
        FileSender.send(ctx, Conversions.xlsx("situation-" + flood, "Tình hình", out -> {
            PrintWriter w = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.println("Xã/phường,Mã,Hộ còn nguy hiểm,Người còn nguy hiểm,Người dễ tổn thương,Hộ bị ngập,Hộ bị cô lập,Hộ đã sơ tán,"
                    + "Người đã sơ tán,Yêu cầu cứu hộ đang mở");
            for (Situation.Counts c : s.communes()) {
                row(w, c);
            }
            row(w, s.total());
            w.println();
            w.println("Điểm sơ tán,Mã,Xã/phường,Đang mở,Sức chứa ngày,Số người đang ở,Chỗ còn trống,"
                    + s.deliveriesPerDay().stream().map(d -> csv(d.name() + " (" + d.unit() + (d.per().equals("day") ? "/ngày" : "") + ")"))
                            .collect(Collectors.joining(",")));
            for (Situation.Site p : s.sites()) {
                w.println(csv(p.name()) + "," + csv(p.code()) + "," + csv(p.communeName()) + "," + (p.isOpen() ? "có" : "không") + ","
                        + p.capacityDay() + "," + p.occupancy() + "," + p.placesLeft() + ","
                        + p.perDay().stream().map(d -> Long.toString(d.quantity())).collect(Collectors.joining(",")));
            }
            w.flush();
        }));
    }

    private static void row(PrintWriter w, Situation.Counts c) {
        w.println(csv(c.name()) + "," + csv(c.code()) + "," + c.atRiskHouseholds() + "," + c.atRiskPeople() + "," + c.atRiskVulnerablePeople() + ","
                + c.floodedHouseholds() + "," + c.isolatedHouseholds() + "," + c.shelteredHouseholds() + "," + c.shelteredPeople() + ","
                + c.openSos());
    }

    private static String csv(String v) {
        return v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static int floodId(Context ctx) {
        return Params.intPathId(ctx, "id", "flood event");
    }
}
