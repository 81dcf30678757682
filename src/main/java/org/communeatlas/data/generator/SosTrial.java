package org.communeatlas.data.generator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.data.generator.SosGenerator.Call;
import org.communeatlas.data.generator.SosGenerator.Kind;

/**
 * Generated calls for help imported as volunteer lists are, and held against their truth: the quality test's and the
 * benchmark's one measure. A day's list is imported; a quarter of the families are rescued overnight (their first calls
 * marked rescued, the family named, as a team does with PATCH /api/sos/{id}); the next half day's list follows, with
 * reposts of their calls. Then: repeats linked (precision, recall), the family found for calls that name one, rescued
 * calls reopened by a repost, critical calls in the top tenth of the triage order, address-only calls placed in the
 * village they name.
 */
public final class SosTrial {

    /** How the list reaches the server: over HTTP in the test, through the import service in the benchmark. */
    @FunctionalInterface
    public interface Importer {
        void importList(Path csv) throws Exception;
    }

    /** The figures of one trial; {@code misses} shows up to ten repeats left unlinked, to read when the recall falls. */
    public record Score(int calls, int open, long importMs, int linked, int linkedRight, int repeats, int repeatsLinked, int naming,
                        int namedRight, int reposts, int reopened, int critical, int criticalOnTop, int placedCalls, int placedRight,
                        List<String> misses) {

        public double precision() {
            return (double) linkedRight / linked;
        }

        public double recall() {
            return (double) repeatsLinked / repeats;
        }

        public double familyFound() {
            return (double) namedRight / naming;
        }

        public double criticalOnTopShare() {
            return (double) criticalOnTop / critical;
        }

        public String summary() {
            return String.format("%,d calls (%,d open): import %,d ms; duplicates precision %.3f (%d/%d), recall %.3f (%d/%d); "
                    + "family found %.3f (%d/%d); reposts reopened %d of %d; critical in the top tenth %.3f (%d/%d); placed by address %d/%d",
                    calls, open, importMs, precision(), linkedRight, linked, recall(), repeatsLinked, repeats, familyFound(), namedRight, naming,
                    reopened, reposts, criticalOnTopShare(), criticalOnTop, critical, placedRight, placedCalls);
        }
    }

    private SosTrial() {
    }

    /** Imports the two lists of {@code calls} into the database at {@code url} through {@code importer}, and scores them. */
    public static Score run(String url, List<Call> calls, Path dir, Importer importer) throws Exception {
        Files.createDirectories(dir);
        List<Long> ids = new ArrayList<>();
        long importMs = 0;
        try (Connection c = DriverManager.getConnection(url)) {
            for (int wave = 1; wave <= 2; wave++) {
                Path csv = dir.resolve("sos-wave-" + wave + ".csv");
                SosGenerator.writeCsv(calls, wave, csv);
                long before = longs(c, "SELECT coalesce(max(id), 0) FROM sos_request").get(0);
                long started = System.nanoTime();
                importer.importList(csv);
                importMs += (System.nanoTime() - started) / 1_000_000;
                ids.addAll(longs(c, "SELECT id FROM sos_request WHERE id > ? ORDER BY id", before));
                if (wave == 1) {
                    markRescued(c, calls, ids);
                }
            }
            if (ids.size() != calls.size()) {
                throw new IllegalStateException(ids.size() + " calls imported of " + calls.size());
            }
            return score(c, calls, ids, importMs);
        }
    }

    private static void markRescued(Connection c, List<Call> calls, List<Long> ids) throws SQLException {
        List<Long> rescued = new ArrayList<>();
        List<String> families = new ArrayList<>();
        for (Call call : calls) {
            if (call.rescued()) {
                rescued.add(ids.get(call.row()));
                families.add(call.household());
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE sos_request s SET state = 'rescued', household_id = h.id, matched_by = 'officer' "
                + "FROM unnest(?::bigint[], ?::text[]) AS r (id, code) JOIN household h ON h.code = r.code WHERE s.id = r.id AND s.state <> 'duplicate'")) {
            ps.setArray(1, c.createArrayOf("bigint", rescued.toArray()));
            ps.setArray(2, c.createArrayOf("text", families.toArray()));
            ps.executeUpdate();
        }
    }

    private static Score score(Connection c, List<Call> calls, List<Long> ids, long importMs) throws SQLException {
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rowOf.put(ids.get(i), i);
        }
        record Got(String state, Long duplicateOf, String household, String village, String how) {
        }
        Map<Long, Got> got = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.id, s.state, s.duplicate_of, h.code, v.code, s.located_by || ':' || coalesce(s.matched_by, '-') "
                + "FROM sos_request s LEFT JOIN household h ON h.id = s.household_id LEFT JOIN village v ON v.id = s.village_id WHERE s.id >= ?")) {
            ps.setLong(1, ids.get(0));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    got.put(rs.getLong(1), new Got(rs.getString(2), (Long) rs.getObject(3), rs.getString(4), rs.getString(5), rs.getString(6)));
                }
            }
        }
        int linked = 0, linkedRight = 0, repeats = 0, repeatsLinked = 0, naming = 0, namedRight = 0, reposts = 0, reopened = 0;
        int placedCalls = 0, placedRight = 0;
        List<String> misses = new ArrayList<>();
        for (Call call : calls) {
            Got r = got.get(ids.get(call.row()));
            boolean duplicate = r.state().equals("duplicate");
            String family = call.household();
            boolean sameFamily = duplicate && family != null && family.equals(calls.get(rowOf.get(r.duplicateOf())).household());
            if (duplicate) {
                linked++;
                linkedRight += sameFamily ? 1 : 0;
            }
            if (call.kind() == Kind.REPEAT || call.kind() == Kind.REPOST) {
                repeats++;
                repeatsLinked += sameFamily ? 1 : 0;
                if (!sameFamily && misses.size() < 10) {
                    Got first = got.get(ids.get(call.repeats()));
                    misses.add(call.kind() + " " + r.state() + "/" + r.household() + " first:" + first.state() + "/" + first.household() + "/"
                            + first.how() + " " + String.join("|", calls.get(call.repeats()).csv()) + " => " + String.join("|", call.csv()));
                }
            }
            if (call.kind() == Kind.REPOST) {
                reposts++;
                reopened += duplicate ? 0 : 1;
            }
            if (family != null && call.namesFamily()) {
                naming++;
                namedRight += family.equals(r.household()) ? 1 : 0;
            }
            if (call.village() != null && call.csv()[4].isEmpty()) {
                placedCalls++;
                placedRight += call.village().equals(r.village()) ? 1 : 0;
            }
        }
        // the open calls in triage order, as at the last call: the critical ones should head it
        List<Long> order = longs(c, "SELECT s.id FROM sos_request s WHERE s.id >= ? AND s.state = 'new' "
                + "ORDER BY atlas_sos_triage(s, (SELECT max(reported_at) FROM sos_request)) DESC, s.id", ids.get(0));
        int tenth = order.size() / 10;
        int critical = 0, criticalOnTop = 0;
        for (int i = 0; i < order.size(); i++) {
            if (calls.get(rowOf.get(order.get(i))).critical()) {
                critical++;
                criticalOnTop += i < tenth ? 1 : 0;
            }
        }
        return new Score(calls.size(), order.size(), importMs, linked, linkedRight, repeats, repeatsLinked, naming, namedRight, reposts,
                reopened, critical, criticalOnTop, placedCalls, placedRight, misses);
    }

    private static List<Long> longs(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }
}
