package org.communeatlas.gdal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Analysis results (coverage, evacuation plans) as files officials open — Excel and GeoPackage: the CSV or
 * GeoJSON the server writes anyway goes to a temporary file (the same rows, the same personal-data rules) and
 * GDAL converts it. The caller sends the result and deletes the folder it is in.
 */
public final class Conversions {

    /** Writes a CSV or GeoJSON representation to the stream it is given. */
    @FunctionalInterface
    public interface Source {
        void writeTo(OutputStream out) throws Exception;
    }

    /** A converted file: the file itself and its media type; {@link #close} deletes it and its folder. */
    public record Converted(Path file, String mediaType) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            Path dir = file.getParent();
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private Conversions() {
    }

    /** {@code csv}'s rows as an .xlsx file named {@code name} (numbers stay numbers), its sheet named after it. */
    public static Converted xlsx(String name, Source csv) throws Exception {
        return xlsx(name, name, csv);
    }

    /** As {@link #xlsx(String, Source)}, the sheet named {@code sheet} (Excel allows 31 characters; longer are cut). */
    public static Converted xlsx(String name, String sheet, Source csv) throws Exception {
        String tab = sheet.length() > 31 ? sheet.substring(0, 31) : sheet;
        return convert(name, tab, ".csv", ".xlsx", csv, Set.of("CSV", "XLSX"), List.of("-f", "XLSX", "-oo", "AUTODETECT_TYPE=YES"),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    }

    /** One sheet of a workbook: its tab's name and its rows as CSV. */
    public record Sheet(String name, Source csv) {
    }

    /**
     * Several tables as one .xlsx, a sheet each: a sheet holds one table, so GDAL reads each column's type from its own
     * values (two tables in one sheet made every count text).
     */
    public static Converted xlsx(String name, List<Sheet> sheets) throws Exception {
        Path dir = Files.createTempDirectory("atlas-convert");
        Path out = dir.resolve(name + ".xlsx");
        Converted converted = new Converted(out, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        try {
            boolean first = true;
            for (Sheet sheet : sheets) {
                Path in = dir.resolve("sheet.csv");
                try (OutputStream o = Files.newOutputStream(in)) {
                    sheet.csv().writeTo(o);
                }
                String tab = sheet.name().length() > 31 ? sheet.name().substring(0, 31) : sheet.name();
                List<String> command = new ArrayList<>(List.of("ogr2ogr", "-f", "XLSX", "-oo", "AUTODETECT_TYPE=YES"));
                if (!first) {
                    command.add("-update");
                }
                command.addAll(List.of("-nln", tab, out.toString(), in.toString()));
                Gdal.ogr2ogr(Set.of("CSV", "XLSX"), command, null);
                Files.delete(in);
                first = false;
            }
            return converted;
        } catch (Exception | Error e) {
            converted.close();
            throw e;
        }
    }

    /** {@code geojson}'s features as a GeoPackage layer named {@code name}. */
    public static Converted gpkg(String name, Source geojson) throws Exception {
        return convert(name, name, ".geojson", ".gpkg", geojson, Set.of("GeoJSON", "GPKG"), List.of("-f", "GPKG"), "application/geopackage+sqlite3");
    }

    private static Converted convert(String name, String layer, String from, String to, Source source, Set<String> drivers,
                                     List<String> options, String type) throws Exception {
        Path dir = Files.createTempDirectory("atlas-convert");
        Path in = dir.resolve(name + from);
        Path out = dir.resolve(name + to);
        Converted converted = new Converted(out, type);
        try {
            try (OutputStream o = Files.newOutputStream(in)) {
                source.writeTo(o);
            }
            List<String> command = new ArrayList<>(List.of("ogr2ogr"));
            command.addAll(options);
            command.addAll(List.of("-nln", layer, out.toString(), in.toString()));
            Gdal.ogr2ogr(drivers, command, null);
            Files.delete(in);
            return converted;
        } catch (Exception | Error e) {
            converted.close();
            throw e;
        }
    }
}
