package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.ConflictException;
import org.communeatlas.core.InvalidInputException;

/**
 * Villages, written by admins only (a boundary moves households between communes' officers): a feature's id is its
 * code, one village of a name per commune, a village households, sites or models belong to is not deleted under them.
 * Its centre and post-reform unit follow its boundary by trigger.
 */
final class VillageRules extends EditRules {

    private static final EditableTable TABLE = new EditableTable("village", "thôn", "village", "code",
            "village t JOIN admin_unit a ON a.id = t.commune_id", "t.commune_id",
            "'code', t.code, 'name', t.name, 'kind', t.kind, 'commune_code', a.code, 'population', t.population", "",
            List.of("code", "name", "kind", "commune_id", "population"), EditableTable.Shape.AREA,
            false);

    VillageRules() {
        super(TABLE, "villages", Map.of(),
                Map.of());
    }

    @Override
    boolean writableBy(Viewer viewer) {
        return viewer.isAdmin();
    }

    @Override
    String writers() {
        return "Chỉ quản trị viên sửa thôn (ranh giới thôn chuyển hộ giữa các xã)";
    }

    @Override
    void checkWrite(Connection c, FeatureRowStore.Current now, Map<String, Object> columns) throws SQLException {
        if (Dependents.villageNameTaken(c, (Integer) columns.get("commune_id"), (String) columns.get("name"), now == null ? -1 : now.id())) {
            throw InvalidInputException.field("name", "xã này đã có thôn cùng tên");
        }
    }

    @Override
    void checkDelete(Connection c, FeatureRowStore.Current now) throws SQLException {
        if (Dependents.villageInUse(c, now.id())) {
            throw new ConflictException("Có hộ, điểm sơ tán hoặc mô hình thuộc thôn này: chuyển chúng sang thôn khác trước");
        }
    }
}
