package org.communeatlas.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.communeatlas.Main;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.Sql;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Personal API tokens for QGIS and scripts: issued and revoked with {@code commune-atlas user token}, kept only as a
 * hash, acting exactly as their user (role, communes, personal data), with no CSRF token needed — and refused with a
 * 401 that says why once revoked, unknown, or their user disabled.
 */
class ApiTokenTest extends DemoServerTest {

    static long own;
    static long other;
    static String ownCommune;

    @BeforeAll
    static void accounts() {
        List<Object> first = Sql.rows(url, "SELECT h.id, c.code FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit c ON c.id = v.commune_id ORDER BY h.id LIMIT 1").get(0);
        own = ((Number) first.get(0)).longValue();
        ownCommune = (String) first.get(1);
        other = ((Number) Sql.scalar(url, "SELECT h.id FROM household h JOIN village v ON v.id = h.village_id "
                + "JOIN admin_unit c ON c.id = v.commune_id WHERE c.code <> ? ORDER BY h.id LIMIT 1", ownCommune)).longValue();
        Accounts.create(url, "token.officer", Viewer.Role.OFFICER, ownCommune);
        Accounts.create(url, "token.viewer", Viewer.Role.VIEWER);
        Accounts.create(url, "token.gone", Viewer.Role.OFFICER, ownCommune);
    }

    /** Runs the command line and returns what it printed. */
    private static String cli(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, Main.run(args), String.join(" ", args));
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static String issue(String user, String name) {
        String printed = cli("user", "token", user, "--token-name", name, "--db-url", url);
        String token = printed.replaceAll("(?s).*\\(shown once\\): (atl_[A-Za-z0-9_-]+).*", "$1");
        assertTrue(token.startsWith("atl_") && token.length() == 47, printed);
        return token;
    }

    private static HttpResponse<String> patch(long household, String token, String status) {
        return server.request("PATCH", "/api/households/" + household, "{\"status\":\"" + status + "\"}", "Content-Type", "application/json",
                "Authorization", "Bearer " + token);
    }

    @Test
    void aTokenActsAsItsOfficerWithoutCsrfAndOnlyInTheOfficersCommunes() {
        String token = issue("token.officer", "qgis");
        assertEquals(1L, Sql.count(url, "SELECT count(*) FROM api_token WHERE token_hash = sha256(convert_to(?, 'UTF8'))", token), "kept as its hash");
        assertEquals(0L, Sql.count(url, "SELECT count(*) FROM api_token t WHERE t::text LIKE '%' || ? || '%'", token.substring(4)), "never as itself");

        HttpResponse<String> me = server.get("/api/session", "Authorization", "Bearer " + token);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals("token.officer", TestServer.json(me).get("username").asText());

        // a write with the token alone: no cookie, no CSRF token, no Origin
        assertEquals(200, patch(own, token, "at_risk").statusCode());
        assertEquals("at_risk", Sql.scalar(url, "SELECT status FROM household WHERE id = ?", own));
        assertEquals(403, patch(other, token, "at_risk").statusCode(), "outside the officer's communes");
        // personal fields as the officer may see them: their own commune's, not another's
        assertNotNull(TestServer.json(server.get("/ogc/collections/households/items/" + own, "Authorization", "Bearer " + token))
                .at("/properties/head_name").textValue());
        assertTrue(TestServer.json(server.get("/ogc/collections/households/items/" + other, "Authorization", "Bearer " + token))
                .at("/properties/head_name").isNull());

        // the cookie rule still holds for cookie sessions
        TestServer.Session session = server.signIn("token.officer", Accounts.PASSWORD);
        assertEquals(403, server.request("PATCH", "/api/households/" + own, "{\"status\":\"safe\"}", "Content-Type", "application/json",
                "Cookie", session.cookie()).statusCode(), "a cookie session without its CSRF token");

        // a viewer's token reads, and writes nothing
        String viewer = issue("token.viewer", "script");
        assertEquals(200, server.get("/api/session", "Authorization", "Bearer " + viewer).statusCode());
        assertEquals(403, patch(own, viewer, "safe").statusCode());
    }

    @Test
    void revokedUnknownMalformedAndDisabledTokensAreA401ThatSaysWhy() {
        String token = issue("token.officer", "phone");
        assertTrue(cli("user", "token", "token.officer", "--list", "--db-url", url).contains("phone"));
        assertEquals(200, server.get("/api/session", "Authorization", "Bearer " + token).statusCode());
        cli("user", "token", "token.officer", "--token-name", "phone", "--revoke", "--db-url", url);
        HttpResponse<String> revoked = patch(own, token, "safe");
        assertEquals(401, revoked.statusCode());
        assertTrue(revoked.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(revoked.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(2L, Sql.count(url, "SELECT count(*) FROM audit_log WHERE action IN ('token_issue', 'token_revoke') "
                + "AND (after::text LIKE '%phone%' OR before::text LIKE '%phone%')"));

        assertEquals(401, server.get("/api/session", "Authorization", "Bearer atl_" + "x".repeat(43)).statusCode());
        assertEquals(401, server.get("/api/session", "Authorization", "Bearer nonsense").statusCode());
        // Basic credentials whose password is no token (user:pass) read as the public and write nothing (QgisEditingTest)
        HttpResponse<String> basic = server.get("/api/session", "Authorization", "Basic dXNlcjpwYXNz");
        assertEquals(200, basic.statusCode());
        assertFalse(TestServer.json(basic).get("authenticated").asBoolean(), basic.body());
        HttpResponse<String> other = server.get("/api/session", "Authorization", "Digest username=\"x\"");
        assertEquals(401, other.statusCode());
        assertTrue(other.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        String gone = issue("token.gone", "qgis");
        assertEquals(200, server.get("/api/session", "Authorization", "Bearer " + gone).statusCode());
        cli("user", "disable", "token.gone", "--db-url", url);
        assertEquals(401, server.get("/api/session", "Authorization", "Bearer " + gone).statusCode(), "its user is disabled");
    }
}
