package org.communeatlas.layers.edits;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.layers.features.Crs;

/** A store that can tell a row's version: what a feature's ETag is made from. */
interface RowVersions {

    Optional<String> version(Connection c, long id) throws SQLException;

    /** The ETag of row {@code id} of this store's table as a feature of {@code kind}, read on a connection of its own. */
    default Optional<String> etag(DataSource db, String kind, long id, Viewer viewer, String format, Crs crs) throws SQLException {
        try (Connection c = db.getConnection()) {
            return version(c, id).map(v -> FeatureEditing.etag(kind, v, viewer, format, crs));
        }
    }

    /** The outcome of a write of row {@code id}: its id and its new version's ETag (as CRS84 JSON). */
    default FeatureEdits.Written written(Connection c, String kind, long id, Viewer viewer) throws SQLException {
        return new FeatureEdits.Written(Long.toString(id), FeatureEditing.etag(kind, version(c, id).orElseThrow(), viewer, "json", Crs.CRS84));
    }
}
