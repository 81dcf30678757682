package org.communeatlas.coverage;

import io.javalin.http.Context;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.communeatlas.coverage.Coverage.Level;
import org.communeatlas.coverage.Coverage.Units;
import org.communeatlas.data.Csv;
import org.communeatlas.db.Database;
import org.communeatlas.gdal.Conversions;
import org.communeatlas.web.FileSender;
import org.communeatlas.web.Json;
import org.communeatlas.web.Params;
import org.communeatlas.web.ProblemException;

/**
 * {@code /api/models}, {@code /api/models/summary}, {@code /api/models/{id}}, {@code /api/coverage},
 * {@code /api/coverage.csv} and {@code /api/coverage/matrix.csv}: where each model is active, how far it
 * has spread, which communes have it in every village. Aggregates only: no personal data.
 */
public final class CoverageController {

    private static final Set<String> SECTORS = Set.of("political_system", "culture_society", "economy", "defence_security");

    private final CoverageService coverage;
    private final ModelService models;

    public CoverageController(CoverageService coverage, ModelService models) {
        this.coverage = coverage;
        this.models = models;
    }

    public void listModels(Context ctx) {
        known(ctx, "sector", "host", "commune", "q", "asOf", "sort", "order", "limit", "offset");
        ModelService.Filter filter = new ModelService.Filter(
                Params.single(ctx, "sector").map(s -> {
                    if (!SECTORS.contains(s)) {
                        throw ProblemException.badParameter("sector", "'" + Params.shorten(s) + "' is not one of " + String.join(", ", SECTORS.stream().sorted().toList()));
                    }
                    return s;
                }).orElse(null),
                Params.single(ctx, "host").orElse(null),
                Params.single(ctx, "commune").map(c -> code("commune", c)).orElse(null),
                Params.single(ctx, "q").orElse(null),
                asOf(ctx),
                Params.oneOf(ctx, "sort", ModelService.SORTS.keySet(), "code"),
                Params.oneOf(ctx, "order", Set.of("asc", "desc"), "asc").equals("desc"),
                Params.clampedInt(ctx, "limit", 50, 1, 1_000),
                Params.intParam(ctx, "offset", 0, 0, 1_000_000));
        send(ctx, models.list(filter));
    }

    public void summary(Context ctx) {
        known(ctx);
        send(ctx, models.summary());
    }

    public void model(Context ctx) {
        known(ctx, "asOf");
        int id = Params.parseInt("id", ctx.pathParam("id"), 1, Integer.MAX_VALUE);
        Map<String, Object> model = models.detail(id, asOf(ctx))
                .orElseThrow(() -> ProblemException.notFound("No model with id " + id));
        send(ctx, model);
    }

    public void coverage(Context ctx) {
        Coverage.Result result = coverage.coverage(query(ctx, 500));
        Coverage.Query q = result.query();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", q.modelId());
        out.put("level", q.level().name().toLowerCase(Locale.ROOT));
        out.put("units", q.units().label);
        out.put("asOf", q.asOf().toString());
        out.put("fullOnly", q.fullOnly());
        out.put("total", result.total());
        out.put("limit", q.limit());
        out.put("offset", q.offset());
        out.put("rows", result.rows());
        send(ctx, out);
    }

