package org.communeatlas.coverage;

import java.io.IOException;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Set;
import javax.sql.DataSource;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;
import org.communeatlas.coverage.Coverage.Level;
import org.communeatlas.coverage.Coverage.Units;

/**
 * Where each model is active, how far it has spread, which communes have it in every village — with the
 * definitions of {@link Coverage}. Aggregates only: no personal data. Reads go to the read pool.
 */
public final class CoverageService {

    static final Set<String> SECTORS = Set.of("political_system", "culture_society", "economy", "defence_security");

    private final CoverageStore coverage;
    private final ModelStore models;

    public CoverageService(DataSource reader) {
        this.coverage = new CoverageStore(reader);
        this.models = new ModelStore(reader);
    }

    public Coverage.Result coverage(Coverage.Query q) throws SQLException {
        String modelCode = null;
        if (q.modelId() != null) {
            modelCode = models.code(q.modelId()).orElseThrow(() -> new NotFoundException("No model with id " + q.modelId()));
        }
        if (q.units() == Units.U2025 && q.level() == Level.DISTRICT) {
            throw InvalidInputException.field("level", "there are no districts after 1 July 2025; use commune or province with units=2025");
        }
        checkDate(q.asOf());
        Coverage.Result r = coverage.coverage(q);
        return new Coverage.Result(r.query(), modelCode, r.total(), r.rows());
    }

    /** Every model × unit pair where the model is present on the date. */
    public void matrix(LocalDate asOf, Units units, CoverageStore.MatrixSink sink) throws SQLException, IOException {
        checkDate(asOf);
        coverage.matrix(asOf, units, sink);
    }

    public ModelPage models(ModelStore.Filter filter) throws SQLException {
        if (filter.sector() != null && !SECTORS.contains(filter.sector())) {
            throw InvalidInputException.field("sector", "'" + Messages.shorten(filter.sector()) + "' is not one of "
                    + String.join(", ", SECTORS.stream().sorted().toList()));
        }
        if (filter.communeCode() != null && !filter.communeCode().matches("[0-9]{2,5}")) {
            throw InvalidInputException.field("commune", "'" + Messages.shorten(filter.communeCode()) + "' is not a unit code (2 to 5 digits)");
        }
        checkDate(filter.asOf());
        return models.list(filter);
    }

    public ModelDetail model(int id, LocalDate asOf) throws SQLException {
        checkDate(asOf);
        return models.detail(id, asOf).orElseThrow(() -> new NotFoundException("No model with id " + id));
    }

    public ModelSummary summary() throws SQLException {
        return models.summary();
    }

    private static void checkDate(LocalDate d) {
        if (d.getYear() < 1900 || d.getYear() > 2200) {
            throw InvalidInputException.field("asOf", d + " is outside the years 1900–2200");
        }
    }
}
