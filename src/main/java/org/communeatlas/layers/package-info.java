/**
 * The published collections, declared once in LayerCatalog (through Layer's builder), their data versions and
 * extents. Features (OGC API) and tiles are served from here by layers.features and layers.tiles. Uses db, core.
 */
package org.communeatlas.layers;
