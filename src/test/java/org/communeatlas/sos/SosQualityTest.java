package org.communeatlas.sos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.data.generator.SosGenerator;
import org.communeatlas.data.generator.SosGenerator.Call;
import org.communeatlas.data.generator.SosGenerator.Kind;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated calls for help with their truth, imported as volunteer lists are (a day's list, then — after a
 * quarter of the families were rescued — the next half day's, with reposts of their calls), and held against the truth:
 * repeats linked (precision and recall ≥ 0.95), the family found for ≥ 90 % of the calls that name one, no rescued
 * family's call reopened by a repost, ≥ 90 % of the calls where a life is at stake in the top tenth of the triage order,
 * and every call without coordinates whose address names a village placed in that village.
 */
class SosQualityTest extends DemoServerTest {

    private static final int CALLS = 10_000;

    @Test
    void tenThousandCallsAreLinkedMatchedPlacedAndOrderedAsTheTruthSays() throws Exception {
        Accounts.create(url, "sos.quality", Viewer.Role.ADMIN);
        TestServer.Session admin = server.signIn("sos.quality", Accounts.PASSWORD);
        List<Call> calls = SosGenerator.generate(TestServer.repoRoot().resolve("data"), CALLS, 20251029L);
        Path dir = Files.createDirectories(Path.of("target", "sos-quality"));
        List<Long> ids = new ArrayList<>();
        long importMs = 0;
        for (int wave = 1; wave <= 2; wave++) {
            Path csv = dir.resolve("sos-wave-" + wave + ".csv");
            SosGenerator.writeCsv(calls, wave, csv);
            long before = Sql.count(url, "SELECT coalesce(max(id), 0) FROM sos_request");
            long started = System.nanoTime();
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/sos?filename=" + csv.getFileName()))
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)), "Content-Type", "application/octet-stream", "Cookie", admin.cookie(),
                    "X-CSRF-Token", admin.csrf(), "Origin", server.base());
            importMs += (System.nanoTime() - started) / 1_000_000;
            assertEquals(201, r.statusCode(), r.body());
            ids.addAll(Sql.longs(url, "SELECT id FROM sos_request WHERE id > ? ORDER BY id", before));
            if (wave == 1) {
                // the families the truth names as rescued were reached overnight: the teams mark their first calls rescued and
                // say which family it was (PATCH /api/sos/{id} with household_id does the same)
                List<Long> rescued = new ArrayList<>();
                List<String> families = new ArrayList<>();
                for (Call c : calls) {
                    if (c.rescued()) {
                        rescued.add(ids.get(c.row()));
                        families.add(c.household());
                    }
                }
                Sql.update(url, "UPDATE sos_request s SET state = 'rescued', household_id = h.id, matched_by = 'officer' "
                        + "FROM unnest(?::bigint[], ?::text[]) AS r (id, code) JOIN household h ON h.code = r.code WHERE s.id = r.id AND s.state <> 'duplicate'",
                        rescued.toArray(Long[]::new), families.toArray(String[]::new));
            }
        }
        assertEquals(CALLS, ids.size());
        Map<Long, Integer> rowOf = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            rowOf.put(ids.get(i), i);
        }
        Map<Long, List<Object>> got = new HashMap<>();
        for (List<Object> r : Sql.rows(url, "SELECT s.id, s.state, s.duplicate_of, h.code, v.code, s.located_by || ':' || coalesce(s.matched_by, '-') FROM sos_request s "
                + "LEFT JOIN household h ON h.id = s.household_id LEFT JOIN village v ON v.id = s.village_id WHERE s.id >= ?", ids.get(0))) {
            got.put(((Number) r.get(0)).longValue(), r);
        }

        int linked = 0, linkedRight = 0, repeats = 0, repeatsLinked = 0, naming = 0, namedRight = 0, reposts = 0, reopened = 0;
        int placedCalls = 0, placedRight = 0;
        List<String> misses = new ArrayList<>();
        for (Call c : calls) {
            List<Object> r = got.get(ids.get(c.row()));
            String state = (String) r.get(1);
            boolean duplicate = state.equals("duplicate");
            String family = c.household();
            boolean sameFamily = duplicate && family != null && family.equals(calls.get(rowOf.get(((Number) r.get(2)).longValue())).household());
            if (duplicate) {
                linked++;
                linkedRight += sameFamily ? 1 : 0;
            }
            if (c.kind() == Kind.REPEAT || c.kind() == Kind.REPOST) {
                repeats++;
                repeatsLinked += sameFamily ? 1 : 0;
                if (!sameFamily && misses.size() < 10) {
                    List<Object> f = got.get(ids.get(c.repeats()));
                    misses.add(c.kind() + " " + state + "/" + r.get(3) + " first:" + f.get(1) + "/" + f.get(3) + "/" + f.get(5) + " "
                            + String.join("|", calls.get(c.repeats()).csv()) + " => " + String.join("|", c.csv()));
                }
            }
            if (c.kind() == Kind.REPOST) {
                reposts++;
                reopened += duplicate ? 0 : 1;
            }
            if (family != null && c.namesFamily()) {
                naming++;
                namedRight += family.equals(r.get(3)) ? 1 : 0;
            }
            if (c.village() != null && c.csv()[4].isEmpty()) {
                placedCalls++;
                placedRight += c.village().equals(r.get(4)) ? 1 : 0;
            }
        }
        // the open calls in triage order, as at the last call: the critical ones should head it
        List<Long> order = Sql.longs(url, "SELECT s.id FROM sos_request s WHERE s.id >= ? AND s.state = 'new' "
                + "ORDER BY atlas_sos_triage(s, (SELECT max(reported_at) FROM sos_request)) DESC, s.id", ids.get(0));
        int tenth = order.size() / 10;
        int critical = 0, criticalOnTop = 0;
        for (int i = 0; i < order.size(); i++) {
            if (calls.get(rowOf.get(order.get(i))).critical()) {
                critical++;
                criticalOnTop += i < tenth ? 1 : 0;
            }
        }
        double precision = (double) linkedRight / linked;
        double recall = (double) repeatsLinked / repeats;
        double matched = (double) namedRight / naming;
        double onTop = (double) criticalOnTop / critical;
        System.out.printf("SOS quality, %,d calls (%,d open): import %,d ms; duplicates precision %.3f (%d/%d), recall %.3f (%d/%d); "
                + "family found %.3f (%d/%d); reposts reopened %d of %d; critical in the top tenth %.3f (%d/%d); placed by address %d/%d%n",
                CALLS, order.size(), importMs, precision, linkedRight, linked, recall, repeatsLinked, repeats, matched, namedRight, naming,
                reopened, reposts, onTop, criticalOnTop, critical, placedRight, placedCalls);
        misses.forEach(m -> System.out.println("MISS " + m));
        assertTrue(precision >= 0.95, "duplicate precision " + precision);
        assertTrue(recall >= 0.95, "duplicate recall " + recall);
        assertTrue(matched >= 0.90, "household match " + matched);
        assertTrue(reposts > 0);
        assertEquals(0, reopened, "a rescued family's call posted again opens nothing");
        assertTrue(critical > 0 && onTop >= 0.90, "critical calls in the top tenth: " + onTop);
        assertTrue(placedCalls > 0);
        assertEquals(placedCalls, placedRight, "every address naming a village places the call there");
    }
}
