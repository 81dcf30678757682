package org.communeatlas.floods.events;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.communeatlas.core.InvalidInputException;
import org.communeatlas.core.Messages;
import org.communeatlas.core.NotFoundException;

/**
 * The stored flood scenarios (Tam Kỳ river alarm levels I–III, a 2020-like flood, a storm surge) and the roads
 * each cuts: any edge touching the water is impassable, as in the isolation analysis.
 */
public final class Scenarios {

    private final ScenarioStore store;

    public Scenarios(DataSource reader) {
        this.store = new ScenarioStore(reader);
    }

    public List<Scenario> list() throws SQLException {
        return store.list();
    }

    public byte[] floodedRoads(String code) throws SQLException {
        if (!code.matches("[A-Za-z0-9_-]{1,40}")) {
            throw InvalidInputException.field("code", "'" + Messages.shorten(code) + "' is not a scenario code");
        }
        return store.floodedRoads(code).orElseThrow(() -> new NotFoundException("No flood scenario '" + Messages.shorten(code) + "'"));
    }
}
