package org.communeatlas.testing;

import org.communeatlas.core.JsonCodec;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.DatabaseUrls;

/** The real application on a random port over a given database, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {

    private final Services services;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer(String dbUrl) {
        this(dbUrl, Map.of());
    }

    /** The server over a test database, given its superuser's URL: it connects as the server's role, as in production. */
    public TestServer(String dbUrl, Map<String, String> env) {
        this(TestDatabase.urls(dbUrl), env);
    }

    public TestServer(DatabaseUrls urls, Map<String, String> env) {
        AtlasConfig config = AtlasConfig.fromEnvironment(env).withDbUrl(urls.app()).withPort(0);
        this.services = Services.open(config, urls);
        this.app = App.create(services).start("127.0.0.1", 0);
    }

    public Services services() {
        return services;
    }

    public String base() {
        return "http://127.0.0.1:" + app.port();
    }

    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public HttpResponse<byte[]> getBytes(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET().timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> request(String method, String path, String body, String... headers) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri(path)).method(method, publisher), headers);
    }

    public HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A signed-in browser: its session cookie and CSRF token go with every request. */
    public record Session(TestServer server, String cookie, String csrf) {
        public HttpResponse<String> get(String path, String... headers) {
            return server.get(path, with(headers));
        }

        public HttpResponse<byte[]> getBytes(String path) {
            return server.getBytes(path, "Cookie", cookie);
        }

        public HttpResponse<String> request(String method, String path, String body, String... headers) {
            return server.request(method, path, body, with(headers));
        }

        /** PATCH/POST/DELETE as the map application sends them: JSON, CSRF token, our own Origin. */
        public HttpResponse<String> send(String method, String path, String json, String... headers) {
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 6);
            System.arraycopy(new String[] {"Content-Type", "application/json", "X-CSRF-Token", csrf, "Origin", server.base()}, 0, all, headers.length, 6);
            return server.request(method, path, json, with(all));
        }

        private String[] with(String... headers) {
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
            all[headers.length] = "Cookie";
            all[headers.length + 1] = cookie;
            return all;
        }
    }

    /** Signs in through POST /api/session. */
    public Session signIn(String username, String password) {
        HttpResponse<String> r = request("POST", "/api/session", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                "Content-Type", "application/json");
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + username + " failed: " + r.statusCode() + " " + r.body());
        }
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return new Session(this, cookie, json(r).get("csrf").asText());
    }

    /** Polls /health until it answers {@code wanted} or the time is up; the last status seen. */
    public int awaitHealth(int wanted, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        int status = -1;
        while (System.currentTimeMillis() < deadline) {
            status = get("/health").statusCode();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(50);
        }
        return status;
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JsonCodec.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private URI uri(String path) {
        return URI.create(path.startsWith("http") ? path : base() + path);
    }

    public static Path repoRoot() {
        return Path.of("").toAbsolutePath();
    }

    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
