package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.WatchLatency.WatchResult;
import io.tooz.spi.ConnectionUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The cost of tooz's {@code file://} (and {@code ipc://}) lock against what a POSIX record lock costs in the same
 * directory, measured in one run, join+leave per second, and the join to watcher-callback latency. No goals are set for
 * this backend, so ratios are printed for reading only.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url file:///tmp/tooz-bench-file [--duration 60s]
 *
 * ./tooz bench --url ipc:// [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, under names of its own ({@code bench-<uuid>}) in the URL's directory (afterwards its groups, its lock
 * file, fence counter and raw-floor file are deleted):
 *
 * <ol>
 *   <li>One client, one operation at a time, uncontended, in {@value BenchRun#ROUNDS} interleaved rounds after a warm-up slot
 *       each (the order rotating every round); the median round is the headline: tooz {@code lock.acquire()} + {@code
 *       release()} and with {@code tryAcquire()}; the raw floor: what the driver's lock file costs at the least, on a
 *       file of the same directory, as the driver's {@code PosixLock} takes it: a {@code FileChannel} opened for the
 *       acquire, {@code lock()} ({@code fcntl}), the channel kept open while held and closed to release (closing drops
 *       the record lock); tooz {@code joinGroup(g).get()} + {@code leaveGroup(g).get()}.
 *   <li>For reading the above (no goals): {@code lock()} + {@code release()} on one channel kept open for the whole
 *       run (the system calls alone), and writing a small file in the directory and renaming it over another (what
 *       the driver's fence counter costs per acquire).
 *   <li>Watch latency: a second coordinator watches a group; the first joins and leaves it repeatedly. From just before
 *       {@code joinGroup} to the watcher's callback, p50 and p99 (the driver watches group directories by inotify).
 * </ol>
 *
 * <p>The duration (default 60 s) is split, warm-ups included (see {@link BenchBudget}): half
 * for the interleaved rounds, 10 % for the diagnostics, a quarter for watch latency (fewer samples than wanted are
 * called rough), the rest for set-up and clean-up. {@link #run} returns 0 when
 * every figure was measured, 1 when watcher callbacks went missing.
 */
public final class FileBench {

    private FileBench() {}

    /**
     * Runs the benchmark in the directory of {@code url} and prints the figures to {@code out}.
     *
     * @param url a {@code file://} or {@code ipc://} URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured, 1 when watcher callbacks went missing
     * @throws ToozConnectionException if the directory cannot be created or written
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        BenchRun bench = new BenchRun(url, started, duration, out);
        Path dir = null;
        Path rawFile = null;
        FileChannel keptOpen = null;
        try {
            Coordinator a = bench.start(); // ours first: it creates the directory, or fails naming it
            dir = directory(url);
            String fs = Files.getFileStore(dir).type();
            out.printf(
                    "tooz file benchmark on %s (directory %s, %s file system): tooz's lock and group operations"
                            + " against the least the same file system can do (the raw floor)%n",
                    ConnectionUrl.redact(url), dir, fs);
            BenchOutput.benchmark(out, "file", ConnectionUrl.redact(url), fs + " file system", bench.budget);
            Path raw = dir.resolve(".bench-raw-" + bench.tag);
            rawFile = raw;
            Files.createFile(raw);
            List<Variant> variants = List.of(
                    bench.acquire(),
                    bench.tryAcquire(),
                    new Variant("raw floor: open FileChannel + lock() + close", () -> {
                        try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.WRITE)) {
                            ch.lock();
                        }
                    }),
                    bench.joinAndLeave());

            // ---- one client ----
            bench.floorRatios(bench.interleaved(variants), Double.NaN);

            // ---- for reading: the system calls alone, and one atomic file replacement ----
            FileChannel channel = FileChannel.open(raw, StandardOpenOption.WRITE);
            keptOpen = channel;
            Path tmpDir = Files.createDirectories(dir.resolve("tmp"));
            Path renamed = dir.resolve(".bench-renamed-" + bench.tag);
            byte[] content = ("1\n" + bench.member).getBytes(StandardCharsets.UTF_8);
            List<Variant> diag = List.of(
                    variants.get(2),
                    new Variant("lock() + release() on one channel kept open", () -> channel.lock()
                            .release()),
                    new Variant("write a small file in tmp/ + rename it (a fence update)", () -> {
                        Path t = Files.createTempFile(tmpDir, "bench-", ".tmp");
                        Files.write(t, content);
                        Files.move(t, renamed, StandardCopyOption.ATOMIC_MOVE);
                    }));
            BenchRounds.printDiagnostics(
                    out,
                    "for reading the above (no goals), on files of the same directory",
                    diag,
                    bench.budget.nanos(BenchRounds.DIAG_PHASE));
            Files.deleteIfExists(renamed);
            out.flush();

            // ---- join -> watcher callback ----
            // inotify: the watcher is woken, it does not poll
            WatchResult w = bench.watchLatency(bench.watchPlan());
            out.println("  (the watcher is woken by inotify on the group's directory)");
            return bench.endWithoutGoals("file://", w);
        } catch (IOException e) {
            throw new UncheckedIOException("file operation failed during the benchmark: " + e.getMessage(), e);
        } finally {
            if (keptOpen != null) {
                try {
                    keptOpen.close();
                } catch (IOException e) {
                    // the benchmark is over
                }
            }
            bench.close();
            if (dir != null) {
                deleteFiles(out, List.of(dir.resolve(bench.lockName), fenceFile(dir, bench.lockName), rawFile));
            }
        }
    }

    /** The directory of a {@code file://} or {@code ipc://} URL, as the driver resolves it (the URL was accepted). */
    static Path directory(String url) {
        ConnectionUrl u = ConnectionUrl.parse(url);
        if (u.scheme().equals("ipc")) {
            return Path.of(
                    "/dev/shm",
                    u.hosts().isEmpty()
                            ? "tooz-ipc"
                            : "tooz-ipc-" + u.hosts().get(0).host());
        }
        if (!u.scheme().equals("file")) {
            throw new IllegalArgumentException(
                    "FileBench needs a file:// or ipc:// URL, got " + ConnectionUrl.redact(url));
        }
        return Path.of(u.path()).toAbsolutePath().normalize();
    }

    /** The driver's fence counter of lock {@code name}: {@code .tooz/fences/<sha1hex(name)>}. */
    static Path fenceFile(Path dir, String name) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(".tooz").resolve("fences").resolve(HexFormat.of().formatHex(sha1));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteFiles(PrintStream out, List<Path> files) {
        for (Path f : files) {
            try {
                if (f != null) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                out.println("cleanup: could not delete " + f + ": " + e.getMessage());
            }
        }
    }
}
