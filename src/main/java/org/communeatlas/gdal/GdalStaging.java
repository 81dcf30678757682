package org.communeatlas.gdal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.db.DatabaseUrls;
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

    /**
     * Stages {@code file}, read by the one driver of its {@code format}, as the role of {@code stagingUrl} (which may
     * only write in {@link #SCHEMA}); {@code reader}, when another role, may then read the table. {@code srs} (e.g.
     * 5899) overrides the CRS the file declares, 0 keeps it. A file of more than {@code maxRows} rows is refused.
     */
    public static GdalStaging load(String stagingUrl, String reader, Path file, InputFormat format, int srs, long maxRows) {
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "PostgreSQL", "-overwrite", "-fieldTypeToString", "All",
                "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=import_row", "-lco", "LAUNDER=NO", "-lco", "PRECISION=NO",
                "-lco", "SPATIAL_INDEX=NONE", "-lco", "SCHEMA=" + SCHEMA, "-nlt", "PROMOTE_TO_MULTI", "-dim", "XY",
                "-limit", Long.toString(maxRows + 1)));
        command.addAll(format.options);
        if (srs > 0) {
            command.addAll(List.of("-a_srs", "EPSG:" + srs));
        }
        String table = "s_" + UUID.randomUUID().toString().replace("-", "");
        // a file holds one layer for us: the first
        command.addAll(List.of("-nln", table, Gdal.pgConnection(stagingUrl), file.toAbsolutePath().toString()));
        Gdal.ogr2ogr(format.drivers(), command, stagingUrl);
        boolean spreadsheet = format.spreadsheet;
        String jdbcUrl = stagingUrl;
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
                                throw InvalidInputException.field("srs", "không nhận ra hệ tọa độ của tệp (không phải một mã EPSG); "
                                        + "hãy chỉ rõ, ví dụ --srs EPSG:5899 cho VN-2000 / TM-3 107-45");
                            }
                        }
                    }
                }
            }
            GdalStaging staged = new GdalStaging(jdbcUrl, table, srid, geometry, columns, spreadsheet);
            try (var s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + staged.qualified())) {
                    rs.next();
                    if (rs.getLong(1) > maxRows) {
                        staged.close();
                        throw InvalidInputException.field("file", String.format(java.util.Locale.ROOT,
                                "tệp có hơn %,d dòng; chia thành nhiều tệp", maxRows));
                    }
                }
                if (reader != null && !reader.equals(DatabaseUrls.user(jdbcUrl).orElse(null))) {
                    s.execute("GRANT SELECT ON " + staged.qualified() + " TO " + Identifiers.quote(reader));
                }
            }
            return staged;
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
