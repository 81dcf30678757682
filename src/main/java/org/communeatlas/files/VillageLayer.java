package org.communeatlas.files;

import java.util.List;

/** Villages (thôn, khối phố, tổ dân phố): their boundaries and the commune (before 1 July 2025) they are in. */
final class VillageLayer extends NamedLayer {

    private static final String COMMUNE = FileLayers.COMMUNE_BEFORE_2025;

    VillageLayer() {
        super("villages", "village", Shape.POLYGON);
    }

    @Override
    public List<Field> fields() {
        return List.of(
                Field.text("code", true, "Mã thôn", "Mã thôn, tổ"),
                Field.text("name", true, "Tên thôn", "Tên thôn, tổ", "Tên"),
                Field.choice("kind", true, FileLayers.choices("thôn", "thôn", "khối phố", "khối phố", "tổ dân phố", "tổ dân phố", "làng", "làng",
                        "bản", "bản"), "Loại"),
                Field.text("commune_code", true, "Mã xã", "Mã xã, phường"),
                Field.integer("population", false, 0, 1_000_000, "Dân số", "Số dân"));
    }

    @Override
    public List<String> referenceChecks() {
        return List.of(
                "SELECT r.import_row, 'commune_code', r.commune_code, 'không có xã (trước 1/7/2025) nào mang mã này' FROM import_ready r "
                        + "WHERE " + COMMUNE + " IS NULL",
                "SELECT r.import_row, 'name', r.name, 'xã này đã có thôn cùng tên (mã ' || v.code || ')' FROM import_ready r "
                        + "JOIN village v ON v.name = r.name AND v.commune_id = " + COMMUNE + " AND v.code <> r.code "
                        + "AND NOT EXISTS (SELECT 1 FROM import_ready o WHERE o.code = v.code AND o.name <> v.name)",
                "SELECT import_row, 'name', name, 'cùng tên với một thôn khác của xã trong tệp (dòng ' || first || ')' FROM "
                        + "(SELECT import_row, name, min(import_row) OVER (PARTITION BY commune_code, name) AS first FROM import_ready) d "
                        + "WHERE import_row <> first");
    }

    @Override
    public String insertSql() {
        // the village's centre and post-reform unit follow from its commune and boundary by trigger
        return "INSERT INTO village (code, name, kind, commune_id, population, geom) "
                + "SELECT r.code, r.name, r.kind, " + COMMUNE + ", r.population, r.geom "
                + "FROM import_ready r WHERE NOT EXISTS (SELECT 1 FROM village t WHERE t.code = r.code) ORDER BY r.import_row";
    }

    @Override
    public String updateSql() {
        return "UPDATE village t SET name = r.name, kind = r.kind, commune_id = " + COMMUNE + ", "
                + "population = coalesce(r.population, t.population), geom = r.geom FROM import_ready r WHERE t.code = r.code";
    }

    @Override
    public String exportSql(boolean personal) {
        return "SELECT t.code, t.name, t.kind, a.code AS commune_code, t.population, t.geom FROM village t "
                + "JOIN admin_unit a ON a.id = t.commune_id WHERE t.geom IS NOT NULL ORDER BY t.code";
    }
}
