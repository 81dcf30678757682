package org.communeatlas.files;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "Dân vận khéo" models themselves: what each is, who runs it, where it began, when it was founded and
 * recognised, how many take part. A sheet, no geometry; where it runs comes with the adoptions.
 */
final class ModelLayer extends NamedLayer {

    /** A unit by code; a code reused after the 2025 reform means the older unit, where the models began. */
    private static String unit(String column) {
        return "(SELECT a.id FROM admin_unit a WHERE a.code = r." + column + " ORDER BY (a.valid_from IS NULL) DESC, a.valid_from LIMIT 1)";
    }

    private static final String VILLAGE = "(SELECT v.id FROM village v WHERE v.code = r.origin_village_code)";

    ModelLayer() {
        super("models", "model", Shape.NONE);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã mô hình"),
                Field.text("name", true, "Tên mô hình"),
                Field.text("name_en", false, "Tên tiếng Anh"),
                Field.choice("sector", true, FileLayers.choices(
                        "xây dựng hệ thống chính trị|hệ thống chính trị|political_system", "political_system",
                        "văn hóa – xã hội|văn hoá – xã hội|văn hóa xã hội|culture_society", "culture_society",
                        "kinh tế|economy", "economy",
                        "quốc phòng – an ninh|quốc phòng an ninh|defence_security", "defence_security"), "Lĩnh vực"),
                Field.text("host", true, "Đơn vị chủ trì", "Chủ trì"),
                Field.text("host_unit_code", false, "Mã đơn vị chủ trì"),
                Field.text("origin_village_code", false, "Mã thôn khởi nguồn"),
                Field.text("origin_unit_code", false, "Mã đơn vị khởi nguồn"),
                Field.date("founded_on", true, "Ngày thành lập"),
                Field.choice("founded_precision", false, FileLayers.choices("ngày|day", "day", "tháng|month", "month", "năm|year", "year"),
                        "Độ chính xác ngày thành lập"),
                Field.date("recognised_on", false, "Ngày công nhận"),
                Field.integer("members", false, 0, 1_000_000, "Số thành viên"),
                Field.integer("party_members", false, 0, 1_000_000, "Số đảng viên"),
                Field.integer("member_age_min", false, 0, 120, "Tuổi nhỏ nhất"),
                Field.integer("member_age_max", false, 0, 120, "Tuổi lớn nhất"),
                Field.bool("commended_by_party", "Được cấp ủy khen thưởng"),
                Field.bool("commended_by_commission", "Được Ban Dân vận khen"),
                Field.text("description", false, "Mô tả"),
                Field.text("source", false, "Nguồn"));
    }

    @Override
    public List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        List<CheckedRow.Problem> failures = new ArrayList<>();
        if (row.integer("party_members") != null && row.integer("members") != null && row.integer("party_members") > row.integer("members")) {
            failures.add(new CheckedRow.Problem("party_members", "lớn hơn số thành viên (" + row.integer("members") + ")"));
        }
        if (row.integer("member_age_min") != null && row.integer("member_age_max") != null
                && row.integer("member_age_min") > row.integer("member_age_max")) {
            failures.add(new CheckedRow.Problem("member_age_min", "lớn hơn tuổi lớn nhất (" + row.integer("member_age_max") + ")"));
        }
        if (row.date("recognised_on") != null && row.date("founded_on") != null && row.date("recognised_on").isBefore(row.date("founded_on"))) {
            failures.add(new CheckedRow.Problem("recognised_on", "trước ngày thành lập (" + row.date("founded_on") + ")"));
        }
        return failures;
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'host_unit_code', r.host_unit_code, 'không có đơn vị hành chính nào mang mã này' FROM import_ready r "
                        + "WHERE r.host_unit_code IS NOT NULL AND " + unit("host_unit_code") + " IS NULL",
                "SELECT r.import_row, 'origin_unit_code', r.origin_unit_code, 'không có đơn vị hành chính nào mang mã này' FROM import_ready r "
                        + "WHERE r.origin_unit_code IS NOT NULL AND " + unit("origin_unit_code") + " IS NULL",
                "SELECT r.import_row, 'origin_village_code', r.origin_village_code, 'không có thôn nào mang mã này' FROM import_ready r "
                        + "WHERE r.origin_village_code IS NOT NULL AND " + VILLAGE + " IS NULL",
                // a model whose villages adopted it before the new founding date would contradict its own history
                "SELECT r.import_row, 'founded_on', r.founded_on::text, 'sau ngày một thôn bắt đầu áp dụng (' || min(d.started_on) || ')' "
                        + "FROM import_ready r JOIN model m ON m.code = r.code JOIN adoption d ON d.model_id = m.id "
                        + "GROUP BY r.import_row, r.founded_on HAVING min(d.started_on) < r.founded_on");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO model (code, name, name_en, sector, host, host_unit_id, origin_village_id, origin_unit_id, founded_on, "
                + "founded_precision, recognised_on, members, party_members, member_age_min, member_age_max, commended_by_party, "
                + "commended_by_commission, description, source) "
                + "SELECT r.code, r.name, r.name_en, r.sector, r.host, " + unit("host_unit_code") + ", " + VILLAGE + ", "
                + unit("origin_unit_code") + ", r.founded_on, coalesce(r.founded_precision, 'day'), r.recognised_on, r.members, "
                + "r.party_members, r.member_age_min, r.member_age_max, coalesce(r.commended_by_party, false), "
                + "coalesce(r.commended_by_commission, false), r.description, r.source FROM import_ready r "
                + "WHERE NOT EXISTS (SELECT 1 FROM model t WHERE t.code = r.code) ORDER BY r.import_row";
    }

    @Override
    public String updateSql() {
        return "UPDATE model t SET name = r.name, name_en = coalesce(r.name_en, t.name_en), sector = r.sector, host = r.host, "
                + "host_unit_id = " + unit("host_unit_code") + ", origin_village_id = " + VILLAGE + ", origin_unit_id = "
                + unit("origin_unit_code") + ", founded_on = r.founded_on, founded_precision = coalesce(r.founded_precision, t.founded_precision), "
                + "recognised_on = r.recognised_on, members = r.members, party_members = r.party_members, member_age_min = r.member_age_min, "
                + "member_age_max = r.member_age_max, commended_by_party = coalesce(r.commended_by_party, t.commended_by_party), "
                + "commended_by_commission = coalesce(r.commended_by_commission, t.commended_by_commission), "
                + "description = coalesce(r.description, t.description), source = coalesce(r.source, t.source) "
                + "FROM import_ready r WHERE t.code = r.code";
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT m.code, m.name, m.name_en, m.sector, m.host, h.code AS host_unit_code, v.code AS origin_village_code, "
                + "o.code AS origin_unit_code, m.founded_on, m.founded_precision, m.recognised_on, m.members, m.party_members, "
                + "m.member_age_min, m.member_age_max, m.commended_by_party, m.commended_by_commission, m.description, m.source "
                + "FROM model m LEFT JOIN admin_unit h ON h.id = m.host_unit_id LEFT JOIN village v ON v.id = m.origin_village_id "
                + "LEFT JOIN admin_unit o ON o.id = m.origin_unit_id ORDER BY m.code";
    }
}
