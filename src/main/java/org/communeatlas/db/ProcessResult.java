package org.communeatlas.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The exit code and merged output of an external command, run with a time limit. */
public record ProcessResult(int exitCode, String output) {

    public static ProcessResult run(List<String> command, Duration timeout) {
        return run(command, timeout, java.util.Map.of());
    }

    /**
     * As {@link #run(List, Duration)}, with these variables added to the command's environment — which holds none of the
     * user's libpq variables ({@link ChildEnvironment}).
     */
    public static ProcessResult run(List<String> command, Duration timeout, java.util.Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            ChildEnvironment.clean(builder.environment());
            builder.environment().putAll(environment);
            Process process = builder.start();
            // Read on another thread: a chatty command must not block on a full pipe while we wait.
            var reader = new java.util.concurrent.CompletableFuture<String>();
            Thread pump = new Thread(() -> {
                try {
                    reader.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    reader.complete("");
                }
            }, "process-output");
            pump.setDaemon(true);
            pump.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new ProcessResult(-1, "timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            return new ProcessResult(process.exitValue(), reader.get(10, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new ProcessResult(-1, "output of " + command.get(0) + " could not be read");
        }
    }
}
