package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.communeatlas.core.JsonCodec;

/**
 * The SQL of one editable collection, built once from its {@link EditableTable}: lock a row for a write, read its
 * version, insert, update, delete. Whatever follows from a row (village, commune and cell copies, the road node, a
 * village's centre and post-reform unit, the change NOTIFY) follows by trigger.
 */
final class FeatureRowStore {

    /**
     * A row as it is now, locked for the write. {@code version} is the row's {@code xmin}, the transaction that wrote it
     * last: it changes with every write and says nothing of what the row holds (a hash of the row would, to whoever
     * guesses at a phone number: an anonymous reader gets the same version tag as an officer).
     */
    record Current(long id, String featureId, String code, String version, Integer communeId, ObjectNode writable, ObjectNode facts,
                   byte[] geometry) {
    }

    private final EditableTable table;
    private final String lock;
    private final String version;
    private final String codeTaken;
    private final String insert;
    private final String update;
    private final String delete;

    FeatureRowStore(EditableTable table) {
        this.table = table;
        String key = "t." + table.key() + " = ?";
        this.lock = "SELECT t.id, t." + table.key() + "::text, t.code, t.xmin::text, " + table.commune() + ", json_build_object(" + table.writable()
                + ")::text, json_build_object(" + table.facts() + ")::text, ST_AsEWKB(t.geom) FROM " + table.from() + " WHERE " + key
                + " FOR UPDATE OF t";
        this.version = "SELECT t.xmin::text FROM " + table.table() + " t WHERE " + key;
        this.codeTaken = "SELECT 1 FROM " + table.table() + " WHERE code = ? AND id <> ?";
        this.insert = "INSERT INTO " + table.table() + " (" + String.join(", ", table.columns()) + ", geom) VALUES ("
                + "?, ".repeat(table.columns().size()) + "ST_GeomFromEWKB(?)) RETURNING id, " + table.key() + "::text";
        this.update = "UPDATE " + table.table() + " SET " + table.columns().stream().map(c -> c + " = ?").collect(Collectors.joining(", "))
                + ", geom = ST_GeomFromEWKB(?) WHERE id = ?";
        this.delete = "DELETE FROM " + table.table() + " WHERE id = ?";
    }

    /** The feature's id as the table holds it: a number, or (villages) a code. */
    Object key(String featureId) {
        return table.numericKey() ? Long.valueOf(featureId) : featureId;
    }

    Optional<Current> lock(Connection c, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(lock)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Current(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), (Integer) rs.getObject(5),
                        object(rs.getString(6)), object(rs.getString(7)), rs.getBytes(8)));
            }
        }
    }

    Optional<String> version(Connection c, Object key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(version)) {
            ps.setObject(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    boolean codeTaken(Connection c, String code, long except) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(codeTaken)) {
            ps.setString(1, code);
            ps.setLong(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A new row: its id and its feature's id. */
    record Inserted(long id, String featureId) {
    }

    Inserted insert(Connection c, Map<String, Object> columns, byte[] geometry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bind(ps, columns, geometry);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Inserted(rs.getLong(1), rs.getString(2));
            }
        }
    }

    void update(Connection c, long id, Map<String, Object> columns, byte[] geometry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(update)) {
            ps.setLong(bind(ps, columns, geometry), id);
            ps.executeUpdate();
        }
    }

    void delete(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(delete)) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    /** The declared columns' values then the geometry; the next parameter's index. A null goes untyped: the column types it. */
    private int bind(PreparedStatement ps, Map<String, Object> columns, byte[] geometry) throws SQLException {
        int i = 1;
        for (String column : table.columns()) {
            if (!columns.containsKey(column)) {
                throw new IllegalStateException(table.table() + "." + column + " has no value in a write");
            }
            ps.setObject(i++, columns.get(column));
        }
        ps.setBytes(i++, geometry);
        return i;
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) JsonCodec.tree(json);
    }
}
