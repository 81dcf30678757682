/**
 * The road network as arrays for exact graph work in Java: connected components without the flooded or closed
 * edges, Dijkstra from a site, the nearest node of a point. Loads from the database through db; no HTTP.
 */
package org.communeatlas.floods.routing;
