package org.communeatlas.exports;

import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.files.FileLayers;
import org.communeatlas.geo.Srs;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/** {@code GET /api/exports/{layer}.{format}} (signed-in users): the layer as a file, personal fields for admins only. */
public final class ExportController {

    private final Exporter exporter;

    public ExportController(Exporter exporter) {
        this.exporter = exporter;
    }

    public void export(Context ctx) throws Exception {
        Viewer who = Requests.viewer(ctx);
        String name = ctx.pathParam("file");
        int dot = name.lastIndexOf('.');
        String layer = dot > 0 ? name.substring(0, dot) : name;
        if (!FileLayers.exists(layer)) {
            throw ProblemException.notFound("No layer '" + layer + "' to export; " + String.join(", ", FileLayers.names()));
        }
        ExportFormat format;
        try {
            format = ExportFormat.of(dot > 0 ? name.substring(dot + 1) : "");
        } catch (InvalidInputException e) {
            throw ProblemException.badParameter("format", "geojson, gpkg, zip (Shapefile), csv or xlsx");
        }
        int srid = Srs.parse(ctx.queryParamAsClass("srs", String.class).getOrDefault("EPSG:4326"));
        if (srid != Srs.WGS84 && srid != Srs.VN2000_TM3_107_45) {
            throw ProblemException.badParameter("srs", "EPSG:4326 or EPSG:5899");
        }
        Path file = Files.createTempFile("atlas-export-", "." + format.extension);
        try {
            exporter.export(layer, format, srid, who.isAdmin(), file);
            FileSender.send(ctx, file, format.mediaType, layer + "-epsg" + srid + "." + format.extension);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
