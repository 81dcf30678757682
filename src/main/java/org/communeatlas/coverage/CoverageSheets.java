package org.communeatlas.coverage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.communeatlas.coverage.Coverage.Level;
import org.communeatlas.data.Csv;

/**
 * Coverage as the sheets officials open: Vietnamese headers (English on request), yes and no in words, UTF-8 with a
 * byte-order mark so that Excel on Windows reads the diacritics, and a file name that says which model, which units
 * and which date.
 */
final class CoverageSheets {

    /** The sheet's name in Excel: 31 characters at most. */
    static String sheetName(boolean english) {
        return english ? "Coverage" : "Độ phủ mô hình";
    }

    private static final List<String> UNIT_VI = List.of("Mã đơn vị", "Tên đơn vị", "Số thôn", "Số thôn có mô hình", "Tỷ lệ thôn có mô hình",
            "Toàn bộ các thôn có mô hình");
    private static final List<String> UNIT_EN = List.of("code", "name", "villages_total", "villages_with_model", "share", "full_adoption");
    private static final List<String> AGGREGATE_VI = List.of("Số xã", "Số xã phủ toàn bộ", "Tỷ lệ xã phủ toàn bộ");
    private static final List<String> AGGREGATE_EN = List.of("communes_total", "communes_full", "communes_full_share");
    private static final List<String> MATRIX_VI = List.of("Mã mô hình", "Tên mô hình", "Mã đơn vị", "Tên đơn vị", "Số thôn có mô hình",
            "Số thôn", "Tỷ lệ", "Toàn bộ các thôn có mô hình");
    private static final List<String> MATRIX_EN = List.of("model_code", "model_name", "unit_code", "unit_name", "villages_with_model",
            "villages_total", "share", "full_adoption");

    private CoverageSheets() {
    }

    /** "do-phu-DVK-00002-xa-2024-2025-06-30": the model (or any model), the level, the unit set, the date. */
    static String fileName(Coverage.Result result, boolean english) {
        Coverage.Query q = result.query();
        String model = result.modelCode() != null ? result.modelCode() : english ? "any-model" : "moi-mo-hinh";
        String level = english ? q.level().name().toLowerCase(Locale.ROOT) : switch (q.level()) {
            case COMMUNE -> "xa";
            case DISTRICT -> "huyen";
            case PROVINCE -> "tinh";
        };
        return (english ? "coverage-" : "do-phu-") + model + "-" + level + "-" + q.units().label + "-" + q.asOf();
    }

    static String matrixFileName(Coverage.Units units, java.time.LocalDate asOf, boolean english) {
        return (english ? "coverage-matrix-" : "do-phu-tat-ca-mo-hinh-") + units.label + "-" + asOf;
    }

    /** The rows of a coverage answer. */
    static void write(Coverage.Result result, OutputStream out, boolean english) throws IOException {
        boolean aggregate = result.query().level() != Level.COMMUNE;
        Writer w = writer(out);
        Csv.RowWriter csv = Csv.sheetWriter(w);
        List<String> header = new java.util.ArrayList<>(english ? UNIT_EN : UNIT_VI);
        if (aggregate) {
            header.addAll(english ? AGGREGATE_EN : AGGREGATE_VI);
        }
        csv.write(header.toArray());
        for (Coverage.Row r : result.rows()) {
            csv.write(aggregate ? new Object[] {r.code(), r.name(), r.villagesTotal(), r.villagesWithModel(), r.share(), yesNo(r.fullAdoption(), english),
                r.communesTotal(), r.communesFull(), r.communesFullShare()}
                    : new Object[] {r.code(), r.name(), r.villagesTotal(), r.villagesWithModel(), r.share(), yesNo(r.fullAdoption(), english)});
        }
        csv.close();
    }

    /** The header of the model × unit matrix, and a writer of its rows. */
    static Csv.RowWriter matrix(OutputStream out, boolean english) throws IOException {
        Csv.RowWriter csv = Csv.sheetWriter(writer(out));
        csv.write((english ? MATRIX_EN : MATRIX_VI).toArray());
        return csv;
    }

    static String yesNo(boolean value, boolean english) {
        return english ? (value ? "yes" : "no") : (value ? "có" : "không");
    }

    /** UTF-8 with a byte-order mark: the mark tells Excel the encoding. */
    private static Writer writer(OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(new java.io.BufferedOutputStream(out, 1 << 16), StandardCharsets.UTF_8);
        w.write('\ufeff');
        return w;
    }
}
