package org.communeatlas.imports;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an import did or would do: rows read, added and updated, the columns used and ignored, and every
 * row that failed a check (row, column, value, reason) — the report officials download as CSV.
 */
public final class ImportReport {

    /** One failed check. {@code row} is the line of the sheet (header = 1) or the feature's number in the file. */
    public record Problem(long row, String column, String value, String reason) {
    }

    @JsonProperty public final String layer;
    @JsonProperty public final String file;
    @JsonProperty("dry_run") public final boolean dryRun;
    @JsonProperty public final String mode;
    @JsonProperty("source_srid") public int sourceSrid;
    @JsonProperty public long rows;
    @JsonProperty public long added;
    @JsonProperty public long updated;
    @JsonProperty public boolean written;
    @JsonProperty("columns") public Map<String, String> columns = Map.of();
    @JsonProperty("ignored_columns") public List<String> ignoredColumns = List.of();
    @JsonProperty("elapsed_ms") public long elapsedMs;
    @JsonProperty public final List<Problem> problems = new ArrayList<>();

    ImportReport(String layer, String file, boolean dryRun, boolean replace) {
        this.layer = layer;
        this.file = file;
        this.dryRun = dryRun;
        this.mode = replace ? "replace" : "append";
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    void problem(long row, String column, String value, String reason) {
        problems.add(new Problem(row, column, value, reason));
    }

    /** The problems as CSV with Vietnamese headers (UTF-8 with a byte-order mark, so Excel reads the diacritics). */
    public void writeCsv(Writer out) throws IOException {
        out.write('\ufeff');
        out.write("dòng,cột,giá trị,lý do\r\n");
        for (Problem p : problems) {
            out.write(p.row() + "," + cell(p.column()) + "," + cell(p.value()) + "," + cell(p.reason()) + "\r\n");
        }
    }

    /** The problems as CSV text. */
    public String problemsCsv() {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            writeCsv(w);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String cell(String s) {
        if (s == null) {
            return "";
        }
        // a value starting with = + - @ would be a formula in a spreadsheet
        String safe = s.matches("^[=+\\-@].*") ? "'" + s : s;
        return safe.matches(".*[\",\r\n].*") ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
