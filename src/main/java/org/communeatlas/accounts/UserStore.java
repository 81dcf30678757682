package org.communeatlas.accounts;

import org.communeatlas.core.AdminUnits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Accounts in PostGIS: users, roles, the communes officers work in. Every change is audited by the caller. */
public final class UserStore {

    private final DataSource db;

    public UserStore(DataSource db) {
        this.db = db;
    }

    public Optional<User> find(String username) {
        return query("WHERE u.username = ?", username.toLowerCase(Locale.ROOT)).stream().findFirst();
    }

    public Optional<User> byId(int id) {
        return query("WHERE u.id = ?", id).stream().findFirst();
    }

    public List<User> all() {
        return query("", new Object[0]);
    }

    public boolean anyAdmin() {
        try (Connection c = db.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM app_user WHERE role = 'admin' AND NOT disabled)")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("users: " + e.getMessage(), e);
        }
    }

    /** Creates an account; unit codes are pre-2025 communes, or post-2025 units written as "2025:CODE". */
    public int add(Connection c, String username, String displayName, String password, Viewer.Role role, List<String> units) throws SQLException {
        String name = username.toLowerCase(Locale.ROOT);
        if (!name.matches("[a-z0-9._-]{2,64}")) {
            throw new IllegalArgumentException("a username is 2–64 characters: lower-case letters, digits, dot, dash, underscore");
        }
        if (role == Viewer.Role.ANONYMOUS) {
            throw new IllegalArgumentException("role must be viewer, officer or admin");
        }
        Passwords.checkStrength(password);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO app_user (username, display_name, password_hash, role) VALUES (?, ?, ?, ?) RETURNING id")) {
            ps.setString(1, name);
            ps.setString(2, displayName);
            ps.setString(3, Passwords.hash(password));
            ps.setString(4, role.name().toLowerCase(Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int id = rs.getInt(1);
                setUnits(c, id, units);
                return id;
            }
        }
    }

    public void setRole(Connection c, int id, Viewer.Role role) throws SQLException {
        update(c, "UPDATE app_user SET role = ?, updated_at = now() WHERE id = ?", role.name().toLowerCase(Locale.ROOT), id);
    }

    public void setPassword(Connection c, int id, String password) throws SQLException {
        Passwords.checkStrength(password);
        update(c, "UPDATE app_user SET password_hash = ?, updated_at = now() WHERE id = ?", Passwords.hash(password), id);
        update(c, "DELETE FROM app_session WHERE user_id = ?", id);
    }

    public void setDisabled(Connection c, int id, boolean disabled) throws SQLException {
        update(c, "UPDATE app_user SET disabled = ?, updated_at = now() WHERE id = ?", disabled, id);
        if (disabled) {
            update(c, "DELETE FROM app_session WHERE user_id = ?", id);
        }
    }

    public void setUnits(Connection c, int id, List<String> units) throws SQLException {
        update(c, "DELETE FROM app_user_unit WHERE user_id = ?", id);
        for (String unit : units) {
            boolean after = unit.startsWith("2025:");
            String code = after ? unit.substring(5) : unit;
            String sql = "INSERT INTO app_user_unit (user_id, unit_id) SELECT ?, id FROM admin_unit WHERE code = ? AND level = 'commune' AND "
                    + (after ? AdminUnits.afterReform("") : AdminUnits.beforeReform(""));
            if (update(c, sql, id, code) == 0) {
                throw new IllegalArgumentException("no commune " + unit + (after ? " after" : " before") + " the 2025 reform");
            }
        }
    }

    private List<User> query(String where, Object... params) {
        // officers' units expand to pre-2025 communes: a post-2025 unit stands for the communes merged into it
        String sql = "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.disabled, "
                + "coalesce(array_agg(DISTINCT c.id) FILTER (WHERE c.id IS NOT NULL), '{}') AS commune_ids, "
                + "coalesce(array_agg(DISTINCT c.code) FILTER (WHERE c.code IS NOT NULL), '{}') AS commune_codes "
                + "FROM app_user u LEFT JOIN app_user_unit uu ON uu.user_id = u.id "
                + "LEFT JOIN admin_unit a ON a.id = uu.unit_id "
                + "LEFT JOIN admin_unit c ON c.id = a.id AND " + AdminUnits.beforeReform("a") + " "
                + "OR c.id IN (SELECT s.old_unit_id FROM admin_unit_succession s WHERE s.new_unit_id = a.id AND " + AdminUnits.afterReform("a") + ") "
                + where + " GROUP BY u.id ORDER BY u.username";
        List<User> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Set<Integer> ids = new LinkedHashSet<>();
                    for (Integer v : (Integer[]) rs.getArray("commune_ids").getArray()) {
                        ids.add(v);
                    }
                    List<String> codes = List.of((String[]) rs.getArray("commune_codes").getArray());
                    out.add(new User(rs.getInt("id"), rs.getString("username"), rs.getString("display_name"), rs.getString("password_hash"),
                            Viewer.Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)), rs.getBoolean("disabled"), ids, codes));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("users: " + e.getMessage(), e);
        }
        return out;
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }
}
