package org.communeatlas.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.communeatlas.Main;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sign-in, sessions, CSRF, throttling, roles and the audit log, against the real server and database. */
class AccountsTest extends DemoServerTest {

    private static long tamThangHousehold;
    private static long tamPhuHousehold;

    @BeforeAll
    static void accounts() {
        Accounts.create(url, "admin1", Viewer.Role.ADMIN);
        Accounts.create(url, "viewer1", Viewer.Role.VIEWER);
        Accounts.create(url, "officer.tamthang", Viewer.Role.OFFICER, "20362");
        Accounts.create(url, "throttled", Viewer.Role.VIEWER);
        Accounts.create(url, "expiring", Viewer.Role.VIEWER);
        tamThangHousehold = household("20362");
        tamPhuHousehold = household("20371");
    }

    static long household(String commune) {
        return Sql.count(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id JOIN admin_unit c ON c.id = v.commune_id "
                + "WHERE c.code = ? AND c.valid_to = '2025-07-01' ORDER BY h.id LIMIT 1", commune);
    }

    private static HttpResponse<String> signIn(String username, String password, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return server.request("POST", "/api/session", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", all);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        HttpResponse<String> wrong = signIn("viewer1", "not the password");
        HttpResponse<String> unknown = signIn("nobody-at-all", "not the password");
        assertEquals(401, wrong.statusCode());
        assertEquals(wrong.statusCode(), unknown.statusCode());
        assertEquals(wrong.body(), unknown.body());
        assertFalse(wrong.headers().firstValue("Set-Cookie").isPresent());
        // and about the same time: the unknown user is checked against a decoy hash
        long t0 = System.nanoTime();
        signIn("viewer1", "not the password");
        long known = System.nanoTime() - t0;
        t0 = System.nanoTime();
        signIn("nobody-else", "not the password");
        long unknownTime = System.nanoTime() - t0;
        assertTrue(unknownTime > known / 4, "unknown user " + unknownTime / 1e6 + " ms vs known " + known / 1e6 + " ms");
    }

    @Test
    void repeatedFailuresAreThrottledEvenWithTheRightPasswordAfterwards() {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, signIn("throttled", "guess " + i).statusCode());
        }
        HttpResponse<String> blocked = signIn("throttled", Accounts.PASSWORD);
        assertEquals(429, blocked.statusCode());
        assertTrue(Integer.parseInt(blocked.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        assertTrue(blocked.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertEquals(429, signIn("THROTTLED", "another guess").statusCode(), "the name is the same whatever its case");
        assertEquals(200, signIn("viewer1", Accounts.PASSWORD).statusCode(), "other accounts are not affected");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndSecureBehindTls() {
        HttpResponse<String> plain = signIn("viewer1", Accounts.PASSWORD);
        String cookie = plain.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("atlas_session="));
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains("Secure"));
        // a client cannot claim TLS for itself; a trusted proxy (ATLAS_TRUSTED_PROXIES) can
        HttpResponse<String> claimed = signIn("viewer1", Accounts.PASSWORD, "X-Forwarded-Proto", "https");
        assertFalse(claimed.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
        try (TestServer proxied = new TestServer(url, java.util.Map.of("ATLAS_TRUSTED_PROXIES", "127.0.0.0/8"))) {
            HttpResponse<String> tls = proxied.request("POST", "/api/session", "{\"username\":\"viewer1\",\"password\":\"" + Accounts.PASSWORD + "\"}",
                    "Content-Type", "application/json", "X-Forwarded-Proto", "https");
            assertTrue(tls.headers().firstValue("Set-Cookie").orElseThrow().contains("Secure"));
        }
        assertFalse(plain.body().contains("password"), "the password never comes back");
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM app_user WHERE password_hash NOT LIKE '$argon2id$%'"), "Argon2id hashes");
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE before::text LIKE '%" + Accounts.PASSWORD + "%' "
                + "OR after::text LIKE '%" + Accounts.PASSWORD + "%'"), "passwords never logged");
    }

    @Test
    void signingInAgainRotatesTheSessionAndSigningOutEndsIt() {
        TestServer.Session first = server.signIn("viewer1", Accounts.PASSWORD);
        HttpResponse<String> again = server.request("POST", "/api/session",
                "{\"username\":\"viewer1\",\"password\":\"" + Accounts.PASSWORD + "\"}", "Content-Type", "application/json",
                "Cookie", first.cookie(), "X-CSRF-Token", first.csrf());
        String second = again.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertNotEquals(first.cookie(), second);
        assertFalse(TestServer.json(first.get("/api/session")).get("authenticated").asBoolean(), "the old id is dropped at sign-in");
        TestServer.Session session = new TestServer.Session(server, second, TestServer.json(again).get("csrf").asText());
        assertTrue(TestServer.json(session.get("/api/session")).get("authenticated").asBoolean());
        assertEquals(204, session.send("DELETE", "/api/session", null).statusCode());
        assertFalse(TestServer.json(session.get("/api/session")).get("authenticated").asBoolean());
    }

