package org.communeatlas.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.db.Transactions;
import org.communeatlas.db.Transactions.Outcome;
import org.communeatlas.files.CheckedRow;
import org.communeatlas.files.Field;
import org.communeatlas.files.FileLayer;
import org.communeatlas.files.FileLayers;
import org.communeatlas.gdal.GdalStaging;

/**
 * All or nothing: the file is checked to be what its name says ({@link AcceptedFile}), GDAL stages it with the one
 * driver of its format ({@link GdalStaging}); every row is checked — types and ranges here,
 * geometry, codes and references in PostGIS — and only when no row fails are the rows written, in one
 * transaction with its audit entry. Tiles and caches follow through the tables' change notifications.
 */
public final class ImportService {

    /** The most rows a file may hold: ten times the largest district's households. */
    public static final long MAX_ROWS = 1_000_000;

    private final DataSource db;
    private final String stagingUrl;
    private final String reader;
    private final ImportStore store = new ImportStore();

    /**
     * @param db         where the rows are checked and written
     * @param stagingUrl the JDBC URL GDAL stages files through (the same database; a role that may write only there)
     * @param reader     the role of {@code db}, granted the staged table when GDAL's role is another; null: the same
     */
    public ImportService(DataSource db, String stagingUrl, String reader) {
        this.db = db;
        this.stagingUrl = stagingUrl;
        this.reader = reader;
    }

    /** Stages and writes through one role. */
    public ImportService(DataSource db, String jdbcUrl) {
        this(db, jdbcUrl, null);
    }

    public ImportReport run(String layerName, Path file, ImportOptions options) throws SQLException, IOException {
        return run(layerName, file, file.getFileName().toString(), options);
    }

    /** {@code name} is the file's name as its owner knows it (an upload's), for the report and the audit log. */
    public ImportReport run(String layerName, Path file, String name, ImportOptions options) throws SQLException, IOException {
        long started = System.nanoTime();
        FileLayer layer = FileLayers.get(layerName);
        ImportReport report = new ImportReport(layer.name(), name, options.dryRun(), options.replace());
        try (AcceptedFile accepted = AcceptedFile.check(file, name);
             GdalStaging staging = GdalStaging.load(stagingUrl, reader, accepted.path(), accepted.format(), options.srs(), MAX_ROWS)) {
            ColumnMapping mapping = ColumnMapping.of(layer, staging.columns, staging.hasGeometry, options.columns());
            report.columns = mapping.used;
            report.ignoredColumns = mapping.ignored;
            int srid = options.srs() > 0 ? options.srs() : staging.srid > 0 ? staging.srid : 4326;
            if (mapping.xy && options.srs() == 0 && layer.shape() == FileLayer.Shape.POINT) {
                throw InvalidInputException.field("srs", "cột X/Y là tọa độ phẳng: cho biết hệ tọa độ, ví dụ --srs EPSG:5899 (VN-2000 / TM-3 107-45)");
            }
            report.sourceSrid = srid;
            Transactions.decide(db, c -> write(c, layer, staging, mapping, srid, options, report) ? Outcome.commit(null) : Outcome.rollback(null));
        }
        report.elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return report;
    }

