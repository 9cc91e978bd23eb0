package io.tooz.driver.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One etcd process of an {@link EtcdCluster}: its loopback ports, data dir and log file, and signals to it. */
final class EtcdMember {
    final String name;
    final int clientPort = EtcdServers.freePort();
    final int peerPort = EtcdServers.freePort();
    private final Path dataDir;
    private final Path log;
    private Process process;

    EtcdMember(String name, Path clusterDir) {
        this.name = name;
        this.dataDir = clusterDir.resolve(name);
        this.log = clusterDir.resolve(name + ".log");
    }

    String endpoint() {
        return "127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Starts etcd on this member's name, data dir and URLs, with the cluster-wide flags given; logs to a file. */
    void start(String scheme, List<String> clusterFlags) {
        String clientUrl = scheme + "://" + endpoint();
        List<String> cmd = new ArrayList<>(List.of(
                EtcdServers.BINARY.toString(),
                "--name=" + name,
                "--data-dir=" + dataDir,
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl(),
                "--initial-advertise-peer-urls=" + peerUrl(),
                "--logger=zap",
                "--log-outputs=stderr"));
        cmd.addAll(clusterFlags);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("ETCD_"));
        String arch = EtcdServers.unsupportedArch();
        if (arch != null) {
            pb.environment().put("ETCD_UNSUPPORTED_ARCH", arch);
        }
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL (also ends a paused member), then waits for the exit. */
    void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("etcd member " + name + " (pid " + pid() + ") survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends a signal such as STOP or CONT with the kill command. */
    void signal(String signal) {
        if (EtcdServers.run("kill", "-" + signal, Long.toString(pid())) == null) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How the process ended, for failure messages. */
    String exitStatus() {
        return process == null || process.isAlive() ? "running" : "exit code " + process.exitValue();
    }

    String logTail(int lines) {
        List<String> all;
        try {
            all = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