    public void coverageCsv(Context ctx) throws Exception {
        Coverage.Result result = coverage.coverage(query(ctx, 100_000));
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(result) + ".csv\"");
        ctx.header("Cache-Control", "no-cache");
        writeCsv(result, ctx.outputStream());
    }

    /** The same rows as an Excel sheet. */
    public void coverageXlsx(Context ctx) throws Exception {
        Coverage.Result result = coverage.coverage(query(ctx, 100_000));
        FileSender.send(ctx, Conversions.xlsx(fileName(result), out -> writeCsv(result, out)));
    }

    private static String fileName(Coverage.Result result) {
        return "coverage-" + result.query().level().name().toLowerCase(Locale.ROOT) + "-" + result.query().units().label + "-" + result.query().asOf();
    }

    private static void writeCsv(Coverage.Result result, java.io.OutputStream out) throws java.io.IOException {
        boolean aggregate = result.query().level() != Level.COMMUNE;
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        Csv.RowWriter csv = Csv.writer(w);
        csv.write(aggregate ? new Object[] {"code", "name", "villages_total", "villages_with_model", "share", "full_adoption",
            "communes_total", "communes_full", "communes_full_share"}
                : new Object[] {"code", "name", "villages_total", "villages_with_model", "share", "full_adoption"});
        for (Coverage.Row r : result.rows()) {
            csv.write(aggregate ? new Object[] {r.code(), r.name(), r.villagesTotal(), r.villagesWithModel(), r.share(), r.fullAdoption(),
                r.communesTotal(), r.communesFull(), r.communesFullShare()}
                    : new Object[] {r.code(), r.name(), r.villagesTotal(), r.villagesWithModel(), r.share(), r.fullAdoption()});
        }
        csv.close();
    }

    /** Every model × unit pair where the model is present (the sparse matrix), as CSV. */
    public void matrixCsv(Context ctx) throws Exception {
        known(ctx, "asOf", "units");
        LocalDate asOf = asOf(ctx);
        Units units = units(ctx);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"coverage-matrix-" + units.label + "-" + asOf + ".csv\"");
        ctx.header("Cache-Control", "no-cache");
        Writer w = new OutputStreamWriter(new java.io.BufferedOutputStream(ctx.outputStream(), 1 << 16), StandardCharsets.UTF_8);
        Csv.RowWriter csv = Csv.writer(w);
        csv.write("model_code", "model_name", "unit_code", "unit_name", "villages_with_model", "villages_total", "share", "full_adoption");
        coverage.matrix(asOf, units, (model, modelName, unit, unitName, with, total) ->
                csv.write(model, modelName, unit, unitName, with, total, Math.round(10_000.0 * with / total) / 10_000.0, with == total));
        csv.close();
    }

    private Coverage.Query query(Context ctx, int defaultLimit) {
        known(ctx, "model", "level", "asOf", "units", "full_only", "sort", "order", "limit", "offset");
        Integer model = Params.optionalInt(ctx, "model", 1, Integer.MAX_VALUE).orElse(null);
        if (model != null && models.detail(model, LocalDate.now(Database.ZONE)).isEmpty()) {
            throw ProblemException.notFound("No model with id " + model);
        }
        Level level = Level.valueOf(Params.oneOf(ctx, "level", Set.of("commune", "district", "province"), "commune").toUpperCase(Locale.ROOT));
        Units units = units(ctx);
        if (units == Units.U2025 && level == Level.DISTRICT) {
            throw ProblemException.badParameter("level", "there are no districts after 1 July 2025; use commune or province with units=2025");
        }
        return new Coverage.Query(model, level, asOf(ctx), units, Params.bool(ctx, "full_only", false),
                Params.oneOf(ctx, "sort", CoverageService.SORTS.keySet(), "code"),
                Params.oneOf(ctx, "order", Set.of("asc", "desc"), "asc").equals("desc"),
                Params.clampedInt(ctx, "limit", defaultLimit, 1, 100_000), Params.intParam(ctx, "offset", 0, 0, 1_000_000));
    }

    private static Units units(Context ctx) {
        return Params.oneOf(ctx, "units", Set.of("2024", "2025"), "2024").equals("2025") ? Units.U2025 : Units.U2024;
    }

    private static LocalDate asOf(Context ctx) {
        LocalDate d = Params.date(ctx, "asOf", LocalDate.now(Database.ZONE));
        if (d.getYear() < 1900 || d.getYear() > 2200) {
            throw ProblemException.badParameter("asOf", d + " is outside the years 1900–2200");
        }
        return d;
    }

    private static String code(String name, String value) {
        if (!value.matches("[0-9]{2,5}")) {
            throw ProblemException.badParameter(name, "'" + Params.shorten(value) + "' is not a unit code (2 to 5 digits)");
        }
        return value;
    }

    static void known(Context ctx, String... names) {
        Params.known(ctx, names);
    }

    private static void send(Context ctx, Object body) {
        ctx.header("Cache-Control", "no-cache");
        Json.send(ctx, body);
    }
}
