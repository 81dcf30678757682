/**
 * A layer out to a file — GeoJSON, GeoPackage, zipped Shapefile, CSV, Excel — in WGS 84 or VN-2000, with the
 * Vietnamese headers the importer reads back. Controller, service (Exporter) and store; uses files, gdal, geo.
 */
package org.communeatlas.exports;
