package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.JdbcBenchTarget.Target;
import io.tooz.bench.WatchLatency.Plan;
import io.tooz.bench.WatchLatency.WatchResult;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The cost of tooz's PostgreSQL and MySQL lock against what a lock must cost on the same server, measured in one run:
 * our lock at least 0.8 times the raw floor, join+leave per second, and the join to watcher-callback latency.
 *
 * <p>Run from the repository root, against a running server ({@code scripts/backends.sh up postgresql mysql}):
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url postgresql://tooz:tooz@127.0.0.1:5432/tooz [--duration 60s]
 *
 * ./tooz bench --url mysql://tooz:tooz@127.0.0.1:3306/tooz [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, under names of its own ({@code bench-<uuid>}) in tooz's tables (afterwards its groups and its fence
 * counter rows are deleted):
 *
 * <ol>
 *   <li>One client, one operation at a time, uncontended, in {@value BenchRun#ROUNDS} interleaved rounds after a warm-up slot
 *       each (the order rotating every round); the median round is the headline: tooz {@code lock.acquire()} + {@code
 *       release()} and with {@code tryAcquire()}; the raw floor with the same JDBC driver on one bare connection
 *       ({@code pg_try_advisory_lock} + {@code pg_advisory_unlock}, resp. {@code GET_LOCK(name, 0)} + {@code
 *       RELEASE_LOCK}, prepared once: two round trips); tooz {@code joinGroup(g).get()} + {@code leaveGroup(g).get()}.
 *   <li>For reading the above (no goals): the driver's fast-path SQL by hand on the bare connection, and one {@code
 *       SELECT 1} round trip.
 *   <li>Watch latency: a second coordinator watches a group; the first joins and leaves it repeatedly. From just before
 *       {@code joinGroup} to the watcher's callback, p50 and p99. PostgreSQL pushes changes (NOTIFY); MySQL's watcher
 *       polls every {@code watch_check_interval} (1 s unless the URL says otherwise), so there each join and each leave
 *       waits a random part of that interval first, and there are few samples.
 * </ol>
 *
 * <p>The duration (default 60 s) is split, warm-ups included (see {@link BenchBudget}): half
 * for the interleaved rounds, 10 % for the diagnostics, a quarter for watch latency (fewer samples than wanted are
 * called rough), the rest for set-up and clean-up. A missed goal prints MISSED; it
 * is not an error. {@link #run} returns 0 when every figure was measured, 1 when watcher callbacks went missing.
 */
public final class JdbcBench {
    private static final double TARGET_VS_FLOOR = 0.80;

    private JdbcBench() {}

    /**
     * Runs the benchmark against the database of {@code url} and prints the figures to {@code out}.
     *
     * @param url a {@code postgresql://} or {@code mysql://} URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured (goals met or not), 1 when watcher callbacks went missing
     * @throws ToozConnectionException if the server cannot be reached
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        Target target = Target.of(url);
        BenchRun bench = new BenchRun(url, started, duration, out);

        Connection raw = JdbcBenchTarget.connect(target);
        String version = JdbcBenchTarget.serverVersion(raw);
        out.printf(
                "tooz %s benchmark on %s (%s): tooz's lock and group operations against the least the same server can"
                        + " do (the raw floor)%n",
                target.product(), ConnectionUrl.redact(url), version);
        BenchOutput.benchmark(out, target.product(), ConnectionUrl.redact(url), version, bench.budget);
        try {
            Coordinator a = bench.start();
            String floorSql = target.postgres()
                    ? "pg_try_advisory_lock + pg_advisory_unlock"
                    : "GET_LOCK(name, 0) + RELEASE_LOCK";
            List<Variant> variants = List.of(
                    bench.acquire(),
                    bench.tryAcquire(),
                    new Variant(
                            "raw floor: JDBC " + floorSql,
                            JdbcRawLocks.floor(raw, target, "bench-raw-lock-" + bench.tag)),
                    bench.joinAndLeave());

            // ---- one client ----
            boolean lockMet = bench.floorRatios(bench.interleaved(variants), TARGET_VS_FLOOR);

            // ---- for reading: what one round trip costs now ----
            bench.roundTripDiagnostics(
                    variants.get(2), new Variant("one round trip: SELECT 1", JdbcRawLocks.roundTrip(raw)));

            // ---- join -> watcher callback ----
            // a pushing watcher answers in milliseconds; a polling one in about half its interval, so few samples there
            long watchBudget = bench.budget.nanos(BenchRounds.WATCH_PHASE);
            Plan plan = target.pushesChanges()
                    ? new Plan(20, 200, watchBudget, 0)
                    : new Plan(1, 5, watchBudget, target.watchCheckInterval().toNanos());
            WatchResult w = bench.watchLatency(plan);
            out.println(
                    target.pushesChanges()
                            ? "  (PostgreSQL: the watcher is woken by NOTIFY)"
                            : String.format(
                                    "  (MySQL: the watcher polls every watch_check_interval = %d ms; each join"
                                            + " and leave waited a random part of it first)",
                                    target.watchCheckInterval().toMillis()));
            return bench.end(List.of(lockMet), String.format("lock >= %.2fx raw floor", TARGET_VS_FLOOR), w);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    target.product() + " request failed during the benchmark: " + e.getMessage(), e);
        } finally {
            bench.close();
            JdbcBenchTarget.close(raw);
        }
    }
}
