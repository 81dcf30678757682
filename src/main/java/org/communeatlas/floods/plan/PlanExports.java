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
import org.communeatlas.floods.NeedsProfile;

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

    /** One row per household; the personal columns only for viewers who may see personal data at all. */
    public void csv(int planId, Viewer viewer, Writer out) throws SQLException, IOException {
        Csv.RowWriter csv = Csv.sheetWriter(out);
        boolean personal = viewer.seesPersonalData();
        List<Object> header = new ArrayList<>(List.of("household_id", "village_code", "village_name", "commune_code", "commune_name", "members",
                "reason", "site_id", "distance_m", "water_m", "unassigned", "lon", "lat"));
        if (personal) {
            header.addAll(List.of("code", "head_name", "phone", "vulnerable"));
        }
        csv.write(header.toArray());
        store.rows(planId, viewer, null, null, r -> {
            List<Object> v = new ArrayList<>(List.of(r.householdId(), r.villageCode(), r.villageName(), r.communeCode(), r.communeName(),
                    r.members(), r.reason()));
            v.add(r.siteId());
            v.add(r.distanceM() == null ? null : Math.round(r.distanceM()));
            v.add(r.waterM() == null ? null : Math.round(r.waterM()));
            v.add(r.unassigned());
            v.add(r.lon());
            v.add(r.lat());
            if (personal) {
                v.add(r.code());
                v.add(r.headName());
                v.add(r.phone());
                v.add(r.vulnerable());
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
