package org.communeatlas.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What a server process holds, read from outside it: heap in use after a full collection (asked of the JVM with
 * {@code jcmd GC.run}), live threads and the database pools' connections (its own {@code /metrics}).
 */
final class ServerProbe {

    /** One reading. */
    record Reading(double heapMb, double tileCacheMb, int threads, int connections, int active, java.util.Map<String, Long> classes) {
        @Override
        public String toString() {
            return String.format("heap after GC %.1f MB (of which the tile cache %.1f MB), %d threads, %d pool connections (%d in use)", heapMb,
                    tileCacheMb, threads, connections, active);
        }

        /** The classes whose instances grew most in bytes since {@code before}: where to look when the heap grew. */
        String grownSince(Reading before, int top) {
            return classes.entrySet().stream()
                    .map(e -> java.util.Map.entry(e.getKey(), e.getValue() - before.classes().getOrDefault(e.getKey(), 0L)))
                    .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                    .map(e -> String.format("%s %+.1f MB", e.getKey(), e.getValue() / 1048576.0)).collect(java.util.stream.Collectors.joining(", "));
        }

        /** The heap after GC less what the bounded tile cache holds: what would grow with a leak. */
        double heapLessCacheMb() {
            return heapMb - tileCacheMb;
        }
    }

    private ServerProbe() {
    }

    static Reading read(ProcessHandle server, HttpClient http, String root, BenchOfficer.Session admin) throws IOException, InterruptedException {
        // the class histogram is taken after a full collection: the heap read next is the heap after GC
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
        Process gc = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(server.pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        java.util.Map<String, Long> classes = new java.util.HashMap<>();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(gc.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    classes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                }
            }
        }
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.class_histogram did not finish for the server (pid " + server.pid() + ")");
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(root + "/metrics")).header("Cookie", admin.cookie()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics: " + r.statusCode());
        }
        return new Reading(sum(r.body(), "jvm_memory_used_bytes{area=\"heap\"") / 1048576.0, sum(r.body(), "atlas_tile_cache_bytes") / 1048576.0,
                (int) sum(r.body(), "jvm_threads_live_threads"),
                (int) sum(r.body(), "hikaricp_connections{"), (int) sum(r.body(), "hikaricp_connections_active{"), classes);
    }

    /** The sum of the samples whose line starts with {@code prefix} (a name, or a name and its first labels). */
    private static double sum(String metrics, String prefix) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
