package io.tooz.driver.redis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free loopback port, that the test may kill, restart (empty, or with its data
 * kept in an append-only file synced on every write) and freeze.
 */
final class PrivateRedis implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";

    final int port;
    private final Path dir;
    private final java.util.List<String> extra;
    private Process process;

    private PrivateRedis(int port, Path dir, java.util.List<String> extra) {
        this.port = port;
        this.dir = dir;
        this.extra = extra;
    }

    static PrivateRedis start() throws IOException, InterruptedException {
        return start(java.util.List.of());
    }

    /** Starts a server with more command-line options; {@code --port PORT} comes first, so TLS can replace it. */
    static PrivateRedis start(java.util.List<String> extra) throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new AssertionError(BINARY + " is missing: install it with scripts/backends.sh up redis");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateRedis r = new PrivateRedis(port, Files.createTempDirectory("tooz-redis-"), extra);
        r.restart();
        return r;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts a server that writes every change to its append-only file before it answers. */
    static PrivateRedis startPersistent() throws IOException, InterruptedException {
        return start(java.util.List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    /** Starts the server (again) on the same port: empty, unless it persists (and then with what it had written). */
    void restart() throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(BINARY));
        cmd.addAll(
                extra.contains("--tls-port")
                        ? java.util.List.of("--port", "0", "--tls-port", Integer.toString(port))
                        : java.util.List.of("--port", Integer.toString(port)));
        cmd.addAll(java.util.List.of("--bind", "127.0.0.1", "--save", "", "--dir", dir.toString()));
        if (!extra.contains("--appendonly")) {
            cmd.addAll(java.util.List.of("--appendonly", "no"));
        }
        cmd.addAll(extra.stream().filter(a -> !a.equals("--tls-port")).toList());
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        if (!io.tooz.tck.FaultPorts.listensWithin(port, java.time.Duration.ofSeconds(10))) {
            throw new AssertionError("private redis-server on port " + port + " did not start; see " + dir);
        }
    }

    /** Kills the server at once (SIGKILL): its data is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the server and deletes what it persisted: the next {@link #restart()} starts empty. */
    void killAndWipe() throws IOException {
        kill();
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.getFileName().toString().equals("redis.log")) {
                    Files.delete(p);
                }
            }
        }
    }

    /** Freezes the server with SIGSTOP for {@code length}, then thaws it with SIGCONT. */
    void freeze(java.time.Duration length) {
        io.tooz.tck.Signals.freeze(process, length);
    }

    @Override
    public void close() {
        kill();
    }
}
