package io.tooz.driver.zookeeper;

import io.tooz.tck.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone ZooKeeper server in a JVM of its own (this test's class path, {@code ZooKeeperServerMain}, 500 ms
 * ticks, so sessions of 1 to 10 s), which a test can freeze with SIGSTOP and kill and restart on its data dir.
 */
final class PrivateZooKeeper implements AutoCloseable {
    private static final int TICK_MS = 500;

    final int port;
    private final Path dir;
    private Process process;

    private PrivateZooKeeper(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    static PrivateZooKeeper start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateZooKeeper zk = new PrivateZooKeeper(port, Files.createTempDirectory("tooz-zk-"));
        zk.restart();
        return zk;
    }

    /** Starts the server (again) on its port and data dir, and waits until it accepts connections. */
    void restart() throws IOException, InterruptedException {
        List<String> cmd = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "org.apache.zookeeper.server.ZooKeeperServerMain",
                Integer.toString(port),
                dir.resolve("data").toString(),
                Integer.toString(TICK_MS));
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("zookeeper.log").toFile()))
                .start();
        if (!io.tooz.tck.FaultPorts.listensWithin(port, Duration.ofSeconds(30))) {
            throw new AssertionError("private ZooKeeper on port " + port + " did not start; see " + dir);
        }
    }

    /** Kills the server at once (SIGKILL); its data dir stays. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills it and starts it again on the same data dir. */
    void crashAndRestart() {
        kill();
        try {
            restart();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Freezes the server with SIGSTOP for {@code length}, then thaws it with SIGCONT. */
    void freeze(Duration length) {
        Signals.freeze(process, length);
    }

    @Override
    public void close() {
        kill();
    }
}
