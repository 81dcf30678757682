/**
 * Floods, by concern: {@code events} (scenarios, drawn or uploaded extents), {@code impact} (what is under water, who is
 * cut off on the dry road network, vulnerable people, needs), {@code plan} (evacuation plans), {@code closures} (roads
 * closed and opened, with their re-plans), {@code situation} (the board), {@code timeline} and {@code routing} (the road
 * graph). Each uses the ones before it, never the reverse; calls for help are apart, in {@code sos}.
 */
package org.communeatlas.floods;
