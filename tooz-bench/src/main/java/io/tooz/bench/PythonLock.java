package io.tooz.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Python tooz's lock, acquire + release, in a {@code /usr/bin/python3} subprocess (Debian's python3-tooz 3.1.0)
 * running {@code python_lock_rounds.py}: started once, then asked for one timed slot at a time, so that its slots
 * interleave with the Java variants' ({@link BenchRounds.Timed}). Python's start-up and the pipe are outside the
 * slots: the script times itself.
 */
final class PythonLock implements BenchRounds.Timed, AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    /** What the row says when Python tooz cannot be imported. */
    static final String NOT_INSTALLED = "not installed (scripts/backends.sh up python)";

    private static final long START_SECONDS = 60;
    private final Process process;
    private final OutputStream stdin;
    private final BlockingQueue<String> lines;

    private PythonLock(Process process, BlockingQueue<String> lines) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.lines = lines;
    }

    /** A started peer, or why there is none. */
    record Started(PythonLock peer, String why) {}

    /**
     * Starts Python tooz on {@code url} as {@code member}, on lock {@code lockName}, and waits until it has taken the
     * lock once.
     */
    static Started start(String url, String member, String lockName) throws InterruptedException {
        String script;
        try (InputStream in = PythonLock.class.getResourceAsStream("python_lock_rounds.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, "-I", "-c", script, url, member, lockName)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return new Started(null, NOT_INSTALLED);
        }
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the process ended
                    }
                    lines.add("EOF");
                },
                "python-tooz-reader");
        reader.setDaemon(true);
        reader.start();
        PythonLock peer = new PythonLock(p, lines);
        String first = lines.poll(START_SECONDS, TimeUnit.SECONDS);
        if ("READY".equals(first)) {
            return new Started(peer, null);
        }
        peer.close();
        if (first != null && first.startsWith("NO_TOOZ")) {
            return new Started(null, NOT_INSTALLED);
        }
        return new Started(
                null,
                first == null
                        ? "failed: not ready within " + START_SECONDS + " s"
                        : "failed: " + first.replaceFirst("^FAILED ", ""));
    }

    @Override
    public double rate(long slotNanos) {
        try {
            stdin.write(
                    String.format(Locale.ROOT, "run %.6f%n", slotNanos / 1e9).getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            String reply = lines.poll(slotNanos / 1_000_000 + 30_000, TimeUnit.MILLISECONDS);
            if (reply == null || !reply.startsWith("RATE ")) {
                throw new IllegalStateException("Python tooz's lock: " + (reply == null ? "no answer" : reply));
            }
            return Double.parseDouble(reply.substring(5));
        } catch (IOException e) {
            throw new UncheckedIOException("Python tooz's lock: its process ended", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Asks the script to stop its coordinator; ends the process if it has not within 10 s. */
    @Override
    public void close() {
        try {
            stdin.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
