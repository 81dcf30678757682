package org.communeatlas.imports;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.geo.Srs;
import org.communeatlas.web.ProblemException;
import org.communeatlas.web.Requests;

/**
 * {@code POST /api/imports/{layer}} (admins): the file as the request body, checked and written all or
 * nothing, the report as JSON (422 when a row fails, with every problem).
 */
public final class ImportController {

    /** Larger than any commune's list (100,000 households are 10 MB of CSV), small enough to refuse a mistake. */
    static final long MAX_FILE_BYTES = 200L * 1024 * 1024;
    private static final List<String> EXTENSIONS = List.of(".geojson", ".json", ".zip", ".gpkg", ".csv", ".xlsx");

    private final ImportService imports;

    public ImportController(ImportService imports) {
        this.imports = imports;
    }

    public void upload(Context ctx) throws Exception {
        Viewer who = Requests.viewer(ctx);
        String layer = ctx.pathParam("layer");
        if (!FileLayers.exists(layer)) {
            throw ProblemException.badParameter("layer", "one of " + String.join(", ", FileLayers.names()));
        }
        String filename = ctx.queryParam("filename");
        if (filename == null || filename.isBlank()) {
            throw ProblemException.badParameter("filename", "required: the uploaded file's name, whose extension gives its format");
        }
        String extension = extension(filename);
        String mode = ctx.queryParamAsClass("mode", String.class).getOrDefault("append");
        if (!mode.equals("append") && !mode.equals("replace")) {
            throw ProblemException.badParameter("mode", "append or replace");
        }
        boolean dryRun = flag(ctx, "dry_run");
        String srsParam = ctx.queryParam("srs");
        int srs = srsParam == null || srsParam.isBlank() ? 0 : Srs.parse(srsParam);
        Map<String, String> columns = new LinkedHashMap<>();
        for (String pair : ctx.queryParams("column")) {
            int eq = pair.lastIndexOf('=');
            if (eq <= 0) {
                throw ProblemException.badParameter("column", "HEADER=field, e.g. Tên chủ hộ=head_name");
            }
            columns.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        // only the extension of the client's file name is used: the file on disk is named by us
        Path file = Files.createTempFile("atlas-import-", extension);
        try {
            receive(ctx, file);
            ImportReport report = imports.run(layer, file, displayName(filename),
                    new ImportOptions(srs, dryRun, mode.equals("replace"), columns, who.userId(), who.username(), Requests.address(ctx)));
            ctx.status(!report.ok() ? 422 : report.written ? 201 : 200).json(report);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String extension(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return ext;
            }
        }
        throw ProblemException.badParameter("filename", "a GeoJSON, zipped Shapefile, GeoPackage, CSV or .xlsx file ("
                + String.join(", ", EXTENSIONS) + ")");
    }

    /** The client's file name without any folder or control characters: it is only shown and logged. */
    private static String displayName(String filename) {
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        return base.replaceAll("\\p{Cntrl}", "").strip();
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty() || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw ProblemException.badParameter(name, "true or false");
    }

    private static void receive(Context ctx, Path file) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_FILE_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = ctx.req().getInputStream(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_FILE_BYTES) {
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
            if (total == 0) {
                throw ProblemException.badBody("the file is the request body; it is empty");
            }
        }
    }

    private static ProblemException tooLarge() {
        return new ProblemException(413, "about:blank", "Content Too Large", "Files up to " + MAX_FILE_BYTES / (1024 * 1024) + " MB", "body");
    }
}
