package org.communeatlas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.communeatlas.accounts.UserStore;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.core.JsonCodec;

/** The admin account the benchmarks sign in as (plans, exports with personal fields), made afresh in each database. */
final class BenchOfficer {

    private static final String USERNAME = "bench.officer";
    private static final String PASSWORD = "bench password 2026";

    /** A signed-in session: its cookie and the CSRF token its writes carry. */
    record Session(String cookie, String csrf) {
    }

    private BenchOfficer() {
    }

    /** Creates the account in the database of {@code url}, replacing one left by an earlier run. */
    static void create(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
            s.execute("DELETE FROM app_user WHERE username = '" + USERNAME + "'");
            new UserStore(null).add(c, USERNAME, "Bench", PASSWORD, Viewer.Role.ADMIN, List.of());
        }
    }

    static Session signIn(HttpClient http, String root) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + USERNAME + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("sign-in: " + r.statusCode() + " " + r.body());
        }
        return new Session(r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0],
                JsonCodec.MAPPER.readTree(r.body()).get("csrf").asText());
    }
}
