package io.tooz.interop;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InteropFixture} on a memcached of each test class's own, on a free loopback port, emptied with {@code
 * flush_all} after each test (memcached has no namespaces) and killed after the class. One server per class, not per
 * test: a new server grants no lock until it has been up a lock TTL, which would cost every test that wait. {@code
 * timeout=4} makes Python's and Java's membership, lock and leader TTLs 4 s.
 */
abstract class MemcachedInteropFixture extends InteropFixture {
    static final String BINARY = "/usr/bin/memcached";

    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new AssertionError(BINARY + " is missing: install it with scripts/backends.sh up memcached");
        }
        PythonPeer.requireTooz();
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

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    /** The {@code uptime} statistic, -1 while the server does not answer. */
    private static long uptimeSeconds() {
        String stats = ask("stats", "END");
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("STAT uptime ")) {
                return Long.parseLong(line.substring("STAT uptime ".length()).trim());
            }
        }
        return -1;
    }

    /** Sends one command; the answer up to the line {@code last}, empty if the server does not answer. */
    private static String ask(String command, String last) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(1000);
            s.getOutputStream().write((command + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            var in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder answer = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                answer.append(line).append("\r\n");
                if (line.equals(last)) {
                    break;
                }
            }
            return answer.toString();
        } catch (IOException notYet) {
            return "";
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

    /** Empties the server for the next test ({@code flush_all}: every key, fence counters included). */
    @Override
    void removeNamespace() {
        String answer = ask("flush_all", "OK");
        if (!answer.startsWith("OK")) {
            throw new AssertionError("memcached on port " + port + " did not flush: '" + answer.trim() + "'");
        }
    }
}
