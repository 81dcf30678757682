package org.communeatlas.imports;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Analysis results (coverage, evacuation plans) as Excel and GeoPackage files: the server writes its CSV or
 * GeoJSON answer to a temporary file — the same rows, the same personal-data rules — and GDAL converts it.
 */
public final class Spreadsheets {

    /** Writes a CSV or GeoJSON representation to the stream it is given. */
    @FunctionalInterface
    public interface Source {
        void writeTo(OutputStream out) throws Exception;
    }

    private Spreadsheets() {
    }

    /** Sends {@code source}'s CSV as an .xlsx sheet named {@code name} (numbers stay numbers). */
    public static void sendXlsx(Context ctx, String name, Source csv) throws Exception {
        send(ctx, name, ".csv", ".xlsx", csv, List.of("-f", "XLSX", "-oo", "AUTODETECT_TYPE=YES"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    /** Sends {@code source}'s GeoJSON as a GeoPackage layer named {@code name}. */
    public static void sendGpkg(Context ctx, String name, Source geojson) throws Exception {
        send(ctx, name, ".geojson", ".gpkg", geojson, List.of("-f", "GPKG"), "application/geopackage+sqlite3");
    }

    private static void send(Context ctx, String name, String from, String to, Source source, List<String> options, String type)
            throws Exception {
        Path dir = Files.createTempDirectory("atlas-convert");
        Path in = dir.resolve(name + from);
        Path out = dir.resolve(name + to);
        try {
            try (OutputStream o = Files.newOutputStream(in)) {
                source.writeTo(o);
            }
            List<String> command = new java.util.ArrayList<>(List.of("ogr2ogr"));
            command.addAll(options);
            command.addAll(List.of("-nln", name, out.toString(), in.toString()));
            Gdal.ogr2ogr(command, null);
            ctx.contentType(type);
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + to + "\"");
            ctx.header("Cache-Control", "private, no-store");
            try (InputStream i = Files.newInputStream(out); OutputStream o = ctx.outputStream()) {
                i.transferTo(o);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // a temporary file left behind is not worth failing the answer
            }
            Files.deleteIfExists(dir);
        }
    }
}
