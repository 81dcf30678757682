package org.communeatlas.layers.edits;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.Optional;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.geo.Crs;

/** The writes of one editable collection (OGC API – Features Part 4), each under its layer's rules; features by their OGC id. */
public interface FeatureEdits {

    /** A write's outcome: the feature's id and its new version's ETag. */
    record Written(String id, String etag) {
    }

    /** The strong ETag of a feature as {@code viewer} receives it in {@code format} and {@code crs}; empty when there is none. */
    Optional<String> etag(String featureId, Viewer viewer, String format, Crs crs) throws SQLException;

    Written create(JsonNode feature, Crs crs, Viewer viewer, String address) throws SQLException;

    Written replace(String featureId, JsonNode feature, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException;

    /** RFC 7396: members of the patch replace the feature's, null removes an optional one, the rest stays. */
    Written update(String featureId, JsonNode patch, Crs crs, String ifMatch, Viewer viewer, String address) throws SQLException;

    void delete(String featureId, String ifMatch, Viewer viewer, String address) throws SQLException;
}
