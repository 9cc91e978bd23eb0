package io.tooz.driver.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Small helpers for the etcd processes the tests start: the binary, free ports, commands, waits. */
final class EtcdServers {
    static final Path BINARY = Path.of("/usr/bin/etcd");

    private EtcdServers() {}

    /** Fails unless the etcd binary that {@link EtcdCluster} runs is installed. */
    static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is not executable: install it with scripts/backends.sh up etcd");
        }
    }

    /** ETCD_UNSUPPORTED_ARCH for this machine, or null: etcd 3.4 refuses to run elsewhere than amd64/ppc64le. */
    static String unsupportedArch() {
        String arch = run("dpkg", "--print-architecture");
        arch = arch == null ? System.getProperty("os.arch") : arch.trim();
        return switch (arch) {
            case "amd64", "x86_64", "ppc64le" -> null;
            case "ppc64el" -> "ppc64le";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    /** Output of a short command, or null if it could not run or failed. */
    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** A loopback port free right now (someone may take it before it is used: callers retry on a clash). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    /** Polls check every 100 ms until it returns true; an exception counts as false and shows on timeout. */
    static void await(Check check, Duration timeout, String what, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.ok()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + " (last error: "
                + last + ")" + diagnostics.get());
    }
}
