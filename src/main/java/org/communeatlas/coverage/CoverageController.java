package org.communeatlas.coverage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.communeatlas.core.Values;
import org.communeatlas.coverage.Coverage.Level;
import org.communeatlas.coverage.Coverage.Units;
import org.communeatlas.data.Csv;
import org.communeatlas.db.Database;
import org.communeatlas.gdal.Conversions;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;

/**
 * {@code /api/models}, {@code /api/models/summary}, {@code /api/models/{id}}, {@code /api/coverage},
 * {@code /api/coverage.csv} and {@code /api/coverage/matrix.csv}: where each model is active, how far it
 * has spread, which communes have it in every village. Aggregates only: no personal data.
 */
public final class CoverageController {

    /** The answer of {@code /api/coverage}: the query as understood, and a page of unit rows. */
    private record Answer(Integer model, String level, String units, @JsonProperty("asOf") LocalDate asOf,
                          @JsonProperty("fullOnly") boolean fullOnly, long total, int limit, int offset, List<Coverage.Row> rows) {
    }

    private final CoverageService coverage;

    public CoverageController(CoverageService coverage) {
        this.coverage = coverage;
    }

    public void listModels(Context ctx) throws Exception {
        known(ctx, "sector", "host", "commune", "q", "asOf", "sort", "order", "limit", "offset");
        ModelStore.Filter filter = new ModelStore.Filter(
                Params.single(ctx, "sector").orElse(null),
                Params.single(ctx, "host").orElse(null),
                Params.single(ctx, "commune").orElse(null),
                Params.single(ctx, "q").orElse(null),
                asOf(ctx),
                Params.oneOf(ctx, "sort", ModelStore.SORTS.keySet(), "code"),
                Params.oneOf(ctx, "order", Set.of("asc", "desc"), "asc").equals("desc"),
                Params.clampedInt(ctx, "limit", 50, 1, 1_000),
                Params.intParam(ctx, "offset", 0, 0, 1_000_000));
        send(ctx, coverage.models(filter));
    }

    public void summary(Context ctx) throws Exception {
        known(ctx);
        send(ctx, coverage.summary());
    }

    public void model(Context ctx) throws Exception {
        known(ctx, "asOf");
        int id = Values.parseInt("id", ctx.pathParam("id"), 1, Integer.MAX_VALUE);
        send(ctx, coverage.model(id, asOf(ctx)));
    }

    public void coverage(Context ctx) throws Exception {
        Coverage.Result result = coverage.coverage(query(ctx, 500));
        Coverage.Query q = result.query();
        send(ctx, new Answer(q.modelId(), q.level().name().toLowerCase(Locale.ROOT), q.units().label, q.asOf(), q.fullOnly(), result.total(),
                q.limit(), q.offset(), result.rows()));
    }

    public void coverageCsv(Context ctx) throws Exception {
        boolean english = english(ctx);
        Coverage.Result result = coverage.coverage(query(ctx, 100_000));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + CoverageSheets.fileName(result, english) + ".csv\"");
        ctx.header("Cache-Control", "no-cache");
        CoverageSheets.write(result, ctx.outputStream(), english);
    }

    /** The same rows as an Excel sheet. */
    public void coverageXlsx(Context ctx) throws Exception {
        boolean english = english(ctx);
        Coverage.Result result = coverage.coverage(query(ctx, 100_000));
        FileSender.send(ctx, Conversions.xlsx(CoverageSheets.fileName(result, english), CoverageSheets.sheetName(english),
                out -> CoverageSheets.write(result, out, english)));
    }

    /** Every model × unit pair where the model is present (the sparse matrix), as CSV. */
    public void matrixCsv(Context ctx) throws Exception {
        known(ctx, "asOf", "units", "lang");
        boolean english = english(ctx);
        LocalDate asOf = asOf(ctx);
        Units units = units(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + CoverageSheets.matrixFileName(units, asOf, english) + ".csv\"");
        ctx.header("Cache-Control", "no-cache");
        Csv.RowWriter csv = CoverageSheets.matrix(ctx.outputStream(), english);
        coverage.matrix(asOf, units, (model, modelName, unit, unitName, with, total) ->
                csv.write(model, modelName, unit, unitName, with, total, Math.round(10_000.0 * with / total) / 10_000.0,
                        CoverageSheets.yesNo(with == total, english)));
        csv.close();
    }

    /** Sheets are in Vietnamese unless {@code lang=en}. */
    private static boolean english(Context ctx) {
        return Params.oneOf(ctx, "lang", Set.of("vi", "en"), "vi").equals("en");
    }

    private static Coverage.Query query(Context ctx, int defaultLimit) {
        known(ctx, "model", "level", "asOf", "units", "full_only", "sort", "order", "limit", "offset", "lang");
        Integer model = Params.optionalInt(ctx, "model", 1, Integer.MAX_VALUE).orElse(null);
        Level level = Level.valueOf(Params.oneOf(ctx, "level", Set.of("commune", "district", "province"), "commune").toUpperCase(Locale.ROOT));
        return new Coverage.Query(model, level, asOf(ctx), units(ctx), Params.bool(ctx, "full_only", false),
                Params.oneOf(ctx, "sort", CoverageStore.SORTS.keySet(), "code"),
                Params.oneOf(ctx, "order", Set.of("asc", "desc"), "asc").equals("desc"),
                Params.clampedInt(ctx, "limit", defaultLimit, 1, 100_000), Params.intParam(ctx, "offset", 0, 0, 1_000_000));
    }

    private static Units units(Context ctx) {
        return Params.oneOf(ctx, "units", Set.of("2024", "2025"), "2024").equals("2025") ? Units.U2025 : Units.U2024;
    }

    private static LocalDate asOf(Context ctx) {
        return Params.date(ctx, "asOf", LocalDate.now(Database.ZONE));
    }

    static void known(Context ctx, String... names) {
        Params.known(ctx, names);
    }

    private static void send(Context ctx, Object body) {
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, body);
    }
}
