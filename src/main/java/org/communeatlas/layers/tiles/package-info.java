/**
 * Vector tiles (MVT) made by PostGIS per layer, merged layers, TileJSON, and the in-memory cache of encoded
 * tiles that the change feed keeps exact. Uses layers, geo, db and web (the cache keeps HTTP encodings).
 */
package org.communeatlas.layers.tiles;
