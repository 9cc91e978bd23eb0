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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (uptimeSeconds() >= LOCKS_GRANTED_FROM_UPTIME) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("memcached on port " + port + " did not start, or its uptime did not reach "
                + LOCKS_GRANTED_FROM_UPTIME + " s");
    }

    /** The {@code uptime} statistic, -1 while the server does not answer. */
    private long uptimeSeconds() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            s.getOutputStream().write("stats\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null && !line.equals("END"); ) {
                if (line.startsWith("STAT uptime ")) {
                    return Long.parseLong(
                            line.substring("STAT uptime ".length()).trim());
                }
            }
            return -1;
        } catch (IOException notYet) {
            return -1;
        }
    }

    /**
     * A new server grants no lock until it has been up a lock TTL (the driver's restart guard): with {@code timeout=4}
     * the lock keys live 5 s, and memcached reports its uptime about 3 s ahead.
     */
    private static final long LOCKS_GRANTED_FROM_UPTIME = 8;

    @Override
    String url() {
        return "memcached://127.0.0.1:" + port + "?timeout=4";
    }

    @Override
    void removeNamespace() {
        server.destroyForcibly();
    }
}