    /** Checks every row and writes them when none failed (and this is no dry run); true when written. */
    private boolean write(Connection c, FileLayer layer, GdalStaging staging, ColumnMapping mapping, int srid, ImportOptions options,
                          ImportReport report) throws SQLException {
        store.prepare(c, layer);
        if (!store.knowsSrid(c, srid)) {
            throw InvalidInputException.field("srs", "PostGIS không biết hệ tọa độ EPSG:" + srid);
        }
        int shift = staging.spreadsheet ? 1 : 0;
        report.rows = checkRows(c, layer, staging, mapping, report, shift);
        // a layer whose rows may go unlocated reads no geometry from a sheet without coordinate columns
        if (layer.shape() != FileLayer.Shape.NONE && (mapping.pointColumns || staging.hasGeometry)) {
            store.sourceGeometry(c, staging, mapping.pointColumns, srid);
            String column = mapping.pointColumns ? (mapping.xy ? "x, y" : "lon, lat") : "geometry";
            report(store.geometryFailures(c, layer, srid, column, mapping.xy), shift, mapping, report);
        }
        report(store.repeatedKeys(c, layer, shift), shift, mapping, report);
        if (!options.replace()) {
            report(store.existingRecords(c, layer), shift, mapping, report);
        }
        for (String check : layer.referenceChecks()) {
            report(store.failures(c, check), shift, mapping, report);
        }
        report.problems.sort((a, b) -> Long.compare(a.row(), b.row()));
        if (!report.ok() || options.dryRun()) {
            return false;
        }
        store.finishGeometry(c, layer.shape());
        try {
            report.updated = options.replace() ? store.write(c, layer.updateSql()) : 0;
            report.added = store.write(c, layer.insertSql());
            if (layer.afterInsertSql() != null) {
                store.run(c, layer.afterInsertSql());
            }
        } catch (SQLException refused) {
            // a rule of the schema the checks above did not foresee: nothing is written, the report says which
            String why = refused instanceof org.postgresql.util.PSQLException p && p.getServerErrorMessage() != null
                    ? p.getServerErrorMessage().getMessage() : "ghi thất bại";
            report.problem(0, "", null, "cơ sở dữ liệu từ chối: " + why);
            report.added = 0;
            report.updated = 0;
            return false;
        }
        AuditLog.write(c, options.userId(), options.username(), "import", layer.table(), layer.name(), null,
                new Audited(report.file, report.rows, report.added, report.updated, report.mode, srid), options.address());
        report.written = true;
        return true;
    }

    /** What the audit log keeps of an import. */
    private record Audited(String file, long rows, long added, long updated, String mode, int source_srid) {
    }

    /** Types and ranges of every cell, in Java; rows that pass go to {@code import_ready} through COPY. */
    private long checkRows(Connection c, FileLayer layer, GdalStaging staging, ColumnMapping mapping, ImportReport report, int shift)
            throws SQLException {
        List<String> columns = new ArrayList<>(mapping.byColumn.keySet());
        List<Field> read = new ArrayList<>(mapping.byColumn.values());
        long[] rows = {0};
        try (ImportStore.ReadyCopy copy = store.copyReady(c, layer)) {
            store.stagedRows(staging, columns, (row, cells) -> {
                rows[0]++;
                CheckedRow values = new CheckedRow();
                boolean good = true;
                for (int i = 0; i < read.size(); i++) {
                    Field f = read.get(i);
                    try {
                        values.put(f.name(), f.parse(cells[i]));
                    } catch (IllegalArgumentException | ArithmeticException bad) {
                        report.problem(row + shift, mapping.columnOf(f), cells[i], bad.getMessage());
                        good = false;
                    }
                }
                if (good) {
                    for (CheckedRow.Problem failure : layer.rowChecks(values)) {
                        report.problem(row + shift, mapping.columnOf(failure.field()), String.valueOf(values.value(failure.field())), failure.reason());
                        good = false;
                    }
                }
                if (good) {
                    List<Object> line = new ArrayList<>();
                    for (Field f : layer.fields()) {
                        line.add(values.value(f.name()));
                    }
                    line.add(mapping.xy ? values.value("x") : values.value("lon"));
                    line.add(mapping.xy ? values.value("y") : values.value("lat"));
                    copy.write(row, line);
                }
            });
        }
        return rows[0];
    }

    private static void report(List<ImportStore.Failure> failures, int shift, ColumnMapping mapping, ImportReport report) {
        for (ImportStore.Failure f : failures) {
            report.problem(f.row() + shift, mapping.columnOf(f.field()), f.value(), f.reason());
        }
    }
}
