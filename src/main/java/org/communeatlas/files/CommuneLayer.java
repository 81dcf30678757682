package org.communeatlas.files;

import java.util.List;
import org.communeatlas.core.AdminUnits;
import java.util.Map;

/**
 * The communes before 1 July 2025 (xã, phường, thị trấn of Quảng Nam) under their districts: the geography
 * the villages, households and sites belong to. Real boundaries replace the synthetic ones of the same code.
 */
final class CommuneLayer extends NamedLayer {

    private static final String UNTIL = AdminUnits.REFORM_DATE_SQL;
    private static final String DISTRICT = "(SELECT d.id FROM admin_unit d WHERE d.level = 'district' AND d.code = r.district_code "
            + "AND d.valid_to = " + UNTIL + ")";
    private static final String SHORT = Units2025Layer.SHORT;
    private static final String FULL = Units2025Layer.FULL;

    CommuneLayer() {
        super("communes", "admin_unit", Shape.POLYGON);
    }

    @Override
    public String scope() {
        return "t.valid_to = " + UNTIL + " AND t.level = 'commune'";
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã xã", "Mã", "Mã đơn vị"),
                Field.text("name", true, "Tên xã", "Tên", "Tên đơn vị"),
                Field.choice("type", true, FileLayers.choices("xã", "Xã", "phường", "Phường", "thị trấn", "Thị trấn"), "Loại", "Cấp"),
                Field.text("district_code", true, "Mã huyện", "Mã huyện, thị xã, thành phố"),
                Field.decimal("area_km2", false, 0, 100_000, "Diện tích", "Diện tích (km²)", "Diện tích km2"),
                Field.integer("population", false, 0, 100_000_000, "Dân số"));
    }

    @Override
    public List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        return Units2025Layer.fiveDigitCode(row);
    }

    @Override
    public List<String> referenceChecks() {
        return List.of("SELECT r.import_row, 'district_code', r.district_code, 'không có huyện (trước 1/7/2025) nào mang mã này' "
                + "FROM import_ready r WHERE " + DISTRICT + " IS NULL");
    }

    @Override
    public String insertSql() {
        return "INSERT INTO admin_unit (code, name, short_name, unit_type, level, parent_id, valid_to, area_km2, population, centre, geom) "
                + "SELECT r.code, " + FULL + ", " + SHORT + ", r.type, 'commune', " + DISTRICT + ", " + UNTIL + ", "
                + "round(r.area_km2::numeric, 2), r.population, ST_PointOnSurface(r.geom), r.geom FROM import_ready r "
                + "WHERE NOT EXISTS (SELECT 1 FROM admin_unit t WHERE t.code = r.code AND " + scope() + ") ORDER BY r.import_row";
    }

    @Override
    public String updateSql() {
        return "UPDATE admin_unit t SET name = " + FULL + ", short_name = " + SHORT + ", unit_type = r.type, "
                + "parent_id = " + DISTRICT + ", area_km2 = coalesce(round(r.area_km2::numeric, 2), t.area_km2), "
                + "population = coalesce(r.population, t.population), "
                + "centre = CASE WHEN t.centre IS NOT NULL AND ST_Intersects(t.centre, r.geom) THEN t.centre ELSE ST_PointOnSurface(r.geom) END, "
                + "geom = r.geom FROM import_ready r WHERE t.code = r.code AND " + scope();
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT t.code, t.name, t.unit_type AS type, d.code AS district_code, t.area_km2, t.population, t.geom "
                + "FROM admin_unit t JOIN admin_unit d ON d.id = t.parent_id WHERE " + scope() + " AND t.geom IS NOT NULL ORDER BY t.code";
    }
}
