package org.communeatlas.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.layers.cql.SqlFragment;

/**
 * The load generators: {@code wrk} for HTTP and {@code pgbench} for the same SQL straight into PostGIS.
 * Both are C programs, so neither side of a ratio pays for a heavier client than the other.
 */
final class LoadTools {

    private LoadTools() {
    }

    /** What wrk measured: requests per second, and how many requests in all. */
    record Wrk(double rate, long requests) {
    }

    /** Requests per second that wrk reached over a list of paths, with the given extra header lines. */
    static Wrk wrk(String base, List<String> paths, int connections, int seconds, Path dir, String name, String... headers)
            throws IOException {
        StringBuilder lua = new StringBuilder("local paths = {\n");
        for (String p : paths) {
            lua.append("  \"").append(p.replace("\"", "\\\"")).append("\",\n");
        }
        lua.append("}\nlocal i = math.random(#paths)\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i], {");
        for (int h = 0; h + 1 < headers.length; h += 2) {
            lua.append("[\"").append(headers[h]).append("\"] = \"").append(headers[h + 1]).append("\", ");
        }
        lua.append("})\nend\n");
        Path script = dir.resolve(name + ".lua");
        Files.writeString(script, lua, StandardCharsets.UTF_8);
        ProcessResult r = ProcessResult.run(List.of("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "30s",
                "-s", script.toString(), base), Duration.ofSeconds(seconds + 60));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("wrk failed: " + r.output());
        }
        if (r.output().contains("Non-2xx or 3xx responses")) {
            throw new IllegalStateException("wrk saw errors: " + r.output());
        }
        return new Wrk(number(r.output(), "Requests/sec:\\s+([0-9.]+)"), (long) number(r.output(), "([0-9]+) requests in"));
    }

    /**
     * Transactions per second pgbench reached running one script per query (chosen at random), connected as the role
     * of {@code jdbcUrl} (the server's, so that both sides read with the same rights).
     */
    static double pgbench(String jdbcUrl, List<List<SqlFragment>> transactions, int clients, int seconds, Path dir, String name)
            throws IOException {
        java.util.Properties db = org.postgresql.Driver.parseURL(jdbcUrl, new java.util.Properties());
        List<String> args = new ArrayList<>(List.of("pgbench", "-n", "-h", db.getProperty("PGHOST"), "-p", db.getProperty("PGPORT"),
                "-U", db.getProperty("user"), "-c", Integer.toString(clients), "-j", "2", "-T", Integer.toString(seconds)));
        for (int i = 0; i < transactions.size(); i++) {
            Path file = dir.resolve(name + "-" + i + ".sql");
            StringBuilder sql = new StringBuilder();
            for (SqlFragment q : transactions.get(i)) {
                sql.append(inline(q)).append(";\n");
            }
            Files.writeString(file, sql, StandardCharsets.UTF_8);
            args.add("-f");
            args.add(file + "@1");
        }
        args.add(db.getProperty("PGDBNAME"));
        // a bench tool on this machine: the password in its environment, as libpq reads it
        ProcessResult r = ProcessResult.run(args, Duration.ofSeconds(seconds + 120), java.util.Map.of("PGPASSWORD", db.getProperty("password", "")));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("pgbench failed: " + r.output());
        }
        return number(r.output(), "tps = ([0-9.]+) \\(without initial connection time\\)");
    }

    /** A TCP port free on this machine now, for a server the bench starts. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The query with its values written in (numbers, quoted text, text arrays): pgbench takes plain SQL. */
    static String inline(SqlFragment q) {
        StringBuilder out = new StringBuilder();
        int p = 0;
        String sql = q.sql();
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                out.append(literal(q.params().get(p++)));
            } else {
                out.append(c);
            }
        }
        return out.toString().replace('\n', ' ');
    }

    private static String literal(Object v) {
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof String[] a) {
            List<String> items = new ArrayList<>();
            for (String s : a) {
                items.add(literal(s));
            }
            return "ARRAY[" + String.join(",", items) + "]::text[]";
        }
        return String.valueOf(v);
    }

    private static double number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no figure in:\n" + output);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Deletes a directory of files the bench wrote (no subdirectories). */
    static void deleteFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
