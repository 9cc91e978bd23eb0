package io.tooz.interop;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link InteropFixture} on a memcached of each test's own (memcached has no namespaces, so a fresh server is the only
 * clean slate), on a free loopback port, killed afterwards. {@code timeout=4} makes Python's and Java's membership,
 * lock and leader TTLs 4 s.
 */
abstract class MemcachedInteropFixture extends InteropFixture {
    static final String BINARY = "/usr/bin/memcached";

    private Process server;
    private int port;

    @BeforeAll
    static void memcachedAndPythonToozAreThere() {
        if (!new File(BINARY).canExecute()) {
            throw new AssertionError(BINARY + " is missing: install it with scripts/backends.sh up memcached");
        }
        PythonPeer.requireTooz();
    }

    @BeforeEach
    void startServer() throws IOException, InterruptedException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(List.of("-u", "nobody"));
        }
        server = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("memcached on port " + port + " did not start");
    }

    @Override
    String url() {
        return "memcached://127.0.0.1:" + port + "?timeout=4";
    }

    @Override
    void removeNamespace() {
        server.destroyForcibly();
    }
}
