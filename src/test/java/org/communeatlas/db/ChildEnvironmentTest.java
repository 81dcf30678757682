package org.communeatlas.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.communeatlas.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * The programs the project starts get exactly the connection it gives them: with a user's libpq variables exported —
 * a wrong PGPASSWORD, a PGUSER, PGHOST, PGPORT, PGDATABASE, PGSERVICE, PGSSLMODE — a primary is made and a standby
 * copied from it by pg_basebackup (what {@code cluster up} does), and it replicates.
 */
class ChildEnvironmentTest {

    @Test
    void aStandbyIsCopiedWithTheUsersLibpqVariablesExported() throws Exception {
        Path base = Path.of("target", "child-env-pg").toAbsolutePath();
        if (Files.exists(base)) {
            try (var walk = Files.walk(base)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(base);
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), StandbyProbe.class.getName(), base.toString(),
                Integer.toString(TestDatabase.freePort()), Integer.toString(TestDatabase.freePort())).redirectErrorStream(true);
        pb.environment().putAll(java.util.Map.of("PGPASSWORD", "not-the-password", "PGUSER", "somebody_else", "PGHOST", "/nonexistent",
                "PGPORT", "1", "PGDATABASE", "elsewhere", "PGSERVICE", "nothere", "PGSSLMODE", "require"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out.lines().skip(Math.max(0, out.lines().count() - 30)).toList().toString());
        assertTrue(out.contains("standby replicates"), out);
        // and nothing of those variables reaches a program started through ProcessResult
        ProcessResult env = ProcessResult.run(List.of("env"), java.time.Duration.ofSeconds(10), java.util.Map.of("PGPASSFILE", "/given"));
        assertTrue(env.output().lines().noneMatch(l -> l.startsWith("PG") && !l.equals("PGPASSFILE=/given")), env.output());
    }
}
