package org.communeatlas.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.exports.ExportFormat;
import org.communeatlas.exports.Exporter;
import org.communeatlas.geo.Srs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export <layer> <file>}: a layer to GeoJSON, GeoPackage, CSV or .xlsx, in WGS 84 or VN-2000. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a layer (households, evacuation_points, villages, models, adoptions, communes, admin_units_2025) as a file that imports back as it was.")
public final class ExportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "LAYER")
    String layer;

    @Parameters(index = "1", paramLabel = "FILE", description = "the file to write; its extension chooses the format unless --format says")
    Path out;

    @Option(names = "--format", paramLabel = "F", description = "geojson, gpkg, zip (Shapefile), csv or xlsx")
    String format;

    @Option(names = "--srs", paramLabel = "EPSG:n", description = "coordinates in EPSG:4326 (default) or e.g. EPSG:5899 (VN-2000 / TM-3 107-45)")
    String srs = "EPSG:4326";

    @Option(names = "--with-personal-data", description = "include names, phone numbers and vulnerable members (households)")
    boolean personal;

    @Override
    public Integer call() throws Exception {
        String name = out.getFileName().toString();
        String f = format != null ? format : name.substring(name.lastIndexOf('.') + 1);
        try {
            long n = new Exporter(DatabaseLocator.resolve(options.resolve()).app()).export(layer, ExportFormat.of(f), Srs.parse(srs), personal, out);
            System.out.printf("%s → %s: %,d features%n", layer, out, n);
            return 0;
        } catch (InvalidInputException e) {
            System.err.println("export " + layer + ": " + e.field() + ": " + e.getMessage());
            return 2;
        }
    }
}
