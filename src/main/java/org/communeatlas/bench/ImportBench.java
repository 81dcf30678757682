package org.communeatlas.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.db.Database;
import org.communeatlas.exports.ExportFormat;
import org.communeatlas.exports.Exporter;
import org.communeatlas.imports.ImportOptions;
import org.communeatlas.imports.ImportReport;
import org.communeatlas.imports.ImportService;

/**
 * A commune's household list at scale: 100,000 households in a CSV with Vietnamese headers (the demo's
 * 50,000 exported, twice, under new codes) imported into a copy of the demo database, all checks included.
 */
final class ImportBench {

    private static final String DATABASE = "atlas_bench_import";

    private ImportBench() {
    }

    static void run(BenchDatabase databases, Report report) throws Exception {
        String url = databases.demoCopy(DATABASE);
        Path dir = Files.createTempDirectory("atlas-import-bench");
        try {
            Path exported = dir.resolve("ho-gia-dinh-50000.csv");
            new Exporter(url).export("households", ExportFormat.CSV, 4326, true, exported);
            Path csv = dir.resolve("ho-gia-dinh-100000.csv");
            long lines = 0;
            try (BufferedReader in = Files.newBufferedReader(exported, StandardCharsets.UTF_8);
                 BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                String header = in.readLine();
                out.write(header);
                out.newLine();
                String line;
                java.util.List<String> rows = new java.util.ArrayList<>();
                while ((line = in.readLine()) != null) {
                    rows.add(line);
                }
                for (String copy : new String[] {"A-", "B-"}) {
                    for (String row : rows) {
                        out.write(copy);            // the code is the first column: a new household
                        out.write(row);
                        out.newLine();
                        lines++;
                    }
                }
            }
            ImportReport r;
            try (Database db = Database.connect(url, Optional.empty(), 2)) {
                r = new ImportService(db.writer(), url).run("households", csv, new ImportOptions(0, false, false, Map.of(), null, "bench", null));
            }
            if (!r.ok() || r.added != lines) {
                throw new IllegalStateException("import bench: " + r.added + " of " + lines + " added; " + r.problems.stream().limit(3).toList());
            }
            report.line(String.format("Import of %,d households from CSV (Vietnamese headers; GDAL, checks, COPY, snapping to roads, one transaction)", lines));
            report.millis("  whole import", r.elapsedMs);
            report.perSecond("  households", lines * 1000.0 / r.elapsedMs, "rows");
        } finally {
            LoadTools.deleteFiles(dir);
            databases.drop(DATABASE);
        }
    }
}
