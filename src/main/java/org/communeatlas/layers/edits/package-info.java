/**
 * OGC API – Features Part 4 (Create, Replace, Update, Delete), one path for every editable collection: a controller
 * that speaks HTTP (GeoJSON bodies, If-Match, Location), {@link org.communeatlas.layers.edits.FeatureEditService}
 * with what every collection does alike, an {@code EditRules} per collection with what is its own, and one store whose
 * SQL is built from the collection's declaration.
 */
package org.communeatlas.layers.edits;
