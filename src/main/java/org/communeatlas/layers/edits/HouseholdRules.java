package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.communeatlas.core.ConflictException;
import org.communeatlas.files.CheckedRow;

/**
 * Households: a household belongs to its village (and so to the village's commune's officers); the importer's checks
 * hold (vulnerable members not over the family's size); a family checked in at a site changes status only on the map,
 * where its place at the site moves with it, and is not deleted while there.
 */
final class HouseholdRules extends EditRules {

    private static final EditableTable TABLE = new EditableTable("household", "hộ", "household", "id",
            "household t JOIN village v ON v.id = t.village_id", "v.commune_id",
            "'code', t.code, 'village_code', v.code, 'head_name', t.head_name, 'phone', t.phone, 'members', t.members, 'elderly', t.elderly, "
                    + "'young_children', t.young_children, 'disabled', t.disabled, 'pregnant', t.pregnant, 'house_class', t.house_class, "
                    + "'ground_elevation_m', t.ground_elevation_m, 'status', t.status",
            "'site_id', t.site_id, 'status', t.status",
            List.of("code", "village_id", "head_name", "phone", "members", "elderly", "young_children", "disabled", "pregnant", "house_class",
                    "ground_elevation_m", "status"),
            EditableTable.Shape.POINT, true);

    HouseholdRules() {
        super(TABLE, "households",
                Map.of("elderly", 0L, "young_children", 0L, "disabled", 0L, "pregnant", 0L, "status", "safe"),
                Map.of("site_id", "hộ vào hoặc rời điểm sơ tán trên bản đồ (PATCH /api/households/{id})"));
    }

    @Override
    Place place(Connection c, CheckedRow row) throws SQLException {
        Places.Village village = Places.village(c, row.text("village_code"));
        return new Place(village.communeId(), Map.of("village_id", village.id()));
    }

    @Override
    void checkWrite(Connection c, FeatureRowStore.Current now, Map<String, Object> columns) {
        if (now != null && !now.facts().path("site_id").isNull() && !columns.get("status").equals(now.facts().path("status").asText())) {
            throw new ConflictException("Hộ đang ở một điểm sơ tán: đổi tình trạng của hộ trên bản đồ (trả hộ khỏi điểm)");
        }
    }

    @Override
    void checkDelete(Connection c, FeatureRowStore.Current now) {
        if (!now.facts().path("site_id").isNull()) {
            throw new ConflictException("Hộ đang ở một điểm sơ tán: trả hộ khỏi điểm trên bản đồ trước khi xóa");
        }
    }
}
