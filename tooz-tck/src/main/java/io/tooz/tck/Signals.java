package io.tooz.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** POSIX signals to a process of the test's own (a child JVM, a private server), sent with {@code kill}. */
public final class Signals {
    private Signals() {}

    /** Sends {@code STOP}, {@code CONT}, {@code KILL}, ... to the process. */
    public static void send(Process process, String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending " + name + " to " + process.pid(), e);
        }
    }

    /** Freezes the process with {@code SIGSTOP} for {@code length}; thaws it with {@code SIGCONT} whatever happens. */
    public static void freeze(Process process, Duration length) {
        send(process, "STOP");
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            send(process, "CONT");
        }
    }
}
