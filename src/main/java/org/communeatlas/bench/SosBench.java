package org.communeatlas.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.generator.SosGenerator;
import org.communeatlas.data.generator.SosTrial;
import org.communeatlas.db.Database;
import org.communeatlas.imports.ImportOptions;
import org.communeatlas.imports.ImportReport;
import org.communeatlas.imports.ImportService;

/**
 * Calls for help at the scale of the 2024–2025 floods' volunteer maps: 100,000 generated calls imported as two lists
 * into a copy of the demo database (50,000 families) and held against their truth — the quality test's measure, ten
 * times over. The import time is both lists' whole import: GDAL, checks, insert, and every call placed, matched and
 * linked in the order of the calls.
 */
final class SosBench {

    private static final String DATABASE = "atlas_bench_sos";
    static final int CALLS = 100_000;

    private SosBench() {
    }

    static void run(AtlasConfig config, BenchDatabase databases, Report report) throws Exception {
        String url = databases.demoCopy(DATABASE);
        Path dir = Files.createTempDirectory("atlas-sos-bench");
        try (Database db = Database.connect(url, Optional.empty(), 2)) {
            List<SosGenerator.Call> calls = SosGenerator.generate(config.home().resolve("data"), CALLS, 20251029L);
            ImportService imports = new ImportService(db.writer(), url);
            SosTrial.Score s = SosTrial.run(url, calls, dir, csv -> {
                ImportReport r = imports.run("sos", csv, new ImportOptions(0, false, false, Map.of(), null, "bench", null));
                if (!r.ok()) {
                    throw new IllegalStateException("SOS import bench: " + r.problems.stream().limit(3).toList());
                }
            });
            report.line(String.format("Calls for help: %,d generated calls in two lists, imported and held against their truth", CALLS));
            report.millis("  import of both lists (goal ≤ 60,000)", s.importMs());
            report.perSecond("  calls", CALLS * 1000.0 / s.importMs(), "calls");
            report.line(String.format(Locale.ROOT, "  duplicates precision %.3f (%,d of %,d linked), recall %.3f (%,d of %,d repeats); goal ≥ 0.95",
                    s.precision(), s.linkedRight(), s.linked(), s.recall(), s.repeatsLinked(), s.repeats()));
            report.line(String.format(Locale.ROOT, "  family found %.3f (%,d of %,d calls naming a listed family); goal ≥ 0.90",
                    s.familyFound(), s.namedRight(), s.naming()));
            report.line(String.format(Locale.ROOT, "  rescued calls reopened by a repost: %d of %,d reposts; goal 0", s.reopened(), s.reposts()));
            report.line(String.format(Locale.ROOT, "  critical calls in the top tenth of the triage order %.3f (%d of %d); goal ≥ 0.90",
                    s.criticalOnTopShare(), s.criticalOnTop(), s.critical()));
            report.line(String.format(Locale.ROOT, "  address-only calls placed in the village they name: %,d of %,d", s.placedRight(), s.placedCalls()));
        } finally {
            LoadTools.deleteFiles(dir);
            databases.drop(DATABASE);
        }
    }
}
