package org.communeatlas.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Household lists as communes keep them: one row per family, Vietnamese headers, a point each. */
final class HouseholdLayer extends NamedLayer {

    private static final List<String> VULNERABLE = List.of("elderly", "young_children", "disabled", "pregnant");

    HouseholdLayer() {
        super("households", "household", Shape.POINT);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã hộ", "Mã số hộ", "household_code"),
                Field.text("village_code", true, "Mã thôn", "Mã thôn, tổ", "Mã thôn/tổ dân phố", "village"),
                Field.text("head_name", false, "Họ và tên chủ hộ", "Họ tên chủ hộ", "Chủ hộ", "Tên chủ hộ"),
                Field.text("phone", false, "Số điện thoại", "Điện thoại", "SĐT", "SDT"),
                Field.integer("members", true, 1, 60, "Số nhân khẩu", "Nhân khẩu", "Số người", "Số khẩu"),
                Field.integer("elderly", false, 0, 60, "Người cao tuổi", "Số người cao tuổi"),
                Field.integer("young_children", false, 0, 60, "Trẻ em dưới 6 tuổi", "Trẻ dưới 6 tuổi", "Trẻ em"),
                Field.integer("disabled", false, 0, 60, "Người khuyết tật", "Số người khuyết tật"),
                Field.integer("pregnant", false, 0, 60, "Phụ nữ mang thai", "Số phụ nữ mang thai"),
                Field.integer("house_class", false, 1, 4, "Cấp nhà", "Loại nhà", "Cấp an toàn nhà"),
                Field.decimal("ground_elevation_m", false, -50, 3200, "Cao độ nền", "Cao độ nền (m)", "Cao độ"),
                Field.choice("status", false, FileLayers.choices("an toàn|safe", "safe", "có nguy cơ|nguy cơ|at_risk", "at_risk",
                        "bị cô lập|cô lập|isolated", "isolated"), "Trạng thái"));
    }

    @Override
    public List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        List<CheckedRow.Problem> failures = new ArrayList<>();
        Long members = row.integer("members");
        for (String kind : VULNERABLE) {
            if (row.integer(kind) != null && members != null && row.integer(kind) > members) {
                failures.add(new CheckedRow.Problem(kind, "lớn hơn số nhân khẩu (" + members + ")"));
            }
        }
        return failures;
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'village_code', r.village_code, 'không có thôn nào mang mã này' FROM import_ready r "
                        + "WHERE NOT EXISTS (SELECT 1 FROM village v WHERE v.code = r.village_code)",
                // a family at a site is checked out on the map, where its site's occupancy follows
                "SELECT r.import_row, 'status', r.status, 'hộ đang ở điểm sơ tán; đổi trạng thái trên bản đồ' FROM import_ready r "
                        + "JOIN household h ON h.code = r.code WHERE r.status IS NOT NULL AND h.site_id IS NOT NULL");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO household (code, village_id, head_name, phone, members, elderly, young_children, disabled, pregnant, "
                + "house_class, ground_elevation_m, status, geom) "
                + "SELECT r.code, v.id, r.head_name, r.phone, r.members, coalesce(r.elderly, 0), coalesce(r.young_children, 0), "
                + "coalesce(r.disabled, 0), coalesce(r.pregnant, 0), r.house_class, r.ground_elevation_m, coalesce(r.status, 'safe'), r.geom "
                + "FROM import_ready r JOIN village v ON v.code = r.village_code "
                + "WHERE NOT EXISTS (SELECT 1 FROM household h WHERE h.code = r.code) ORDER BY r.import_row";
    }

    @Override
    public String exportSql(boolean personal) {
        // without personal data, what the layer catalog shows anyone: village, size, status and the point
        return personal
                ? "SELECT h.code, v.code AS village_code, h.head_name, h.phone, h.members, h.elderly, h.young_children, h.disabled, "
                        + "h.pregnant, h.house_class, h.ground_elevation_m, h.status, h.geom FROM household h JOIN village v ON v.id = h.village_id "
                        + "ORDER BY h.code"
                : "SELECT v.code AS village_code, h.members, h.status, h.geom FROM household h JOIN village v ON v.id = h.village_id "
                        + "ORDER BY v.code, h.id";
    }

    @Override
    public String updateSql() {
        // a column the file does not have (NULL) keeps what the household had
        return "UPDATE household h SET village_id = v.id, head_name = coalesce(r.head_name, h.head_name), "
                + "phone = coalesce(r.phone, h.phone), members = r.members, elderly = coalesce(r.elderly, h.elderly), "
                + "young_children = coalesce(r.young_children, h.young_children), disabled = coalesce(r.disabled, h.disabled), "
                + "pregnant = coalesce(r.pregnant, h.pregnant), house_class = coalesce(r.house_class, h.house_class), "
                + "ground_elevation_m = coalesce(r.ground_elevation_m, h.ground_elevation_m), status = coalesce(r.status, h.status), "
                + "geom = r.geom "
                + "FROM import_ready r JOIN village v ON v.code = r.village_code WHERE h.code = r.code";
    }
}
