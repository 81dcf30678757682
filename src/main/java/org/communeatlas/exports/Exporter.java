package org.communeatlas.exports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.gdal.Gdal;

/**
 * A layer out to a file officials open — GeoJSON, GeoPackage, zipped Shapefile, CSV or .xlsx — in WGS 84 or
 * VN-2000 (EPSG:5899), written by GDAL from SQL in which PostGIS does the reprojection. Sheets get the Vietnamese
 * headers the importer recognises, and coordinates as columns (lon/lat, or x/y when projected), so that an
 * exported file imports back as it was.
 */
public final class Exporter {

    private final String jdbcUrl;
    private final ExportStore store;

    public Exporter(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
        this.store = new ExportStore(jdbcUrl);
    }

    /** Writes {@code layer} to {@code out}; returns the number of features. */
    public long export(String layerName, ExportFormat format, int srid, boolean personal, Path out) throws SQLException, IOException {
        FileLayer layer = FileLayers.get(layerName);
        String sql = store.select(layer, format, srid, personal);
        Files.deleteIfExists(out);
        Path target = out.toAbsolutePath();
        Path shapes = null;
        if (format == ExportFormat.SHP) {
            shapes = Files.createTempDirectory("atlas-shp");
            target = shapes.resolve(layer.name() + ".shp");
        }
        List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", format.driver, target.toString(),
                Gdal.pgConnection(jdbcUrl), "-sql", sql, "-nln", layer.name()));
        if (!format.sheet() && layer.shape() != FileLayer.Shape.NONE) {
            command.addAll(List.of("-a_srs", "EPSG:" + srid));
        }
        if (format == ExportFormat.GEOJSON) {
            command.addAll(List.of("-lco", "RFC7946=NO", "-lco", "WRITE_NAME=NO"));
        } else if (format == ExportFormat.CSV) {
            command.addAll(List.of("-lco", "WRITE_BOM=YES", "-lco", "STRING_QUOTING=IF_NEEDED"));
        } else if (format == ExportFormat.SHP) {
            // UTF-8 with its .cpg; field names are cut to 10 characters, which the importer recognises
            command.addAll(List.of("-lco", "ENCODING=UTF-8", "-nlt", "PROMOTE_TO_MULTI"));
        }
        Gdal.ogr2ogr(Set.of("PostgreSQL", format.driver), command, jdbcUrl);
        if (shapes != null) {
            zip(shapes, out);
        }
        return store.count(layer, personal);
    }

    private static void zip(Path dir, Path out) throws IOException {
        try (var files = Files.list(dir); ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Path f : files.sorted().toList()) {
                z.putNextEntry(new ZipEntry(f.getFileName().toString()));
                Files.copy(f, z);
                z.closeEntry();
                Files.delete(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
