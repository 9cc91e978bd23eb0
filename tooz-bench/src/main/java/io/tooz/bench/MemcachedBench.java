package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.MemcachedBenchTarget.Raw;
import io.tooz.bench.MemcachedBenchTarget.Target;
import io.tooz.bench.WatchLatency.Plan;
import io.tooz.bench.WatchLatency.WatchResult;
import io.tooz.spi.ConnectionUrl;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The cost of tooz's memcached lock against what a lock must cost on the same server, measured in one run, join+leave
 * per second, and the join to watcher-callback latency. No goals are set for this backend, so ratios
 * are printed for reading only.
 *
 * <p>Run from the repository root, against a running server ({@code scripts/backends.sh up memcached}):
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url memcached://127.0.0.1:11211 [--duration 60s]
 *
 * ./tooz bench --url memcached://127.0.0.1:11211 [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, under names of its own ({@code bench-<uuid>}; memcached has no namespaces, afterwards its groups, lock
 * and fence keys and the raw floor's key are deleted):
 *
 * <ol>
 *   <li>One client, one operation at a time, uncontended, in {@value BenchRun#ROUNDS} interleaved rounds after a warm-up slot
 *       each (the order rotating every round); the median round is the headline: tooz {@code lock.acquire()} + {@code
 *       release()} and with {@code tryAcquire()}; the raw floor: Python tooz's lock, {@code add} with a TTL + {@code
 *       delete}, on one bare text-protocol connection (two round trips); tooz {@code joinGroup(g).get()} + {@code
 *       leaveGroup(g).get()}.
 *   <li>For reading the above (no goals): one round trip ({@code version}) on the bare connection.
 *   <li>Watch latency: a second coordinator watches a group; the first joins and leaves it repeatedly. Memcached has no
 *       notifications, so the watcher polls every {@code watch_interval} (1 s unless the URL says otherwise): each
 *       join and each leave waits a random part of that interval first, and there are few samples.
 * </ol>
 *
 * <p>The duration (default 60 s) is split, warm-ups included (see {@link BenchBudget}): half
 * for the interleaved rounds, 10 % for the diagnostics, a quarter for watch latency (fewer samples than wanted are
 * called rough), the rest for set-up and clean-up. {@link #run} returns 0 when
 * every figure was measured, 1 when watcher callbacks went missing.
 */
public final class MemcachedBench {

    private MemcachedBench() {}

    /**
     * Runs the benchmark against the memcached server of {@code url} and prints the figures to {@code out}.
     *
     * @param url a {@code memcached://} URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured, 1 when watcher callbacks went missing
     * @throws ToozConnectionException if the server cannot be reached
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        Target target = Target.of(url);
        BenchRun bench = new BenchRun(url, started, duration, out);
        String rawKey = "__TOOZ_LOCK_bench-raw-lock-" + bench.tag;

        Raw raw = Raw.connect(target);
        try {
            String version = "memcached " + raw.version();
            out.printf(
                    "tooz memcached benchmark on %s (%s): tooz's lock and group operations against the least the same"
                            + " server can do (the raw floor)%n",
                    ConnectionUrl.redact(url), version);
            BenchOutput.benchmark(out, "memcached", ConnectionUrl.redact(url), version, bench.budget);
            Coordinator a = bench.start();
            byte[] holder = bench.member.getBytes(StandardCharsets.UTF_8);
            List<Variant> variants = List.of(
                    bench.acquire(),
                    bench.tryAcquire(),
                    new Variant("raw floor: add (TTL 30 s) + delete, bare connection", () -> {
                        if (!raw.add(rawKey, 30, holder) || !raw.delete(rawKey)) {
                            throw new IllegalStateException("the raw floor's key " + rawKey + " was taken");
                        }
                    }),
                    bench.joinAndLeave());

            // ---- one client ----
            bench.floorRatios(bench.interleaved(variants), Double.NaN);

            // ---- for reading: what one round trip costs now ----
            bench.roundTripDiagnostics(variants.get(2), new Variant("one round trip: version", raw::version));

            // ---- join -> watcher callback ----
            Plan plan = new Plan(
                    1,
                    5,
                    bench.budget.nanos(BenchRounds.WATCH_PHASE),
                    target.watchInterval().toNanos());
            WatchResult w = bench.watchLatency(plan);
            out.printf(
                    "  (memcached: the watcher polls every watch_interval = %d ms; each join and leave waited a random"
                            + " part of it first)%n",
                    target.watchInterval().toMillis());
            return bench.endWithoutGoals("memcached://", w);
        } catch (IOException e) {
            throw new UncheckedIOException("memcached request failed during the benchmark: " + e.getMessage(), e);
        } finally {
            bench.close();
            for (String key : List.of(rawKey, "__TOOZ_LOCK_" + bench.lockName, "__TOOZ_FENCE_" + bench.lockName)) {
                try {
                    raw.delete(key);
                } catch (IOException e) {
                    out.println("cleanup: could not delete key " + key + ": " + e.getMessage());
                }
            }
            raw.close();
        }
    }
}
