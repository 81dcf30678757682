package org.communeatlas.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A layer out to a file officials open — GeoJSON, GeoPackage, CSV or .xlsx — in WGS 84 or VN-2000
 * (EPSG:5899), written by GDAL from SQL in which PostGIS does the reprojection. Sheets get the Vietnamese
 * headers the importer recognises, and coordinates as columns (lon/lat, or x/y when projected), so that
 * an exported file imports back as it was.
 */
public final class Exporter {

    public enum Format {
        GEOJSON("GeoJSON", "geojson"), GPKG("GPKG", "gpkg"), CSV("CSV", "csv"), XLSX("XLSX", "xlsx"), SHP("ESRI Shapefile", "zip");

        final String driver;
        /** The file's extension: a Shapefile travels as a zip of its parts. */
        public final String extension;

        Format(String driver, String extension) {
            this.driver = driver;
            this.extension = extension;
        }

        boolean sheet() {
            return this == CSV || this == XLSX;
        }

        public static Format of(String name) {
            try {
                String n = name.toUpperCase(Locale.ROOT);
                return valueOf(n.equals("JSON") ? "GEOJSON" : n.equals("GEOPACKAGE") ? "GPKG" : n.equals("ZIP") ? "SHP" : n);
            } catch (IllegalArgumentException e) {
                throw new ImportException("format", "định dạng '" + name + "' không xuất được; chọn geojson, gpkg, zip (Shapefile), csv hoặc xlsx");
            }
        }
    }

    private Exporter() {
    }

    /** Writes {@code layer} to {@code out}; returns the number of features. */
    public static long export(String jdbcUrl, String layerName, Format format, int srid, boolean personal, Path out) {
        ImportLayer layer = Layers.get(layerName);
        String sql = select(jdbcUrl, layer, format, srid, personal);
        try {
            Files.deleteIfExists(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Path target = out.toAbsolutePath();
        Path shapes = null;
        if (format == Format.SHP) {
            try {
                shapes = Files.createTempDirectory("atlas-shp");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            target = shapes.resolve(layer.name() + ".shp");
        }
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", format.driver, target.toString(),
                Gdal.pgConnection(jdbcUrl), "-sql", sql, "-nln", layer.name()));
        if (!format.sheet() && layer.shape() != ImportLayer.Shape.NONE) {
            command.addAll(List.of("-a_srs", "EPSG:" + srid));
        }
        if (format == Format.GEOJSON) {
            command.addAll(List.of("-lco", "RFC7946=NO", "-lco", "WRITE_NAME=NO"));
        } else if (format == Format.CSV) {
            command.addAll(List.of("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED"));
        } else if (format == Format.SHP) {
            // UTF-8 with its .cpg; field names are cut to 10 characters, which the importer recognises
            command.addAll(List.of("-lco", "ENCODING=UTF-8", "-nlt", "PROMOTE_TO_MULTI"));
        }
        Gdal.ogr2ogr(command, jdbcUrl);
        if (shapes != null) {
            zip(shapes, out);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM (" + layer.exportSql(personal) + ") e")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("export: " + e.getMessage(), e);
        }
    }

    private static void zip(Path dir, Path out) {
        try (var files = Files.list(dir); java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new java.util.zip.ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new IllegalStateException("export: " + e.getMessage(), e);
        }
        try {
            Files.delete(dir);
        } catch (IOException e) {
            // an empty temporary folder left behind
        }
    }

    /** The layer's export query with the output's column names and coordinates. */
    static String select(String jdbcUrl, ImportLayer layer, Format format, int srid, boolean personal) {
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT * FROM (" + layer.exportSql(personal) + ") e LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                if (!md.getColumnName(i).equals("geom")) {
                    columns.add(md.getColumnName(i));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("export: " + e.getMessage(), e);
        }
        StringBuilder sql = new StringBuilder("SELECT ");
        for (String column : columns) {
            Field field = layer.fields().stream().filter(f -> f.name().equals(column)).findFirst().orElseThrow();
            String header = format.sheet() && !field.headers().isEmpty() ? field.headers().get(0) : field.name();
            sql.append("e.").append(column).append(" AS ").append(OgrStaging.quote(header)).append(", ");
        }
        String geom = "ST_Transform(e.geom, " + srid + ")";
        boolean geographic = srid == Srs.WGS84;
        if (layer.shape() == ImportLayer.Shape.NONE) {
            sql.setLength(sql.length() - 2);        // no geometry: drop the last ", "
        } else if (!format.sheet()) {
            sql.append(geom).append(" AS geom");
        } else if (layer.shape() == ImportLayer.Shape.POINT) {
            int digits = geographic ? 7 : 3;        // 1 cm in degrees, 1 mm in metres
            sql.append("round(ST_X(").append(geom).append(")::numeric, ").append(digits).append(") AS ").append(geographic ? "\"Kinh độ\"" : "\"X\"")
                    .append(", round(ST_Y(").append(geom).append(")::numeric, ").append(digits).append(") AS ").append(geographic ? "\"Vĩ độ\"" : "\"Y\"");
        } else {
            sql.append("ST_AsText(").append(geom).append(", ").append(geographic ? 7 : 3).append(") AS \"WKT\"");
        }
        return sql.append(" FROM (").append(layer.exportSql(personal)).append(") e").toString();
    }
}
