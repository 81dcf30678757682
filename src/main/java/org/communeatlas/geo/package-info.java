/**
 * Pure geometry helpers: Web Mercator tile arithmetic and coordinate systems as users write them (EPSG codes).
 * Uses core only.
 */
package org.communeatlas.geo;
