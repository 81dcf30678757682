package org.communeatlas.files;

import java.util.List;

/** Evacuation site registers: code, name, kind, commune, capacities by day and night, open or closed. */
final class EvacuationPointLayer extends NamedLayer {

    private static final String COMMUNE = FileLayers.COMMUNE_BEFORE_2025;

    EvacuationPointLayer() {
        super("evacuation_points", "evacuation_point", Shape.POINT);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã điểm", "Mã điểm sơ tán"),
                Field.text("name", true, "Tên điểm", "Tên điểm sơ tán", "Tên"),
                Field.choice("kind", true, FileLayers.choices(
                        "trường học|trường|school", "school",
                        "trụ sở ubnd|trụ sở ủy ban|trụ sở xã|commune_office", "commune_office",
                        "nhà văn hoá|nhà văn hóa|nhà sinh hoạt cộng đồng|cultural_house", "cultural_house",
                        "trạm y tế|health_station", "health_station",
                        "nhà kiên cố|nhà dân kiên cố|solid_house", "solid_house",
                        "quân sự|đồn biên phòng|military", "military",
                        "trường cao đẳng|đại học|college", "college",
                        "khác|other", "other"), "Loại", "Loại điểm"),
                Field.text("commune_code", true, "Mã xã", "Mã xã, phường"),
                Field.integer("capacity_day", true, 0, 100_000, "Sức chứa ban ngày", "Sức chứa ngày", "Sức chứa"),
                Field.integer("capacity_night", true, 0, 100_000, "Sức chứa ban đêm", "Sức chứa đêm", "Sức chứa qua đêm"),
                Field.bool("is_open", "Đang mở", "Mở"),
                Field.decimal("elevation_m", false, -50, 3200, "Cao độ", "Cao độ (m)"));
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'commune_code', r.commune_code, 'không có xã (trước 1/7/2025) nào mang mã này' FROM import_ready r "
                        + "WHERE " + COMMUNE + " IS NULL",
                // a capacity under the people already sheltered would break the site's own check
                "SELECT r.import_row, 'capacity_day', r.capacity_day::text, 'nhỏ hơn số người đang ở điểm (' || (p.occupancy + p.reserved) || ')' "
                        + "FROM import_ready r JOIN evacuation_point p ON p.code = r.code "
                        + "WHERE greatest(r.capacity_day, r.capacity_night) < p.occupancy + p.reserved");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO evacuation_point (code, name, kind, commune_id, capacity_day, capacity_night, is_open, elevation_m, geom) "
                + "SELECT r.code, r.name, r.kind, " + COMMUNE + ", r.capacity_day, r.capacity_night, coalesce(r.is_open, true), "
                + "r.elevation_m, r.geom FROM import_ready r "
                + "WHERE NOT EXISTS (SELECT 1 FROM evacuation_point p WHERE p.code = r.code) ORDER BY r.import_row";
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT p.code, p.name, p.kind, a.code AS commune_code, p.capacity_day, p.capacity_night, p.is_open, p.elevation_m, p.geom "
                + "FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id ORDER BY p.code";
    }

    @Override
    public String updateSql() {
        return "UPDATE evacuation_point p SET name = r.name, kind = r.kind, commune_id = " + COMMUNE + ", "
                + "capacity_day = r.capacity_day, capacity_night = r.capacity_night, is_open = coalesce(r.is_open, p.is_open), "
                + "elevation_m = coalesce(r.elevation_m, p.elevation_m), geom = r.geom "
                + "FROM import_ready r WHERE p.code = r.code";
    }
}
