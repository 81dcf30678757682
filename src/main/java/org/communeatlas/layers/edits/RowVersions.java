package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.geo.Crs;

/**
 * A store that can tell a row's version: what a feature's ETag is made from.
 *
 * @param <K> how the store finds a feature's row: its id, or (villages) its code — the feature's id in the API
 */
interface RowVersions<K> {

    Optional<String> version(Connection c, K key) throws SQLException;

    /** The ETag of a feature of {@code kind}, read on a connection of its own. */
    default Optional<String> etag(DataSource db, String kind, K key, Viewer viewer, String format, Crs crs) throws SQLException {
        try (Connection c = db.getConnection()) {
            return version(c, key).map(v -> FeatureEditing.etag(kind, v, viewer, format, crs));
        }
    }

    /** The outcome of a write: the feature's id and its new version's ETag (as CRS84 JSON). */
    default FeatureEdits.Written written(Connection c, String kind, K key, Viewer viewer) throws SQLException {
        return new FeatureEdits.Written(String.valueOf(key), FeatureEditing.etag(kind, version(c, key).orElseThrow(), viewer, "json", Crs.CRS84));
    }
}