    @Test
    void sessionsExpireWhenIdleAndAfterTwelveHours() {
        TestServer.Session idle = server.signIn("expiring", Accounts.PASSWORD);
        TestServer.Session old = server.signIn("expiring", Accounts.PASSWORD);
        assertTrue(TestServer.json(idle.get("/api/session")).get("authenticated").asBoolean());
        Sql.update(url, "UPDATE app_session SET expires_at = now() - interval '1 second' WHERE csrf_token = ?", idle.csrf());
        assertFalse(TestServer.json(idle.get("/api/session")).get("authenticated").asBoolean(), "idle timeout");
        Sql.update(url, "UPDATE app_session SET created_at = now() - interval '13 hours' WHERE csrf_token = ?", old.csrf());
        assertFalse(TestServer.json(old.get("/api/session")).get("authenticated").asBoolean(), "absolute timeout");
    }

    @Test
    void crossSiteChangesAreRefused() {
        TestServer.Session officer = server.signIn("officer.tamthang", Accounts.PASSWORD);
        String body = "{\"status\":\"at_risk\"}";
        HttpResponse<String> noToken = server.request("PATCH", "/api/households/" + tamThangHousehold, body,
                "Content-Type", "application/json", "Cookie", officer.cookie());
        assertEquals(403, noToken.statusCode());
        HttpResponse<String> otherSite = server.request("PATCH", "/api/households/" + tamThangHousehold, body,
                "Content-Type", "application/json", "Cookie", officer.cookie(), "X-CSRF-Token", officer.csrf(), "Origin", "https://evil.example");
        assertEquals(403, otherSite.statusCode());
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM household WHERE id = ? AND status = 'at_risk'", tamThangHousehold), "nothing changed");
        assertEquals(200, officer.send("PATCH", "/api/households/" + tamThangHousehold, body).statusCode());
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM household WHERE id = ? AND status = 'at_risk'", tamThangHousehold));
        officer.send("PATCH", "/api/households/" + tamThangHousehold, "{\"status\":\"safe\"}");
    }

    @Test
    void rolesDecideWhoMayChangeWhat() {
        String body = "{\"status\":\"at_risk\"}";
        HttpResponse<String> anonymous = server.request("PATCH", "/api/households/" + tamThangHousehold, body, "Content-Type", "application/json");
        assertEquals(401, anonymous.statusCode());
        assertEquals(403, server.signIn("viewer1", Accounts.PASSWORD).send("PATCH", "/api/households/" + tamThangHousehold, body).statusCode());
        TestServer.Session officer = server.signIn("officer.tamthang", Accounts.PASSWORD);
        HttpResponse<String> tamPhu = officer.send("PATCH", "/api/households/" + tamPhuHousehold, body);
        assertEquals(403, tamPhu.statusCode(), "an officer of Tam Thăng may not change a Tam Phú household");
        assertTrue(tamPhu.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        TestServer.Session admin = server.signIn("admin1", Accounts.PASSWORD);
        assertEquals(200, admin.send("PATCH", "/api/households/" + tamPhuHousehold, body).statusCode());
        assertEquals(200, admin.send("PATCH", "/api/households/" + tamPhuHousehold, "{\"status\":\"safe\"}").statusCode());
    }

    @Test
    void everyWriteAndSignInIsInTheAuditLog() {
        TestServer.Session officer = server.signIn("officer.tamthang", Accounts.PASSWORD);
        assertEquals(200, officer.send("PATCH", "/api/households/" + tamThangHousehold, "{\"status\":\"isolated\"}").statusCode());
        signIn("officer.tamthang", "wrong password here");
        TestServer.Session admin = server.signIn("admin1", Accounts.PASSWORD);
        JsonNode entries = TestServer.json(admin.get("/api/audit?entity=household&entity_id=" + tamThangHousehold)).get("entries");
        JsonNode last = entries.get(0);
        assertEquals("household_status", last.get("action").asText());
        assertEquals("officer.tamthang", last.get("username").asText());
        assertEquals("isolated", last.at("/after/status").asText());
        assertTrue(last.get("before").has("status"));
        assertTrue(last.get("address").asText().length() > 0);
        JsonNode failed = TestServer.json(admin.get("/api/audit?action=sign_in_failed&user=officer.tamthang")).get("entries");
        assertTrue(failed.size() >= 1);
        assertTrue(TestServer.json(admin.get("/api/audit?action=sign_in&user=officer.tamthang")).get("entries").size() >= 1);
        assertEquals(401, server.get("/api/audit").statusCode());
        assertEquals(403, server.signIn("viewer1", Accounts.PASSWORD).get("/api/audit").statusCode());
        officer.send("PATCH", "/api/households/" + tamThangHousehold, "{\"status\":\"safe\"}");
    }

    @Test
    void theCommandLineManagesAccounts() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("a long cli password\n".getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, Main.run("user", "add", "cli.officer", "--role", "officer", "--commune", "20371", "--password-stdin", "--db-url", url));
        } finally {
            System.setIn(stdin);
        }
        assertEquals(200, signIn("cli.officer", "a long cli password").statusCode());
        assertEquals(0, Main.run("user", "set-role", "cli.officer", "--role", "viewer", "--db-url", url));
        assertEquals("viewer", TestServer.json(signIn("cli.officer", "a long cli password")).get("role").asText());
        assertEquals(0, Main.run("user", "disable", "cli.officer", "--db-url", url));
        assertEquals(401, signIn("cli.officer", "a long cli password").statusCode());
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action = 'user_disable'"));
        assertTrue(Main.run("user", "add", "Bad Name!", "--role", "viewer", "--db-url", url) != 0, "bad usernames are refused");
    }
}
