package org.communeatlas.floods.plan;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.data.Csv;
import org.communeatlas.floods.impact.NeedsProfile;

/**
 * A stored plan written out: the whole plan as JSON, one row per household as CSV, and GeoJSON (a line per
 * household along its route, a point per household to rescue). Rows are streamed from the database and written
 * as they come: a plan for 100,000 households is never held as objects.
 */
public final class PlanExports {

    private final PlanStore store;

    PlanExports(PlanStore store) {
        this.store = store;
    }

    /** The header, the sites, the assignments and the households to rescue by boat. */
    public void json(int planId, Viewer viewer, OutputStream out) throws SQLException, IOException {
        JsonNode header = JsonCodec.MAPPER.valueToTree(store.header(planId));
        List<PlanSite> sites = store.sites(planId, null);
        List<NeedsProfile.Item> needs = store.needs();
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.setCodec(JsonCodec.MAPPER);
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                g.writeObjectField(e.getKey(), e.getValue());
            }
            g.writeObjectField("sites", sites);
            g.writeArrayFieldStart("assignments");
            store.rows(planId, viewer, null, true, r -> {
                g.writeStartObject();
                household(g, r);
                g.writeNumberField("site_id", r.siteId());
                g.writeNumberField("distance_m", Math.round(r.distanceM()));
                g.writeNumberField("water_m", Math.round(r.waterM()));
                if (r.alarmLevel() != null) {
                    g.writeNumberField("alarm_level", r.alarmLevel());
                }
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeArrayFieldStart("unassigned_households");
            store.rows(planId, viewer, null, false, r -> {
                g.writeStartObject();
                household(g, r);
                g.writeStringField("unassigned", r.unassigned());
                g.writeNumberField("lon", r.lon());
                g.writeNumberField("lat", r.lat());
                g.writeObjectField("needs", NeedsProfile.quantities(needs, r.members()));
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void household(JsonGenerator g, PlanRow r) throws IOException {
        g.writeNumberField("household_id", r.householdId());
        if (r.personal()) {
            g.writeStringField("code", r.code());
            g.writeStringField("head_name", r.headName());
            g.writeStringField("phone", r.phone());
            g.writeBooleanField("vulnerable", Boolean.TRUE.equals(r.vulnerable()));
        }
        g.writeStringField("village_code", r.villageCode());
        g.writeStringField("commune_code", r.communeCode());
        g.writeNumberField("members", r.members());
        g.writeStringField("reason", r.reason());
    }

    /** The CSV's columns: the names scripts read ({@code lang=en}), and the Vietnamese headers officials read (the default). */
    private static final List<String> COLUMNS = List.of("household_id", "village_code", "village_name", "commune_code", "commune_name", "members",
            "reason", "site_id", "distance_m", "water_m", "unassigned", "lon", "lat");
    private static final List<String> COLUMNS_VI = List.of("Số hộ", "Mã thôn", "Thôn", "Mã xã", "Xã", "Số người", "Lý do sơ tán",
            "Mã điểm sơ tán", "Quãng đường (m)", "Lội nước (m)", "Chưa xếp được", "Kinh độ", "Vĩ độ");
    private static final List<String> PERSONAL = List.of("code", "head_name", "phone", "vulnerable");
    private static final List<String> PERSONAL_VI = List.of("Mã hộ", "Chủ hộ", "Số điện thoại", "Có người dễ tổn thương");
    /** The plan's codes as officials read them. */
    private static final java.util.Map<String, String> WORDS_VI = java.util.Map.of("flooded", "ngập", "isolated", "bị cô lập",
            "weak_house", "nhà yếu", "no_dry_route", "không có đường khô", "no_room", "hết chỗ");

    /**
     * One row per household; the personal columns only for viewers who may see personal data at all. For people
     * ({@code english} false): a byte-order mark (Excel reads UTF-8 by it), Vietnamese headers and words; otherwise the
     * column names and codes scripts read.
     */
    public void csv(int planId, Viewer viewer, Writer out, boolean english) throws SQLException, IOException {
        if (!english) {
            out.write('\ufeff');
        }
        Csv.RowWriter csv = Csv.sheetWriter(out);
        boolean personal = viewer.seesPersonalData();
        List<Object> header = new ArrayList<>(english ? COLUMNS : COLUMNS_VI);
        if (personal) {
            header.addAll(english ? PERSONAL : PERSONAL_VI);
        }
        csv.write(header.toArray());
        java.util.function.Function<String, String> word = w -> english || w == null ? w : WORDS_VI.getOrDefault(w, w);
        store.rows(planId, viewer, null, null, r -> {
            List<Object> v = new ArrayList<>(List.of(r.householdId(), r.villageCode(), r.villageName(), r.communeCode(), r.communeName(),
                    r.members(), word.apply(r.reason())));
            v.add(r.siteId());
            v.add(r.distanceM() == null ? null : Math.round(r.distanceM()));
            v.add(r.waterM() == null ? null : Math.round(r.waterM()));
            v.add(word.apply(r.unassigned()));
            v.add(r.lon());
            v.add(r.lat());
            if (personal) {
                v.add(r.code());
                v.add(r.headName());
                v.add(r.phone());
                v.add(english ? r.vulnerable() : Boolean.TRUE.equals(r.vulnerable()) ? "có" : "");
            }
            csv.write(v.toArray());
        });
        csv.close();
    }

    /** A LineString per assigned household along its route, a Point per household without a site. */
    public void geojson(int planId, Viewer viewer, OutputStream out) throws SQLException, IOException {
        try (JsonGenerator g = JsonCodec.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            store.routeFeatures(planId, viewer, f -> {
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeNumberField("id", f.householdId());
                g.writeObjectFieldStart("properties");
                g.writeNumberField("household_id", f.householdId());
                g.writeStringField("village_code", f.villageCode());
                g.writeNumberField("members", f.members());
                g.writeStringField("reason", f.reason());
                if (f.siteId() != null) {
                    g.writeNumberField("site_id", f.siteId());
                    g.writeStringField("site_code", f.siteCode());
                    g.writeNumberField("distance_m", Math.round(f.distanceM()));
                    g.writeNumberField("water_m", Math.round(f.waterM()));
                } else {
                    g.writeStringField("unassigned", f.unassigned());
                }
                if (f.personal()) {
                    g.writeStringField("head_name", f.headName());
                    g.writeStringField("phone", f.phone());
                }
                g.writeEndObject();
                g.writeFieldName("geometry");
                g.writeRawValue(f.geometryJson());
                g.writeEndObject();
            });
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    /** The route trees for the map. */
    public byte[] routes(int planId) throws SQLException {
        return store.routeTrees(planId);
    }
}
