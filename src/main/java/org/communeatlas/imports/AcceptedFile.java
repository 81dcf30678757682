package org.communeatlas.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.gdal.InputFormat;

/**
 * A file from a user, hostile until proven otherwise: its name says which format it claims, and its first bytes must
 * be of that format before GDAL sees it — a VRT or anything else dressed as GeoJSON, CSV, Excel or GeoPackage is
 * refused here. A zip is unpacked by us, with limits on what it may expand to: only the parts of one Shapefile, or
 * one GeoJSON, GeoPackage, CSV or Excel file. GDAL then reads a plain file on disk with the one driver of its format.
 *
 * @param path   the file GDAL reads (inside {@code folder} for an unpacked zip)
 * @param folder where an unpacked zip was put, deleted by {@link #close}; null otherwise
 */
public record AcceptedFile(Path path, InputFormat format, Path folder) implements AutoCloseable {

    /** The most a zip (or an Excel file, itself a zip) may expand to, and the most files it may hold. */
    static final long MAX_EXPANDED_BYTES = 1L << 30;
    static final int MAX_ENTRIES = 64;
    private static final Set<String> SHAPEFILE_PARTS = Set.of("shp", "shx", "dbf", "prj", "cpg", "qix", "sbn", "sbx", "qpj");
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final byte[] SQLITE = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    /** How far a zip may expand: bytes in all, and files. */
    record Limits(long expandedBytes, int entries) {
        static final Limits DEFAULT = new Limits(MAX_EXPANDED_BYTES, MAX_ENTRIES);
    }

    /** Checks {@code file}, named {@code name} by its owner (the name gives the format claimed); a zip is unpacked into a new folder. */
    public static AcceptedFile check(Path file, String name) throws IOException {
        return check(file, name, Limits.DEFAULT);
    }

    static AcceptedFile check(Path file, String name, Limits limits) throws IOException {
        String extension = extension(name);
        if (extension.equals("zip")) {
            return unzip(file, limits);
        }
        InputFormat format = formatOf(extension, name);
        sniff(file, format, name, limits);
        return new AcceptedFile(file, format, null);
    }

    private static InputFormat formatOf(String extension, String name) {
        return switch (extension) {
            case "geojson", "json" -> InputFormat.GEOJSON;
            case "csv" -> InputFormat.CSV;
            case "xlsx" -> InputFormat.XLSX;
            case "gpkg" -> InputFormat.GPKG;
            case "shp" -> InputFormat.SHAPEFILE;
            default -> throw InvalidInputException.field("file", "định dạng không hỗ trợ: " + name
                    + " (GeoJSON, Shapefile .zip, GeoPackage, CSV, .xlsx)");
        };
    }

