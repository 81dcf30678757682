package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.communeatlas.core.AdminUnits;

/** The commune (before the 2025 reform, which villages and sites belong to) of a code a client sent. */
final class CommuneLookup {

    private CommuneLookup() {
    }

    static Optional<Integer> commune(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM admin_unit a WHERE a.level = 'commune' AND a.code = ? AND "
                + AdminUnits.beforeReform("a"))) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }
}
