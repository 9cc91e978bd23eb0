package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Ctrl-C during {@code lock --hold} and {@code join --hold}: the CLI runs as a child process, gets SIGINT from {@code
 * kill -INT}, and must exit 130 having released the lock / left the group. On the Redis of {@code scripts/backends.sh}
 * (127.0.0.1:6379), since memory:// cannot be seen from another process; in a namespace of the test's own.
 */
class SignalTest {
    private final String url = "redis://127.0.0.1:6379?namespace=tooz-cli-signal-"
            + UUID.randomUUID().toString().substring(0, 8);

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void ctrlCDuringLockHoldReleasesTheLockAndExits130() throws Exception {
        Child child = Child.start("lock", "sig-lock", "--url", url, "--member-id", "sig-holder", "--hold", "60s");
        child.awaitLine("acquired lock sig-lock fencing token ");
        try (Coordinator c = Coordinator.builder(url).memberId("sig-check").build()) {
            c.start();
            assertThat(c.getLock("sig-lock").holder()).contains("sig-holder");
            child.interrupt();
            assertThat(child.exit()).as(child.toString()).isEqualTo(130);
            assertThat(child.out()).endsWith("released lock sig-lock\n");
            assertThat(child.err()).contains("tooz: interrupted; released lock sig-lock");
            assertThat(c.getLock("sig-lock").holder())
                    .as("free at once, not after the TTL")
                    .isEmpty();
            assertThat(c.getLock("sig-lock").tryAcquire()).isPresent();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void ctrlCDuringJoinHoldLeavesTheGroupAndExits130() throws Exception {
        Child child =
                Child.start("join", "sig-group", "--create", "--url", url, "--member-id", "sig-m", "--hold", "60s");
        child.awaitLine("joined sig-group as sig-m");
        try (Coordinator c = Coordinator.builder(url).memberId("sig-check").build()) {
            c.start();
            assertThat(c.getMembers("sig-group").get()).contains("sig-m");
            child.interrupt();
            assertThat(child.exit()).as(child.toString()).isEqualTo(130);
            assertThat(child.out()).endsWith("left sig-group as sig-m\n");
            assertThat(child.err()).contains("tooz: interrupted; left group sig-group");
            assertThat(c.getMembers("sig-group").get())
                    .as("gone at once, not after the TTL")
                    .isEmpty();
            c.deleteGroup("sig-group").get();
        }
    }

    /** The CLI in a child JVM on this test's class path, its output collected as it comes. */
    private static final class Child {
        final Process process;
        final List<String> outLines = new ArrayList<>();
        final StringBuilder err = new StringBuilder();
        final CompletableFuture<Void> drained;

        private Child(Process process) {
            this.process = process;
            CompletableFuture<Void> o = CompletableFuture.runAsync(() -> drain(process, true));
            CompletableFuture<Void> e = CompletableFuture.runAsync(() -> drain(process, false));
            this.drained = CompletableFuture.allOf(o, e);
        }

        static Child start(String... args) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("-cp");
            cmd.add(classPath());
            cmd.add(ToozCli.class.getName());
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).start();
            p.getOutputStream().close();
            return new Child(p);
        }

        /** Surefire runs tests with a manifest-only jar on java.class.path; the real path is in this property. */
        private static String classPath() {
            String cp = System.getProperty("surefire.test.class.path");
            return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        }

        private void drain(Process p, boolean stdout) {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(stdout ? p.getInputStream() : p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (this) {
                        if (stdout) {
                            outLines.add(line);
                        } else {
                            err.append(line).append('\n');
                        }
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }

        synchronized void awaitLine(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (outLines.stream().noneMatch(l -> l.startsWith(prefix))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && drained.isDone()) {
                    throw new AssertionError("no line starting '" + prefix + "': " + this);
                }
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }

        void interrupt() throws Exception {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();
        }

        int exit() throws Exception {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("still running 30 s after SIGINT: " + this);
            }
            drained.get(10, TimeUnit.SECONDS);
            return process.exitValue();
        }

        synchronized String out() {
            return String.join("\n", outLines) + (outLines.isEmpty() ? "" : "\n");
        }

        synchronized String err() {
            return err.toString();
        }

        @Override
        public synchronized String toString() {
            return "--- stdout\n" + out() + "--- stderr\n" + err;
        }
    }
}
