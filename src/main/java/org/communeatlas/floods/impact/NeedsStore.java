package org.communeatlas.floods.impact;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The SQL of the needs profile ({@code needs_item}). */
final class NeedsStore {

    private NeedsStore() {
    }

    static List<NeedsProfile.Item> items(Connection c) throws SQLException {
        List<NeedsProfile.Item> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT code, name_vi, name_en, unit, per_person, frequency FROM needs_item ORDER BY sort, code");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                items.add(new NeedsProfile.Item(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBigDecimal(5),
                        rs.getString(6)));
            }
        }
        return items;
    }

    /** Sets an item's amount per person; false when there is no item with this code. */
    static boolean setPerPerson(Connection c, String code, BigDecimal perPerson) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE needs_item SET per_person = ? WHERE code = ?")) {
            ps.setBigDecimal(1, perPerson);
            ps.setString(2, code);
            return ps.executeUpdate() == 1;
        }
    }
}
