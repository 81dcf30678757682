package org.communeatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.communeatlas.db.ProcessResult;

/**
 * Debian's nginx serving the very bytes of the server's tiles as static files: the most a cache in front of the
 * tiles could do on this machine, the baseline for the server's own cache. Started for one measurement, in its own
 * directory under target/bench, on a free port; stopped after.
 */
final class NginxBaseline implements AutoCloseable {

    private final Path dir;
    private final Path conf;
    final String base;

    private NginxBaseline(Path dir, Path conf, int port) {
        this.dir = dir;
        this.conf = conf;
        this.base = "http://127.0.0.1:" + port;
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/sbin/nginx"));
    }

    /** Copies each path's answer from the server into files and starts nginx over them. */
    static NginxBaseline serving(String server, List<String> paths, Path benchDir) throws IOException, InterruptedException {
        Path dir = benchDir.resolve("nginx");
        Path root = dir.resolve("root");
        Files.createDirectories(root);
        HttpClient http = HttpClient.newHttpClient();
        for (String p : paths) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(server + p)).build(), HttpResponse.BodyHandlers.ofByteArray());
            Path file = root.resolve(p.substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, r.body());
        }
        int port = LoadTools.freePort();
        Files.createDirectories(dir.resolve("tmp"));
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                worker_processes auto;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 1024; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 1000000;
                    client_body_temp_path %1$s/tmp/body;
                    proxy_temp_path %1$s/tmp/proxy;
                    fastcgi_temp_path %1$s/tmp/fastcgi;
                    uwsgi_temp_path %1$s/tmp/uwsgi;
                    scgi_temp_path %1$s/tmp/scgi;
                    types { application/vnd.mapbox-vector-tile mvt; }
                    server {
                        listen 127.0.0.1:%2$d;
                        root %3$s;
                        location /tiles/ { add_header Cache-Control "public, max-age=60"; }
                    }
                }
                """.formatted(dir, port, root), StandardCharsets.UTF_8);
        run(List.of("/usr/sbin/nginx", "-c", conf.toString(), "-p", dir.toString()));
        NginxBaseline nginx = new NginxBaseline(dir, conf, port);
        nginx.waitUntilServing(paths.get(0));
        return nginx;
    }

    private void waitUntilServing(String path) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 50; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("nginx did not serve " + path + "; see " + dir.resolve("error.log"));
    }

    private static void run(List<String> command) {
        ProcessResult r = ProcessResult.run(command, Duration.ofSeconds(20));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + r.output());
        }
    }

    @Override
    public void close() {
        run(List.of("/usr/sbin/nginx", "-c", conf.toString(), "-p", dir.toString(), "-s", "quit"));
    }
}
