package org.communeatlas.files;

import java.util.List;
import java.util.Map;

/**
 * Where each "Dân vận khéo" model runs: one row per model in a village, from its start date (and to its end,
 * when it stopped). A sheet, no geometry: the village gives the place.
 */
final class AdoptionLayer extends NamedLayer {

    private static final String MODEL = "(SELECT m.id FROM model m WHERE m.code = r.model_code)";
    private static final String VILLAGE = "(SELECT v.id FROM village v WHERE v.code = r.village_code)";

    AdoptionLayer() {
        super("adoptions", "adoption", Shape.NONE);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("model_code", true, "Mã mô hình"),
                Field.text("village_code", true, "Mã thôn", "Mã thôn, tổ"),
                Field.date("started_on", true, "Ngày bắt đầu", "Bắt đầu", "Từ ngày"),
                Field.date("ended_on", false, "Ngày kết thúc", "Kết thúc", "Đến ngày"),
                Field.integer("members", false, 0, 1_000_000, "Số thành viên", "Thành viên"));
    }

    @Override
    public List<String> key() {
        return List.of("model_code", "village_code", "started_on");
    }

    @Override
    public String sameRecord() {
        return "t.model_id = " + MODEL + " AND t.village_id = " + VILLAGE + " AND t.started_on = r.started_on";
    }

    @Override
    public List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        java.time.LocalDate start = row.date("started_on");
        java.time.LocalDate end = row.date("ended_on");
        if (start != null && end != null && !end.isAfter(start)) {
            return List.of(new CheckedRow.Problem("ended_on", "phải sau ngày bắt đầu (" + start + ")"));
        }
        return List.of();
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'model_code', r.model_code, 'không có mô hình nào mang mã này' FROM import_ready r WHERE " + MODEL + " IS NULL",
                "SELECT r.import_row, 'village_code', r.village_code, 'không có thôn nào mang mã này' FROM import_ready r WHERE " + VILLAGE + " IS NULL",
                "SELECT r.import_row, 'started_on', r.started_on::text, 'trước ngày thành lập mô hình (' || m.founded_on || ')' "
                        + "FROM import_ready r JOIN model m ON m.code = r.model_code WHERE r.started_on < m.founded_on",
                // a model runs in a village once at a time (the schema's exclusion constraint)
                "SELECT r.import_row, 'started_on', r.started_on::text, 'trùng thời gian với lần áp dụng từ ' || t.started_on "
                        + "|| coalesce(' đến ' || t.ended_on, '') FROM import_ready r JOIN adoption t ON t.model_id = " + MODEL
                        + " AND t.village_id = " + VILLAGE + " AND t.started_on <> r.started_on "
                        + "AND daterange(t.started_on, t.ended_on) && daterange(r.started_on, r.ended_on)");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO adoption (model_id, village_id, started_on, ended_on, members) "
                + "SELECT " + MODEL + ", " + VILLAGE + ", r.started_on, r.ended_on, r.members FROM import_ready r "
                + "WHERE NOT EXISTS (SELECT 1 FROM adoption t WHERE " + sameRecord() + ") ORDER BY r.import_row";
    }

    @Override
    public String updateSql() {
        return "UPDATE adoption t SET ended_on = r.ended_on, members = coalesce(r.members, t.members) "
                + "FROM import_ready r WHERE " + sameRecord();
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT m.code AS model_code, v.code AS village_code, t.started_on, t.ended_on, t.members FROM adoption t "
                + "JOIN model m ON m.id = t.model_id JOIN village v ON v.id = t.village_id ORDER BY m.code, v.code, t.started_on";
    }
}
