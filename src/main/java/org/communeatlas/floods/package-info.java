/**
 * Flood events (scenarios, drawn or uploaded extents), their impact — what is under water, who is cut off on the
 * dry road network, vulnerable people, weekly needs — and the needs profile. Uses floods.routing, accounts, db,
 * core; controllers use web. Evacuation plans are in floods.plan, which uses this package, never the reverse.
 */
package org.communeatlas.floods;
