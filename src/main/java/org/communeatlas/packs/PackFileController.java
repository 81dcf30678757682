package org.communeatlas.packs;

import io.javalin.http.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.core.Messages;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.RangeSender;
import org.communeatlas.web.Requests;

/**
 * {@code GET /api/pack/{commune}.gpkg} (a download) and {@code GET /api/pack/{commune}.pmtiles} (answered by byte
 * ranges, as PMTiles readers ask: {@code Accept-Ranges}, {@code 206}), for officers of the commune and admins.
 */
public final class PackFileController {

    private static final Pattern FILE = Pattern.compile("([0-9]{2,5})\\.(gpkg|pmtiles)");

    private final PackFiles files;

    public PackFileController(PackFiles files) {
        this.files = files;
    }

    public void file(Context ctx) throws Exception {
        Params.known(ctx);
        Matcher m = FILE.matcher(ctx.pathParam("file"));
        if (!m.matches()) {
            throw ProblemException.notFound("Không có tệp gói '" + Messages.shorten(ctx.pathParam("file"))
                    + "': /api/pack/{mã xã}.gpkg hoặc /api/pack/{mã xã}.pmtiles");
        }
        String commune = m.group(1);
        if (m.group(2).equals("gpkg")) {
            Path gpkg = files.geopackage(commune, Requests.viewer(ctx));
            try {
                FileSender.send(ctx, gpkg, "application/geopackage+sqlite3", "goi-xa-" + commune + ".gpkg");
            } finally {
                Files.deleteIfExists(gpkg);
            }
            return;
        }
        Path archive = files.pmtiles(commune, Requests.viewer(ctx));
        ctx.header("Cache-Control", "private, no-cache");
        ctx.header("Content-Disposition", "inline; filename=\"ban-do-xa-" + commune + ".pmtiles\"");
        RangeSender.send(ctx, archive, "application/vnd.pmtiles");
    }
}
