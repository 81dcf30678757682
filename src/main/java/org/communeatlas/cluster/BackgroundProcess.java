package org.communeatlas.cluster;

import org.communeatlas.db.ChildEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.communeatlas.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program of the cluster that outlives the command that started it: its own session ({@code setsid}, so a terminal's
 * Ctrl-C does not reach it), its output in {@code name.log} and its process id in {@code name.pid}. A pid file whose
 * process is gone, or runs something else since, counts as not running.
 */
public final class BackgroundProcess {

    private static final Logger log = LoggerFactory.getLogger(BackgroundProcess.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path dir;
    private final String name;
    /** What the process's command line must contain to be ours (a reused pid runs something else). */
    private final String marker;

    public BackgroundProcess(Path dir, String name, String marker) {
        this.dir = dir;
        this.name = name;
        this.marker = marker;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return dir.resolve(name + ".log");
    }

    private Path pidFile() {
        return dir.resolve(name + ".pid");
    }

    /** The live process, if the pid file names one that is still ours. */
    Optional<ProcessHandle> running() {
        try {
            if (!Files.exists(pidFile())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile()).strip());
            Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (handle.isEmpty()) {
                return Optional.empty();
            }
            String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
            return cmdline.contains(marker) ? handle : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts the command in the background, unless it already runs; the process either way. (Until the command has
     * replaced {@code setsid}, its command line is not yet the marker's: watch the handle, not {@link #running()}.)
     */
    public ProcessHandle start(List<String> command, Map<String, String> environment) throws IOException {
        Optional<ProcessHandle> already = running();
        if (already.isPresent()) {
            return already.get();
        }
        Files.createDirectories(dir);
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        ChildEnvironment.clean(builder.environment());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Files.writeString(pidFile(), Long.toString(process.pid()));
        return process.toHandle();
    }

    /**
     * Starts {@code commune-atlas serve} on {@code port} in the background, on this JVM's classpath (the jar, or the
     * test classes), unless it already runs; its process either way.
     */
    public ProcessHandle startServer(int port, Map<String, String> environment) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return start(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--port", Integer.toString(port)), environment);
    }

    /** Waits until {@code base}/health answers 200; fails with the log's tail if the process ends first, or after {@code timeout}. */
    public void awaitHealthy(String base, ProcessHandle handle, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!handle.isAlive()) {
                throw new IllegalStateException(name + " stopped while starting; see " + logFile() + ":\n" + logTail(15));
            }
            if ("200".equals(health(base))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s; see " + logFile());
    }

    /** The status of {@code base}/health, or "no answer". */
    public static String health(String base) {
        try {
            var r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return Integer.toString(r.statusCode());
        } catch (IOException e) {
            return "no answer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no answer";
        }
    }

    /** The last lines of the log, for an error message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile());
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Asks the process to stop (SIGTERM), waits up to {@code seconds}, then kills it. */
    public void stop(int seconds) throws IOException {
        Optional<ProcessHandle> handle = running();
        if (handle.isPresent()) {
            handle.get().destroy();
            try {
                handle.get().onExit().get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                log.warn("{} did not stop within {} s; killing it", name, seconds);
                handle.get().destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        Files.deleteIfExists(pidFile());
    }
}
