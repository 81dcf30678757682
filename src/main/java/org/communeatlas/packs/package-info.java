/**
 * A commune's pack as standard files other field apps open as they are: a GeoPackage (QField, Mergin Maps, QGIS; GDAL
 * writes it) of what the field app's own pack holds, and a PMTiles archive of the map's tiles (MapLibre, QGIS),
 * each tile the same bytes as the server's {@code /tiles/…}.
 */
package org.communeatlas.packs;
