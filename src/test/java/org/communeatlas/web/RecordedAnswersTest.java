package org.communeatlas.web;

import org.communeatlas.core.JsonCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.accounts.Viewer.Role;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The answers of a recorded set of requests ({@code recorded-answers/requests.txt}) — status, media type,
 * caching headers, whether an ETag is sent, and a hash of the body — stay what they were when recorded. It guards
 * refactorings: a change of shape must not change a byte of what clients receive. Times, durations, CSRF tokens
 * and the test server's address are masked and JSON members sorted; everything else is compared as sent.
 *
 * <p>When an issue changes an answer on purpose, record anew with {@code -Drecord=true} and say so in the
 * commit. The bodies of the last run are kept under {@code target/recorded-answers/} for diffing.
 */
class RecordedAnswersTest extends DemoServerTest {

    private static final Path DIR = Path.of("src/test/resources/recorded-answers");
    private static final Path OUT = Path.of("target/recorded-answers");
    private static final Pattern CAPTURE = Pattern.compile("(\\w+)=(/\\S*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final List<String[]> MASKS = List.of(
            new String[] {"\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?", "<time>"},
            new String[] {"\\d{1,2}:\\d{2}( ngày)? \\d{1,2}/\\d{1,2}/\\d{4}", "<time>"},
            new String[] {"(\"\\w*_ms\"\\s*:\\s*)\\d+", "$1<ms>"},
            new String[] {"(\"csrf\"\\s*:\\s*\")[^\"]+", "$1<csrf>"},
            new String[] {"\\b1[6-9]\\d{11}\\b", "<epoch>"});

    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answersAreAsRecorded() throws Exception {
        Accounts.create(url, "rec.viewer", Role.VIEWER);
        Accounts.create(url, "rec.officer", Role.OFFICER, "20362");
        Accounts.create(url, "rec.admin", Role.ADMIN);
        Map<String, TestServer.Session> sessions = Map.of(
                "viewer", server.signIn("rec.viewer", Accounts.PASSWORD),
                "officer", server.signIn("rec.officer", Accounts.PASSWORD),
                "admin", server.signIn("rec.admin", Accounts.PASSWORD));
        Map<String, String> captured = new HashMap<>();
        List<String> answers = new ArrayList<>();
        Files.createDirectories(OUT);
        int n = 0;
        for (String line : Files.readAllLines(DIR.resolve("requests.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            n++;
            String[] parts = line.split("\t");
            String[] head = parts[0].split(" ", 3);
            String who = head[0];
            String method = head[1];
            String path = fill(head[2], captured);
            String body = parts.length > 1 && !parts[1].startsWith("=>") ? fill(parts[1], captured) : null;
            HttpResponse<byte[]> r = send(sessions.get(who), method, path, body);
            String type = header(r, "Content-Type");
            boolean textual = type.contains("json") || type.contains("text") || type.contains("csv") || type.contains("html");
            String text = textual ? mask(canonical(type, new String(r.body(), StandardCharsets.UTF_8)).replace(server.base(), "<base>")) : "";
            Files.writeString(OUT.resolve(String.format("%03d.txt", n)), line + "\n" + r.statusCode() + "\n" + text, StandardCharsets.UTF_8);
            answers.add(String.join(" | ", who + " " + method + " " + head[2], Integer.toString(r.statusCode()),
                    type, header(r, "Cache-Control"), etagKind(header(r, "ETag")),
                    header(r, "Content-Disposition"), textual ? sha256(text.getBytes(StandardCharsets.UTF_8)) : sha256(r.body())));
            String last = parts[parts.length - 1];
            if (last.startsWith("=>")) {
                Matcher m = CAPTURE.matcher(last);
                JsonNode json = JsonCodec.MAPPER.readTree(r.body());
                while (m.find()) {
                    captured.put(m.group(1), json.at(m.group(2)).asText());
                }
            }
        }
        Path expected = DIR.resolve("answers.txt");
        if (Boolean.getBoolean("record")) {
            Files.write(expected, answers, StandardCharsets.UTF_8);
            return;
        }
        List<String> recorded = Files.readAllLines(expected, StandardCharsets.UTF_8);
        assertEquals(String.join("\n", recorded), String.join("\n", answers),
                "answers differ from the recorded ones; the bodies of this run are in " + OUT.toAbsolutePath());
    }

    private HttpResponse<byte[]> send(TestServer.Session who, String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        String type = "application/json";
        if (body != null && body.startsWith("@")) {
            publisher = HttpRequest.BodyPublishers.ofFile(DIR.resolve(body.substring(1)));
            type = "application/octet-stream";
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path)).method(method, publisher)
                .timeout(Duration.ofSeconds(120)).header("Accept-Encoding", "identity");
        if (body != null) {
            b.header("Content-Type", type);
        }
        if (who != null) {
            b.header("Cookie", who.cookie()).header("X-CSRF-Token", who.csrf()).header("Origin", server.base());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String fill(String text, Map<String, String> captured) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = captured.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("nothing captured as " + m.group(1));
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sb).toString();
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("-");
    }

    /**
     * JSON with its object members sorted: the order of members means nothing, and maps built with {@code Map.of}
     * iterate in an order that changes from one JVM to the next.
     */
    private static String canonical(String type, String body) throws IOException {
        if (!type.contains("json") || body.isEmpty()) {
            return body;
        }
        Object tree = SORTED.readValue(body, Object.class);
        return SORTED.writeValueAsString(tree);
    }

    /** Weak or strong: the value itself is a hash of the body (compared already) or a per-process data version. */
    private static String etagKind(String etag) {
        return etag.equals("-") ? "-" : etag.startsWith("W/") ? "weak ETag" : "strong ETag";
    }

    static String mask(String text) {
        String out = text;
        for (String[] m : MASKS) {
            out = out.replaceAll(m[0], m[1]);
        }
        return out;
    }

    private static String sha256(byte[] body) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
        return HexFormat.of().formatHex(d, 0, 8) + " " + body.length;
    }
}
