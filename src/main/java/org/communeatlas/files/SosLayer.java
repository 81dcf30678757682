package org.communeatlas.files;

import java.util.List;

/**
 * Lists of calls for help as volunteer sites export them (cuuhomientrung.info, thongtincuuho.org, a Zalo group's sheet):
 * time, name, phone, address text, coordinates or none, people, needs, notes. Repeated phones are expected — the same
 * family calling twice — so rows have no key; each row becomes a request, matched and linked in SQL in the order of
 * the calls ({@code atlas_sos_link_all}).
 */
final class SosLayer extends NamedLayer {

    SosLayer() {
        super("sos", "sos_request", Shape.POINT);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("reported_at", false, "Thời gian", "Thời điểm", "Giờ gọi", "time", "timestamp"),
                Field.text("name", false, "Họ tên", "Họ và tên", "Tên", "Người liên hệ"),
                Field.text("phone", false, "Số điện thoại", "SĐT", "Điện thoại", "phone number"),
                Field.text("address", false, "Địa chỉ", "Vị trí"),
                Field.integer("people", false, 1, 1000, "Số người", "Số nhân khẩu", "persons"),
                Field.text("needs", false, "Nhu cầu", "Cần hỗ trợ", "Cần"),
                Field.text("note", false, "Ghi chú", "notes", "Mô tả"));
    }

    @Override
    public boolean geometryRequired() {
        return false;
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'phone', r.phone, 'không phải số điện thoại (8–12 chữ số)' FROM import_ready r "
                        + "WHERE r.phone IS NOT NULL AND atlas_phone(r.phone) !~ '^[0-9]{8,12}$'",
                "SELECT r.import_row, 'reported_at', r.reported_at, 'không đọc được thời gian (ví dụ 29/10/2025 14:30)' FROM import_ready r "
                        + "WHERE r.reported_at IS NOT NULL AND atlas_sos_time(r.reported_at) IS NULL",
                "SELECT r.import_row, 'address', NULL, 'không biết ở đâu: cần tọa độ, địa chỉ hoặc số điện thoại' FROM import_ready r "
                        + "WHERE r.src IS NULL AND r.address IS NULL AND r.phone IS NULL",
                "SELECT r.import_row, 'name', left(r.name, 40), 'dài quá 200 ký tự' FROM import_ready r WHERE length(r.name) > 200 "
                        + "UNION ALL SELECT r.import_row, 'address', left(r.address, 40), 'dài quá 500 ký tự' FROM import_ready r WHERE length(r.address) > 500 "
                        + "UNION ALL SELECT r.import_row, 'needs', left(r.needs, 40), 'dài quá 500 ký tự' FROM import_ready r WHERE length(r.needs) > 500 "
                        + "UNION ALL SELECT r.import_row, 'note', left(r.note, 40), 'dài quá 1000 ký tự' FROM import_ready r WHERE length(r.note) > 1000");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO sos_request (source, reported_at, created_by, name, phone, address, people, needs, note, located_by, geom) "
                + "SELECT 'import', coalesce(atlas_sos_time(r.reported_at), now()), NULL, r.name, "
                + "atlas_phone(r.phone), r.address, r.people, r.needs, r.note, CASE WHEN r.geom IS NULL THEN 'none' ELSE 'coordinates' END, "
                + "r.geom FROM import_ready r ORDER BY r.import_row";
    }

    @Override
    public String afterInsertSql() {
        // this import's rows (now() is the transaction's start), the earliest call first
        return "SELECT atlas_sos_link_all(ARRAY(SELECT s.id FROM sos_request s WHERE s.source = 'import' AND s.created_at = now() "
                + "ORDER BY s.reported_at, s.id))";
    }

    @Override
    public String updateSql() {
        return "UPDATE sos_request SET note = note WHERE false"; // calls are never replaced: a list read twice adds its repeats as duplicates
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT s.reported_at::text AS reported_at, " + (personal ? "s.name, s.phone, s.address, " : "NULL::text AS name, NULL::text AS phone, "
                + "NULL::text AS address, ") + "s.people, " + (personal ? "s.needs, s.note, " : "NULL::text AS needs, NULL::text AS note, ")
                + "s.geom FROM sos_request s ORDER BY s.reported_at, s.id";
    }

    @Override
    public List<String> key() {
        return List.of("import_row");
    }

    @Override
    public String sameRecord() {
        return "false";
    }
}
