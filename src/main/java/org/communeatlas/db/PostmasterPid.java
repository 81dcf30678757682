package org.communeatlas.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What a data directory's {@code postmaster.pid} says about the PostgreSQL that wrote it, if that one still runs. */
final class PostmasterPid {

    private PostmasterPid() {
    }

    /** The port a live postmaster of this data directory listens on. */
    static Optional<Integer> livePort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).trim());
            if (!isPostgresProcess(pid)) {
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgresProcess(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        // After a crash and a reboot the PID may belong to another program: check what it runs.
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
            return cmdline.contains("postgres");
        } catch (IOException e) {
            return handle.get().info().command().map(c -> c.contains("postgres")).orElse(true);
        }
    }
}
