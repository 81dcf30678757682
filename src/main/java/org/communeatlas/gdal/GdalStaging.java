package org.communeatlas.gdal;

import org.communeatlas.core.InvalidInputException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.communeatlas.db.Identifiers;

/**
 * Reads an official's file with GDAL's {@code ogr2ogr} (the documented backend for every format: GeoJSON,
 * zipped Shapefile with its .prj and .cpg, GeoPackage, CSV, Excel .xlsx) into a staging table of the
 * database, every attribute as text, the geometry in the file's own CRS. Nothing of the file is parsed here:
 * GDAL reads it, PostGIS reprojects it, the importer checks it row by row.
 */
public final class GdalStaging implements AutoCloseable {

    public static final String SCHEMA = "atlas_import";

    public final String table;
    /** The file's CRS as an EPSG code, or 0 when the file has none (CSV, Excel). */
    public final int srid;
    public final boolean hasGeometry;
    /** The file's column names as GDAL gave them, in order. */
    public final List<String> columns;
    public final boolean spreadsheet;
    private final String jdbcUrl;

    private GdalStaging(String jdbcUrl, String table, int srid, boolean hasGeometry, List<String> columns, boolean spreadsheet) {
        this.jdbcUrl = jdbcUrl;
        this.table = table;
        this.srid = srid;
        this.hasGeometry = hasGeometry;
        this.columns = columns;
        this.spreadsheet = spreadsheet;
    }

    /** Stages {@code file}; {@code srs} (e.g. 5899) overrides the CRS the file declares, 0 keeps it. */
    public static GdalStaging load(String jdbcUrl, Path file, int srs) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String source = file.toAbsolutePath().toString();
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "PostgreSQL", "-overwrite", "-fieldTypeToString", "All",
                "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=import_row", "-lco", "LAUNDER=NO", "-lco", "PRECISION=NO",
                "-lco", "SPATIAL_INDEX=NONE", "-lco", "SCHEMA=" + SCHEMA, "-nlt", "PROMOTE_TO_MULTI", "-dim", "XY"));
        boolean spreadsheet = false;
        if (name.endsWith(".zip")) {
            source = "/vsizip/" + source;              // a zipped Shapefile: GDAL reads inside the archive
        } else if (name.endsWith(".csv")) {
            spreadsheet = true;
            command.addAll(List.of("-oo", "AUTODETECT_TYPE=NO", "-oo", "HEADERS=YES", "-oo", "EMPTY_STRING_AS_NULL=YES"));
        } else if (name.endsWith(".xlsx")) {
            spreadsheet = true;
            // GDAL 3.6 takes these as configuration options (open options only from 3.7): the first row is the
            // header even when every cell is text, and cells stay as typed so that the checks see them
            command.addAll(List.of("--config", "OGR_XLSX_HEADERS", "FORCE", "--config", "OGR_XLSX_FIELD_TYPES", "STRING"));
        } else if (!name.endsWith(".geojson") && !name.endsWith(".json") && !name.endsWith(".gpkg") && !name.endsWith(".shp")) {
            throw InvalidInputException.field("file", "định dạng không hỗ trợ: " + file.getFileName()
                    + " (GeoJSON, Shapefile .zip, GeoPackage, CSV, .xlsx)");
        }
        if (srs > 0) {
            command.addAll(List.of("-a_srs", "EPSG:" + srs));
        }
        String table = "s_" + UUID.randomUUID().toString().replace("-", "");
        command.addAll(List.of("-nln", table, Gdal.pgConnection(jdbcUrl), source));
        // a file holds one layer for us: the first
        Gdal.ogr2ogr(command, jdbcUrl);
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            List<String> columns = new ArrayList<>();
            boolean geometry = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT column_name, udt_name FROM information_schema.columns "
                    + "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
                ps.setString(1, SCHEMA);
                ps.setString(2, table);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String column = rs.getString(1);
                        if (column.equals("geom")) {
                            geometry = true;
                        } else if (!column.equals("import_row")) {
                            columns.add(column);
                        }
                    }
                }
            }
            int srid = 0;
            if (geometry) {
                try (PreparedStatement ps = c.prepareStatement("SELECT g.srid, s.auth_name FROM geometry_columns g "
                        + "LEFT JOIN spatial_ref_sys s ON s.srid = g.srid WHERE g.f_table_schema = ? AND g.f_table_name = ?")) {
                    ps.setString(1, SCHEMA);
                    ps.setString(2, table);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            srid = rs.getInt(1);
                            if (srid > 0 && !"EPSG".equalsIgnoreCase(rs.getString(2))) {
                                drop(jdbcUrl, table);
                                throw InvalidInputException.field("srs", "không nhận ra hệ toạ độ của tệp (không phải một mã EPSG); "
                                        + "hãy chỉ rõ, ví dụ --srs EPSG:5899 cho VN-2000 / TM-3 107-45");
                            }
                        }
                    }
                }
            }
            return new GdalStaging(jdbcUrl, table, srid, geometry, columns, spreadsheet);
        } catch (SQLException e) {
            throw new IllegalStateException("staging: " + e.getMessage(), e);
        }
    }

    /** A connection of its own to the database the file is staged in (not from the pool). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl);
    }

    /** The quoted name of the staging table; its name is ours, never the file's. */
    public String qualified() {
        return SCHEMA + "." + Identifiers.quote(table);
    }

    @Override
    public void close() {
        drop(jdbcUrl, table);
    }

    private static void drop(String jdbcUrl, String table) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); var s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + SCHEMA + "." + table);
        } catch (SQLException e) {
            throw new IllegalStateException("staging: " + e.getMessage(), e);
        }
    }
}
