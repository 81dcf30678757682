package org.communeatlas.cli;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.data.DemoLoader;
import org.communeatlas.db.Database;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import org.communeatlas.db.Migrations;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.imports.ImportReport;
import org.communeatlas.imports.ImportOptions;
import org.communeatlas.imports.ImportService;
import org.communeatlas.geo.Srs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import demo} loads the demo dataset; {@code import <layer> <file>} loads an official's file, all or nothing. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import data, all or nothing: every row is checked first; any problem and nothing is written.",
            "  import demo                    the demo dataset, into an empty database",
            "  import <layer> <file>          layers: households, evacuation_points, villages, models, adoptions, communes, admin_units_2025;",
            "                                 files: GeoJSON, zipped Shapefile, GeoPackage, CSV, .xlsx (read by GDAL)"})
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "LAYER", description = "demo, households, evacuation_points, villages, models, adoptions, communes or admin_units_2025")
    String what;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "the file to import")
    Path file;

    @Option(names = "--dir", paramLabel = "DIR", description = "for 'demo': dataset directory (default: data/ of the checkout)")
    Path dir;

    @Option(names = "--srs", paramLabel = "EPSG:n", description = "the file's coordinate system when it does not say (or says wrong), "
            + "e.g. EPSG:5899 for VN-2000 / TM-3 107-45")
    String srs;

    @Option(names = "--dry-run", description = "check every row and report, write nothing")
    boolean dryRun;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--append", description = "add the rows; a code already present is a problem (default)")
        boolean append;
        @Option(names = "--replace", description = "rows whose code is present update that record; others are added")
        boolean replace;
    }

    @Option(names = "--column", paramLabel = "HEADER=FIELD", description = "map a column of the file to one of ours, "
            + "e.g. --column \"Tên chủ hộ gia đình=head_name\" (Vietnamese headers are recognised without it)")
    Map<String, String> columns = new LinkedHashMap<>();

    @Option(names = "--report", paramLabel = "FILE", description = "write the problems as CSV (row, column, value, reason)")
    Path report;

    @Override
    public Integer call() throws Exception {
        AtlasConfig config = options.resolve();
        if (what.equals("demo")) {
            return demo(config);
        }
        if (file == null) {
            throw new IllegalArgumentException("import " + what + ": which file?");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file);
        }
        DatabaseUrls urls = DatabaseLocator.resolve(config);
        ServeCommand.prepareSchema(urls, config);
        try (Database db = Database.connect(urls.app(), Optional.empty(), 2)) {
            ImportReport r = new ImportService(db.writer(), urls.importUrl(), DatabaseUrls.user(urls.app()).orElse(null)).run(what, file,
                    new ImportOptions(srs == null ? 0 : Srs.parse(srs), dryRun, mode.replace, columns, null, "cli:" + System.getProperty("user.name"), null));
            System.out.printf("%s ← %s (EPSG:%d): %,d rows read, %,d problems; %s%n", r.layer, r.file, r.sourceSrid, r.rows,
                    r.problems.size(), r.written ? String.format("%,d added, %,d updated", r.added, r.updated)
                            : r.dryRun && r.ok() ? "dry run, nothing written" : "nothing written");
            r.columns.forEach((column, field) -> System.out.printf("  %-28s → %s%n", column, field));
            if (!r.ignoredColumns.isEmpty()) {
                System.out.println("  ignored columns: " + String.join(", ", r.ignoredColumns));
            }
            r.problems.stream().limit(20).forEach(p -> System.out.printf("  row %d, %s = %s: %s%n", p.row(), p.column(), p.value(), p.reason()));
            if (r.problems.size() > 20) {
                System.out.printf("  … %,d more%s%n", r.problems.size() - 20, report == null ? " (--report FILE writes them all)" : "");
            }
            if (report != null) {
                try (Writer w = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                    r.writeCsv(w);
                }
            }
            return r.ok() ? 0 : 2;
        } catch (InvalidInputException e) {
            System.err.println("import " + what + ": " + e.field() + ": " + e.getMessage());
            return 2;
        }
    }

    private int demo(AtlasConfig config) {
        // the demo fills every table, roads and scenarios included: the schema's owner loads it
        String owner = DatabaseLocator.ownerUrl(config);
        Migrations.run(owner, Optional.empty());
        try (Database db = Database.connect(owner, Optional.empty(), 2)) {
            if (!DemoLoader.isEmpty(db.writer())) {
                throw new IllegalStateException("the database already holds data; the demo loads only into an empty database");
            }
            DemoLoader.load(db.writer(), dir != null ? dir : config.home().resolve("data"))
                    .forEach((table, rows) -> System.out.printf("%-18s %,9d%n", table, rows));
        }
        return 0;
    }
}
