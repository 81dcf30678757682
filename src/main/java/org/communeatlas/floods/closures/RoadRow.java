package org.communeatlas.floods.closures;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A road segment as a closure sees it.
 *
 * @param communeIds the communes (before the 2025 reform) the segment runs through: their officers may close it
 */
record RoadRow(long id, String name, String roadClass, boolean open, String closedReason, OffsetDateTime closedAt, String closedBy,
               List<Integer> communeIds, double[] bbox) {
}
