package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.InvalidInputException;

/**
 * Evacuation points: a site belongs to its commune's officers; its capacity is never below the people sheltered or
 * expected there; occupancy moves only with check-ins on the map; a site households depend on (checked in, sent there
 * by a plan) is closed, never deleted under them.
 */
final class EvacuationPointRules extends EditRules {

    private static final EditableTable TABLE = new EditableTable("evacuation_point", "điểm sơ tán", "evacuation_point", "id",
            "evacuation_point t JOIN admin_unit a ON a.id = t.commune_id", "t.commune_id",
            "'code', t.code, 'name', t.name, 'kind', t.kind, 'commune_code', a.code, 'capacity_day', t.capacity_day, "
                    + "'capacity_night', t.capacity_night, 'is_open', t.is_open, 'elevation_m', t.elevation_m",
            "'people', t.occupancy + t.reserved, 'occupancy', t.occupancy, 'reserved', t.reserved",
            List.of("code", "name", "kind", "commune_id", "capacity_day", "capacity_night", "is_open", "elevation_m"),
            EditableTable.Shape.POINT, false);

    EvacuationPointRules() {
        super(TABLE, "evacuation_points", Map.of("is_open", true),
                Map.of("occupancy", "số người ở điểm đổi khi hộ đến hoặc rời điểm trên bản đồ, hoặc khi tổ báo cáo điểm (PATCH /api/sites/{id})",
                        "reserved", "chỗ giữ trước đổi theo kế hoạch sơ tán"));
    }

    @Override
    void checkWrite(Connection c, FeatureRowStore.Current now, Map<String, Object> columns) {
        int people = now == null ? 0 : now.facts().path("people").asInt();
        if (Math.max((Long) columns.get("capacity_day"), (Long) columns.get("capacity_night")) < people) {
            throw InvalidInputException.field("capacity_day", "nhỏ hơn số người đang ở hoặc sắp tới điểm (" + people + ")");
        }
    }

    @Override
    void checkDelete(Connection c, FeatureRowStore.Current now) throws SQLException {
        if (now.facts().path("people").asInt() > 0 || Dependents.siteInUse(c, now.id())) {
            throw new ConflictException("Có hộ đang ở điểm này hoặc được kế hoạch đưa tới: không xóa được; hãy đóng điểm (is_open false)");
        }
        Optional<Dependents.PlanUse> plan = Dependents.newestPlanUsing(c, now.id());
        if (plan.isPresent()) {
            throw new ConflictException("Kế hoạch sơ tán số " + plan.get().planId() + " (" + plan.get().flood() + ") đưa "
                    + plan.get().households() + " hộ tới điểm này: không xóa được. Hãy đóng điểm (is_open false) rồi lập lại kế hoạch "
                    + "(giữ ổn định) để chuyển các hộ sang điểm khác.");
        }
    }
}
