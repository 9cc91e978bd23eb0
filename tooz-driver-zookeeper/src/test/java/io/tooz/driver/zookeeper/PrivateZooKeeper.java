package io.tooz.driver.zookeeper;

import io.tooz.tck.Signals;
import io.tooz.tck.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone ZooKeeper server in a JVM of its own (this test's class path, {@code ZooKeeperServerMain}, 500 ms
 * ticks, so sessions of 1 to 10 s), which a test can freeze with SIGSTOP and kill and restart on its data dir; plain
 * TCP, or TLS only ({@link #startTls}).
 */
final class PrivateZooKeeper implements AutoCloseable {
    private static final int TICK_MS = 500;

    final int port;
    private final Path dir;
    private final List<String> tls;
    private Process process;

    private PrivateZooKeeper(int port, Path dir, List<String> tls) {
        this.port = port;
        this.dir = dir;
        this.tls = tls;
    }

    static PrivateZooKeeper start() throws IOException, InterruptedException {
        PrivateZooKeeper zk = new PrivateZooKeeper(freePort(), Files.createTempDirectory("tooz-zk-"), List.of());
        zk.restart();
        return zk;
    }

    /**
     * Starts a server that speaks only TLS on its port (ZooKeeper's secure client port, Netty), with the server
     * certificate of {@code certs}; it trusts client certificates signed by their CA and, with {@code
     * needClientCertificates}, refuses clients without one.
     */
    static PrivateZooKeeper startTls(TestCertificates certs, boolean needClientCertificates)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("tooz-zk-tls-");
        Path keyStore = dir.resolve("server-key-and-cert.pem");
        Files.writeString(keyStore, Files.readString(certs.serverKey()) + Files.readString(certs.serverCert()));
        List<String> tls = List.of(
                "-Dzookeeper.serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                "-Dzookeeper.ssl.keyStore.location=" + keyStore,
                "-Dzookeeper.ssl.keyStore.type=PEM",
                "-Dzookeeper.ssl.trustStore.location=" + certs.caCert(),
                "-Dzookeeper.ssl.trustStore.type=PEM",
                "-Dzookeeper.ssl.clientAuth=" + (needClientCertificates ? "need" : "none"),
                "-Dzookeeper.admin.enableServer=false");
        PrivateZooKeeper zk = new PrivateZooKeeper(freePort(), dir, tls);
        zk.restart();
        return zk;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the server (again) on its port and data dir, and waits until it accepts connections. */
    void restart() throws IOException, InterruptedException {
        List<String> cmd =
                new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(tls);
        cmd.addAll(List.of(
                "-cp", System.getProperty("java.class.path"), "org.apache.zookeeper.server.ZooKeeperServerMain"));
        if (tls.isEmpty()) {
            cmd.addAll(List.of(Integer.toString(port), dir.resolve("data").toString(), Integer.toString(TICK_MS)));
        } else {
            Path config = dir.resolve("zoo.cfg");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "tickTime=" + TICK_MS,
                            "dataDir=" + dir.resolve("data"),
                            "secureClientPortAddress=127.0.0.1",
                            "secureClientPort=" + port,
                            ""));
            cmd.add(config.toString());
        }
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
