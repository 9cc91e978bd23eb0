package io.tooz.driver.memcached;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** A memcached of the test's own on a free loopback port, which the test may kill, restart (empty) and freeze. */
final class PrivateMemcached implements AutoCloseable {
    static final String BINARY = "/usr/bin/memcached";

    final int port;
    private final java.util.List<String> options;
    private Process process;

    private PrivateMemcached(int port, java.util.List<String> options) {
        this.port = port;
        this.options = options;
    }

    static PrivateMemcached start() throws IOException, InterruptedException {
        return start(java.util.List.of());
    }

    /**
     * A memcached speaking TLS only ({@code -Z}), on 127.0.0.1 and 127.0.0.2, with the server certificate of {@code
     * certs} (which names 127.0.0.1 and localhost only); with {@code requireClientCertificate}, clients must show a
     * certificate signed by their CA ({@code ssl_verify_mode=2}).
     */
    static PrivateMemcached startTls(io.tooz.tck.TestCertificates certs, boolean requireClientCertificate)
            throws IOException, InterruptedException {
        return start(java.util.List.of(
                "-Z",
                "-l",
                "127.0.0.2",
                "-o",
                "ssl_chain_cert=" + certs.serverCert() + ",ssl_key=" + certs.serverKey() + ",ssl_ca_cert="
                        + certs.caCert() + ",ssl_verify_mode=" + (requireClientCertificate ? 2 : 0)));
    }

    private static PrivateMemcached start(java.util.List<String> options) throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new AssertionError(BINARY + " is missing: install it with scripts/backends.sh up memcached");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateMemcached m = new PrivateMemcached(port, options);
        m.restart();
        return m;
    }

    String url() {
        return "memcached://127.0.0.1:" + port;
    }

    /** Starts the server (again) on the same port, empty. */
    void restart() throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(
                java.util.List.of(BINARY, "-p", Integer.toString(port), "-l", "127.0.0.1", "-U", "0"));
        cmd.addAll(options);
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.addAll(java.util.List.of("-u", "nobody")); // memcached refuses to run as root
        }
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!io.tooz.tck.FaultPorts.listensWithin(port, java.time.Duration.ofSeconds(10))) {
            throw new AssertionError("private memcached on port " + port + " did not start");
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

    /** Freezes the server with SIGSTOP for {@code length}, then thaws it with SIGCONT. */
    void freeze(java.time.Duration length) {
        io.tooz.tck.Signals.freeze(process, length);
    }

    @Override
    public void close() {
        kill();
    }
}
