package io.tooz.driver.memcached;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/** A memcached of the test's own on a free loopback port, which the test may kill, restart (empty) and freeze. */
final class PrivateMemcached implements AutoCloseable {
    static final String BINARY = "/usr/bin/memcached";

    final int port;
    private Process process;

    private PrivateMemcached(int port) {
        this.port = port;
    }

    static PrivateMemcached start() throws IOException, InterruptedException {
        if (!new File(BINARY).canExecute()) {
            throw new AssertionError(BINARY + " is missing: install it with scripts/backends.sh up memcached");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateMemcached m = new PrivateMemcached(port);
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
