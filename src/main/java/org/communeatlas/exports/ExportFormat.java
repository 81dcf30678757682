package org.communeatlas.exports;

import java.util.Locale;
import org.communeatlas.core.InvalidInputException;

/** The file formats a layer is exported in, with GDAL's driver for each and the media type it is sent as. */
public enum ExportFormat {
    GEOJSON("GeoJSON", "geojson", "application/geo+json"),
    GPKG("GPKG", "gpkg", "application/geopackage+sqlite3"),
    CSV("CSV", "csv", "text/csv; charset=utf-8"),
    XLSX("XLSX", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    SHP("ESRI Shapefile", "zip", "application/zip");

    final String driver;
    /** The file's extension: a Shapefile travels as a zip of its parts. */
    public final String extension;
    public final String mediaType;

    ExportFormat(String driver, String extension, String mediaType) {
        this.driver = driver;
        this.extension = extension;
        this.mediaType = mediaType;
    }

    /** Sheets carry the Vietnamese headers and coordinates as columns. */
    boolean sheet() {
        return this == CSV || this == XLSX;
    }

    public static ExportFormat of(String name) {
        try {
            String n = name.toUpperCase(Locale.ROOT);
            return valueOf(n.equals("JSON") ? "GEOJSON" : n.equals("GEOPACKAGE") ? "GPKG" : n.equals("ZIP") ? "SHP" : n);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("format", "định dạng '" + name + "' không xuất được; chọn geojson, gpkg, zip (Shapefile), csv hoặc xlsx");
        }
    }
}
