package org.communeatlas.households;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A site's report from the field — closed, the people counted, a note — made offline on the version the commune pack
 * carried: applied once however often it is sent, refused (412) when the site changed meanwhile, refused (409) over
 * the site's capacity; only the site's commune reports on it; the audit keeps what changed, not the note's words.
 */
class SiteReportTest extends DemoServerTest {

    private static final String TAM_THANG = "20362";
    private static TestServer.Session officer;
    private static TestServer.Session elsewhere;
    private static int site;

    @BeforeAll
    static void officersAndSite() {
        Accounts.create(url, "site-officer", Role.OFFICER, TAM_THANG);
        Accounts.create(url, "site-stranger", Role.OFFICER, "20359");
        officer = server.signIn("site-officer", Accounts.PASSWORD);
        elsewhere = server.signIn("site-stranger", Accounts.PASSWORD);
        site = ((Number) Sql.scalar(url, "SELECT p.id FROM evacuation_point p JOIN admin_unit a ON a.id = p.commune_id AND a.code = ? "
                + "WHERE p.is_open AND p.kind = 'school' ORDER BY p.id LIMIT 1", TAM_THANG)).intValue();
    }

    private static HttpResponse<String> patch(TestServer.Session who, String body, String... headers) {
        return who.send("PATCH", "/api/sites/" + site, body, headers);
    }

    /** The site's ETag as the commune pack gives it to the phone. */
    private static String packedEtag() {
        for (JsonNode s : TestServer.json(officer.get("/api/pack?commune=" + TAM_THANG)).get("sites")) {
            if (s.get("id").asInt() == site) {
                return s.get("etag").asText();
            }
        }
        throw new AssertionError("site " + site + " not in the pack");
    }

    private static long history() {
        return Sql.count(url, "SELECT count(*) FROM evacuation_point_status WHERE point_id = ?", site);
    }

    @Test
    void aReportSentTwiceIsAppliedOnceAndAStaleOneIsRefused() {
        String etag = packedEtag();
        long rows = history();
        String key = UUID.randomUUID().toString();
        String body = "{\"occupancy\": 37, \"note\": \"Nước vào sân trường, chuyển người lên tầng 2\"}";
        HttpResponse<String> first = patch(officer, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals(200, first.statusCode(), first.body());
        JsonNode answer = TestServer.json(first);
        assertTrue(answer.get("is_open").asBoolean());
        assertEquals(37, answer.get("occupancy").asInt());
        String newTag = first.headers().firstValue("ETag").orElseThrow();
        assertNotEquals(etag, newTag);
        assertEquals(newTag, packedEtag(), "the pack carries the version the report made");

        HttpResponse<String> again = patch(officer, body, "Idempotency-Key", key, "If-Match", etag);
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(newTag, again.headers().firstValue("ETag").orElse(""), "the replay names the version the report made");
        assertEquals(first.body(), again.body());
        assertEquals(rows + 1, history(), "one status row");
        assertEquals(1, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'site_report' AND entity_id = ?", String.valueOf(site)));
        assertEquals(37, ((Number) Sql.scalar(url, "SELECT occupancy FROM evacuation_point WHERE id = ?", site)).intValue());
        assertEquals("Nước vào sân trường, chuyển người lên tầng 2",
                Sql.scalar(url, "SELECT note FROM evacuation_point_status WHERE point_id = ? ORDER BY id DESC LIMIT 1", site));
        String audited = String.valueOf(Sql.scalar(url, "SELECT after::text FROM audit_log WHERE action = 'site_report' AND entity_id = ?",
                String.valueOf(site)));
        assertFalse(audited.contains("Nước"), "the note's words stay in the site's history, not the audit: " + audited);

        // made on the version before: refused, naming If-Match and the site as it is now; nothing written
        HttpResponse<String> stale = patch(officer, "{\"is_open\": false}", "Idempotency-Key", UUID.randomUUID().toString(), "If-Match", etag);
        assertEquals(412, stale.statusCode(), stale.body());
        assertTrue(stale.body().contains("đang mở, có 37 người"), stale.body());
        assertEquals(rows + 1, history());

        // closed on the current version: the 37 stay (closing takes no one in), but no one more is counted in
        HttpResponse<String> closed = patch(officer, "{\"is_open\": false}", "If-Match", newTag);
        assertEquals(200, closed.statusCode(), closed.body());
        HttpResponse<String> more = patch(officer, "{\"occupancy\": 45}");
        assertEquals(409, more.statusCode(), more.body());
        assertTrue(more.body().contains("đang đóng"), more.body());
        assertEquals(200, patch(officer, "{\"occupancy\": 30}").statusCode(), "people leaving a closed site are counted out");
        // opened in the same report that counts them: taken
        HttpResponse<String> reopened = patch(officer, "{\"is_open\": true, \"occupancy\": 45}");
        assertEquals(200, reopened.statusCode(), reopened.body());
        assertEquals(List.of(true, 45), Sql.rows(url, "SELECT is_open, occupancy FROM evacuation_point WHERE id = ?", site).get(0));
    }

    @Test
    void overCapacityAnotherCommuneAndBadInputAreRefusedWithNothingWritten() {
        long rows = history();
        int capacity = ((Number) Sql.scalar(url, "SELECT greatest(capacity_day, capacity_night) - reserved FROM evacuation_point WHERE id = ?", site))
                .intValue();
        HttpResponse<String> over = patch(officer, "{\"occupancy\": " + (capacity + 1) + "}");
        assertEquals(409, over.statusCode(), over.body());
        assertTrue(over.body().contains("nhận tối đa " + capacity + " người"), over.body());
        assertEquals(403, patch(elsewhere, "{\"is_open\": false}").statusCode());
        for (String[] bad : new String[][] {{"{\"occupancy\": -1}", "occupancy"}, {"{\"occupancy\": 2.5}", "occupancy"},
            {"{\"is_open\": \"no\"}", "is_open"}, {"{\"note\": \"" + "x".repeat(501) + "\"}", "note"}, {"{\"capacity_day\": 9}", "capacity_day"},
            {"{}", "body"}}) {
            HttpResponse<String> r = patch(officer, bad[0]);
            assertEquals(400, r.statusCode(), bad[0] + " → " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertTrue(r.body().contains(bad[1]), bad[0] + " → " + r.body());
        }
        assertEquals(401, server.request("PATCH", "/api/sites/" + site, "{\"is_open\": false}", "Content-Type", "application/json",
                "Origin", server.base()).statusCode());
        assertEquals(rows, history(), "nothing written");
    }
}
