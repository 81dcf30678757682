package org.communeatlas.households;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changes a phone queued offline and sends when the network returns: each with an Idempotency-Key (sent twice, or twice
 * at once, it is applied once and the replay gets the first answer) and the version it was made on (If-Match: a
 * household changed meanwhile is a 412 to review, never overwritten); a refusal (the site filled) consumes nothing.
 */
class QueuedChangesTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static List<Long> households;
    private static int site;

    @BeforeAll
    static void officerAndSite() {
        Accounts.create(url, "queue-officer", Role.OFFICER, TAM_THANG);
        officer = server.signIn("queue-officer", Accounts.PASSWORD);
        households = Sql.longs(url, "SELECT h.id FROM household h WHERE h.commune_code = ? AND h.status <> 'evacuated' ORDER BY h.id LIMIT 6", TAM_THANG);
        site = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id AND a.code = ? "
                + "WHERE p.is_open AND p.kind <> 'solid_house' AND p.capacity_day - p.occupancy - p.reserved >= 80 ORDER BY p.id LIMIT 1", TAM_THANG))
                .intValue();
    }

    private static HttpResponse<String> patch(long household, String body, String... headers) {
        return officer.send("PATCH", "/api/households/" + household, body, headers);
    }

    private static long audited(long household) {
        return Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'household_status' AND entity_id = ?", String.valueOf(household));
    }

    private static long occupancy() {
        return Sql.count(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site);
    }

    @Test
    void aChangeSentTwiceIsAppliedOnce() {
        long h = households.get(0);
        String etag = officer.get("/api/households/" + h).headers().firstValue("ETag").orElseThrow();
        String body = "{\"status\": \"evacuated\", \"site_id\": " + site + "}";
        String key = UUID.randomUUID().toString();
        long before = occupancy();
        HttpResponse<String> first = patch(h, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals(200, first.statusCode(), first.body());
        String newTag = first.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, newTag);
        HttpResponse<String> again = patch(h, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(first.body(), again.body(), "the first answer, as it was");
        assertEquals(newTag, again.headers().firstValue("ETag").orElse(""), "and the version it made, for the next change");
        assertEquals(1, audited(h), "applied once");
        long members = Sql.count(url, "SELECT members FROM household WHERE id = ?", h);
        assertEquals(before + members, occupancy(), "its people counted at the site once");
        // the same key for another change is refused, naming the header
        HttpResponse<String> misused = patch(h, "{\"status\": \"safe\"}", "Idempotency-Key", key);
        assertEquals(400, misused.statusCode());
        assertTrue(misused.body().contains("Idempotency-Key"), misused.body());
    }

    @Test
    void aQueueSentTwiceAtOnceAppliesEachChangeOnce() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        List<Long> three = households.subList(1, 4);
        long before = occupancy();
        for (int round = 0; round < 2; round++) {
            for (long h : three) {
                String key = "queue-" + h;
                sent.add(CompletableFuture.supplyAsync(() -> patch(h, "{\"status\": \"evacuated\", \"site_id\": " + site + "}", "Idempotency-Key", key)));
            }
        }
        int replayed = 0;
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            replayed += r.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
        }
        assertEquals(3, replayed);
        long people = 0;
        for (long h : three) {
            assertEquals(1, audited(h), "household " + h + " changed once");
            people += Sql.count(url, "SELECT members FROM household WHERE id = ?", h);
        }
        assertEquals(before + people, occupancy());
    }

    @Test
    void aHouseholdChangedMeanwhileIsShownForReviewNotOverwritten() {
        long h = households.get(4);
        String etag = officer.get("/api/households/" + h).headers().firstValue("ETag").orElseThrow();
        assertEquals(200, patch(h, "{\"status\": \"isolated\"}").statusCode()); // another officer, meanwhile
        HttpResponse<String> stale = patch(h, "{\"status\": \"safe\"}", "If-Match", etag, "Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(412, stale.statusCode());
        assertTrue(stale.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(stale.body().contains("isolated") && stale.body().contains("If-Match"), stale.body());
        assertEquals("isolated", Sql.scalar(url, "SELECT status FROM household WHERE id = ?", h), "nothing overwritten");
    }

    @Test
    void aChangeRefusedBecauseTheSiteFilledCanBeSentAgainLater() {
        long h = households.get(5);
        int full = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id AND a.code = ? "
                + "WHERE p.is_open AND p.kind <> 'solid_house' AND p.id <> ? ORDER BY p.id LIMIT 1", TAM_THANG, site)).intValue();
        Sql.update(url, "UPDATE evacuation_point SET reserved = capacity_day - occupancy WHERE id = ?", full);
        String key = UUID.randomUUID().toString();
        String body = "{\"status\": \"evacuated\", \"site_id\": " + full + "}";
        HttpResponse<String> refused = patch(h, body, "Idempotency-Key", key);
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals(0, audited(h));
        Sql.update(url, "UPDATE evacuation_point SET reserved = 0 WHERE id = ?", full);
        HttpResponse<String> resent = patch(h, body, "Idempotency-Key", key);
        assertEquals(200, resent.statusCode(), resent.body());
        assertTrue(resent.headers().firstValue("Idempotent-Replayed").isEmpty(), "applied now, not a replay of the refusal");
        assertEquals(1, audited(h));
    }
}
