package org.communeatlas.gdal;

import java.util.List;
import java.util.Set;

/** The formats officials' files come in, each with the one GDAL driver allowed to read it and how it is read. */
public enum InputFormat {
    GEOJSON("GeoJSON", false, List.of()),
    SHAPEFILE("ESRI Shapefile", false, List.of()),
    GPKG("GPKG", false, List.of()),
    CSV("CSV", true, List.of("-oo", "AUTODETECT_TYPE=NO", "-oo", "HEADERS=YES", "-oo", "EMPTY_STRING_AS_NULL=YES")),
    // GDAL 3.6 takes these as configuration options (open options only from 3.7): the first row is the header even
    // when every cell is text, and cells stay as typed so that the checks see them
    XLSX("XLSX", true, List.of("--config", "OGR_XLSX_HEADERS", "FORCE", "--config", "OGR_XLSX_FIELD_TYPES", "STRING"));

    /** GDAL's name of the driver that reads it. */
    public final String driver;
    /** A sheet: rows have a header line, and no geometry of their own. */
    public final boolean spreadsheet;
    final List<String> options;

    InputFormat(String driver, boolean spreadsheet, List<String> options) {
        this.driver = driver;
        this.spreadsheet = spreadsheet;
        this.options = options;
    }

    /** The drivers a staging run may use: this format's, and PostgreSQL's to write the staging table. */
    Set<String> drivers() {
        return Set.of(driver, "PostgreSQL");
    }
}
