package org.communeatlas.files;

import java.util.List;
import org.communeatlas.core.AdminUnits;
import java.util.Map;

/**
 * The commune-level units from 1 July 2025 (xã, phường, đặc khu of Đà Nẵng): real boundaries replace
 * the synthetic ones of the same code; new codes are added under the province 48.
 */
final class Units2025Layer extends NamedLayer {

    private static final String SINCE = AdminUnits.REFORM_DATE_SQL;
    /** "Phường An Hải" and "An Hải" both give the short name "An Hải" (and "Thị Trấn Ái Nghĩa" gives "Ái Nghĩa"). */
    static final String SHORT = "regexp_replace(r.name, '^(xã|phường|đặc khu|thị trấn)\\s+', '', 'i')";
    /** The full name: the file's when it starts with the unit's type (as written there), else the type and the name. */
    static final String FULL = "CASE WHEN r.name ~* ('^' || r.type || '\\s') THEN r.name ELSE r.type || ' ' || r.name END";

    Units2025Layer() {
        super("admin_units_2025", "admin_unit", Shape.POLYGON);
    }

    @Override
    public String scope() {
        return "t.valid_from = " + SINCE + " AND t.level = 'commune'";
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã", "Mã đơn vị", "Mã xã", "ma"),
                Field.text("name", true, "Tên", "Tên đơn vị", "Tên xã, phường", "ten"),
                Field.choice("type", true, FileLayers.choices("xã", "Xã", "phường", "Phường", "đặc khu", "Đặc khu"), "Loại", "Cấp", "unit_type"),
                Field.decimal("area_km2", false, 0, 100_000, "Diện tích", "Diện tích (km²)", "Diện tích km2"),
                Field.integer("population", false, 0, 100_000_000, "Dân số", "Quy mô dân số"));
    }

    @Override
    public List<CheckedRow.Problem> rowChecks(CheckedRow row) {
        return fiveDigitCode(row);
    }

    /** Commune-level units have five-digit GSO codes. */
    static List<CheckedRow.Problem> fiveDigitCode(CheckedRow row) {
        String code = row.text("code");
        if (code != null && !code.matches("[0-9]{5}")) {
            return List.of(new CheckedRow.Problem("code", "mã đơn vị hành chính có 5 chữ số"));
        }
        return List.of();
    }

    @Override
    public List<String> referenceChecks() {
        return List.of();
    }

    @Override
    public String insertSql() {
        // the province the units belong to is a fact of the reform; a database without it gets it here
        return "WITH province AS (INSERT INTO admin_unit (code, name, short_name, unit_type, level, valid_from) "
                + "SELECT '48', 'Thành phố Đà Nẵng', 'Đà Nẵng', 'Thành phố', 'province', " + SINCE + " "
                + "WHERE NOT EXISTS (SELECT 1 FROM admin_unit WHERE code = '48' AND level = 'province' AND valid_from = " + SINCE + ") RETURNING id) "
                + "INSERT INTO admin_unit (code, name, short_name, unit_type, level, parent_id, valid_from, area_km2, population, centre, geom) "
                + "SELECT r.code, " + FULL + ", " + SHORT + ", r.type, 'commune', "
                + "coalesce((SELECT id FROM province), (SELECT id FROM admin_unit WHERE code = '48' AND level = 'province' AND valid_from = " + SINCE + ")), "
                + SINCE + ", round(r.area_km2::numeric, 2), r.population, ST_PointOnSurface(r.geom), r.geom FROM import_ready r "
                + "WHERE NOT EXISTS (SELECT 1 FROM admin_unit t WHERE t.code = r.code AND " + scope() + ") ORDER BY r.import_row";
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT t.code, t.name, t.unit_type AS type, t.area_km2, t.population, t.geom FROM admin_unit t "
                + "WHERE " + scope() + " AND t.geom IS NOT NULL ORDER BY t.code";
    }

    @Override
    public String updateSql() {
        return "UPDATE admin_unit t SET name = " + FULL + ", short_name = " + SHORT + ", unit_type = r.type, "
                + "area_km2 = coalesce(round(r.area_km2::numeric, 2), t.area_km2), population = coalesce(r.population, t.population), "
                + "centre = CASE WHEN t.centre IS NOT NULL AND ST_Intersects(t.centre, r.geom) THEN t.centre ELSE ST_PointOnSurface(r.geom) END, "
                + "geom = r.geom FROM import_ready r WHERE t.code = r.code AND " + scope();
    }
}