    /** The file's first bytes must be its format's: JSON for GeoJSON, text for CSV, a zip workbook, an SQLite database. */
    private static void sniff(Path file, InputFormat format, String name, Limits limits) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        String text = new String(head, StandardCharsets.UTF_8).replace("\uFEFF", "").stripLeading();
        boolean ok = switch (format) {
            case GEOJSON -> text.startsWith("{");
            case CSV -> !text.isEmpty() && !text.startsWith("<") && !text.startsWith("{") && indexOf(head, (byte) 0) < 0;
            case XLSX -> startsWith(head, ZIP) && isWorkbook(file, limits);
            case GPKG -> startsWith(head, SQLITE);
            case SHAPEFILE -> head.length >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x27 && head[3] == 0x0a;
        };
        if (!ok) {
            throw InvalidInputException.field("file", "nội dung của " + name + " không phải tệp " + describe(format)
                    + " (tệp được nhận theo nội dung, không chỉ theo tên)");
        }
    }

    /** An .xlsx is a zip holding a workbook; its parts must not expand past the limits either. */
    private static boolean isWorkbook(Path file, Limits limits) throws IOException {
        boolean workbook = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            long expanded = 0;
            int entries = 0;
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                if (++entries > 10 * limits.entries()) {
                    throw tooBig("có quá nhiều phần", limits);
                }
                workbook |= e.getName().equals("xl/workbook.xml");
                expanded += copy(zip, OutputStream.nullOutputStream(), limits.expandedBytes() - expanded, limits);
            }
        } catch (java.util.zip.ZipException e) {
            return false;
        }
        return workbook;
    }

    /** Unpacks a zip: one Shapefile's parts, or one file of another format; flat, size-limited, names of our making. */
    private static AcceptedFile unzip(Path file, Limits limits) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (!startsWith(head, ZIP)) {
            throw InvalidInputException.field("file", "nội dung không phải tệp .zip");
        }
        Path folder = Files.createTempDirectory("atlas-unzip");
        try {
            Set<String> names = new HashSet<>();
            Path main = null;
            String mainName = null;
            InputFormat format = null;
            long expanded = 0;
            int entries = 0;
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    // every entry counts, those skipped too: a zip of a million empty folders is no Shapefile either
                    if (++entries > limits.entries()) {
                        throw tooBig("có hơn " + limits.entries() + " tệp", limits);
                    }
                    String base = e.getName().replace('\\', '/');
                    base = base.substring(base.lastIndexOf('/') + 1);
                    if (e.isDirectory() || base.isEmpty() || e.getName().startsWith("__MACOSX/") || base.startsWith("._")) {
                        continue;
                    }
                    String ext = extension(base);
                    boolean shapePart = SHAPEFILE_PARTS.contains(ext) || base.toLowerCase(Locale.ROOT).endsWith(".shp.xml");
                    boolean single = Set.of("geojson", "json", "gpkg", "csv", "xlsx").contains(ext);
                    if (!shapePart && !single) {
                        throw InvalidInputException.field("file", "tệp .zip chỉ được chứa các phần của một Shapefile (.shp, .shx, .dbf, .prj, .cpg) "
                                + "hoặc một tệp GeoJSON, GeoPackage, CSV, .xlsx; không nhận '" + base + "'");
                    }
                    // the name on disk is ours: a counter and the extension, never a path from the archive
                    String ours = (single ? "data." : "shape.") + (base.toLowerCase(Locale.ROOT).endsWith(".shp.xml") ? "shp.xml" : ext);
                    if (!names.add(ours)) {
                        throw InvalidInputException.field("file", "tệp .zip chứa hai tệp cùng loại ." + ext + "; mỗi tệp .zip một lớp dữ liệu");
                    }
                    Path target = folder.resolve(ours);
                    try (OutputStream out = Files.newOutputStream(target)) {
                        expanded += copy(zip, out, limits.expandedBytes() - expanded, limits);
                    }
                    if (single) {
                        main = target;
                        mainName = base;
                        format = formatOf(ext, base);
                    } else if (ext.equals("shp")) {
                        main = target;
                        mainName = base;
                        format = InputFormat.SHAPEFILE;
                    }
                }
            } catch (java.util.zip.ZipException e) {
                throw InvalidInputException.field("file", "tệp .zip hỏng: " + e.getMessage());
            }
            boolean singles = names.stream().anyMatch(n -> n.startsWith("data."));
            boolean shapes = names.stream().anyMatch(n -> n.startsWith("shape."));
            if (main == null || (singles && shapes) || names.stream().filter(n -> n.startsWith("data.")).count() > 1) {
                throw InvalidInputException.field("file", "tệp .zip cần đúng một Shapefile (.shp với .shx, .dbf) hoặc một tệp GeoJSON, "
                        + "GeoPackage, CSV, .xlsx");
            }
            if (format == InputFormat.SHAPEFILE && (!names.contains("shape.shx") || !names.contains("shape.dbf"))) {
                throw InvalidInputException.field("file", "Shapefile trong tệp .zip thiếu .shx hoặc .dbf");
            }
            sniff(main, format, mainName, limits);
            return new AcceptedFile(main, format, folder);
        } catch (IOException | RuntimeException e) {
            deleteFolder(folder);
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (folder != null) {
            deleteFolder(folder);
        }
    }

    /** Copies at most {@code limit} bytes; a larger entry is refused (a zip bomb expands far past its size). */
    private static long copy(InputStream in, OutputStream out, long limit, Limits limits) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw tooBig("giải nén ra quá nhiều", limits);
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static InvalidInputException tooBig(String why, Limits limits) {
        return InvalidInputException.field("file", "tệp nén " + why + "; giới hạn " + megabytes(limits.expandedBytes()) + " MB và "
                + limits.entries() + " tệp");
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,.0f", bytes / 1048576.0);
    }

    private static String describe(InputFormat format) {
        return switch (format) {
            case GEOJSON -> "GeoJSON";
            case CSV -> "CSV (văn bản)";
            case XLSX -> "Excel .xlsx";
            case GPKG -> "GeoPackage";
            case SHAPEFILE -> "Shapefile";
        };
    }

    private static String extension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        return dot < 0 ? "" : lower.substring(dot + 1);
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(Arrays.copyOf(data, prefix.length), prefix);
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(folder);
    }
}
