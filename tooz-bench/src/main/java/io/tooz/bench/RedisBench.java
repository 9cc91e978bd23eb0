package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.RedisBenchTarget.Target;
import io.tooz.bench.RedisRequests.Counted;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * The cost of tooz's Redis lock against what a lock must cost on the same server, measured in one run: our lock at
 * least 0.9 times the raw floor and 1.5 times Redisson (one client; 16 threads on distinct locks are printed for
 * reading, without a target), and a hand-off to one of 8 blocked waiters with p99 under 5 ms.
 *
 * <p>Run from the repository root, against a running server ({@code scripts/backends.sh up redis}):
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url redis://127.0.0.1:6379 [--duration 60s]
 *
 * ./tooz bench --url redis://127.0.0.1:6379 [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, in a fresh namespace {@code _tooz_bench_<uuid>} (added to the URL unless it names one; afterwards
 * every key under a fresh namespace is deleted, under a given one only the benchmark's, by SCAN + DEL of the prefix):
 *
 * <ol>
 *   <li>One client, one operation at a time, uncontended, in {@value #ROUNDS} interleaved rounds after a warm-up slot
 *       each (the order rotating every round); the median round is the headline: tooz {@code lock.acquire()} + {@code
 *       release()} and with {@code tryAcquire()} (one {@code EVALSHA} each way); the raw floor with the same client
 *       library, Jedis, on one bare connection ({@code SET key token NX PX 30000}, then a compare-and-delete script by
 *       {@code EVALSHA}: two round trips, the least a safe lock costs); Redisson's {@code RLock lock()} + {@code
 *       unlock()}.
 *   <li>The same three with {@value RedisThroughput#THREADS} threads on distinct locks, sharing one coordinator, one
 *       {@code JedisPooled} of 16 connections, one Redisson client: aggregate operations per second.
 *   <li>Requests per operation on each client's connections, from a {@code MONITOR} stream.
 *   <li>For reading the above (no goals): the raw floor through a {@code JedisPooled} (the pool the driver borrows
 *       from per command) and one {@code PING} round trip.
 *   <li>Hand-off latency: 9 coordinators (threads) take turns at one lock; each release happens while the other 8 are
 *       blocked in {@code acquire()}; from the holder's {@code release()} call to the next holder's grant, p50 and p99.
 *       The same with 9 Redisson clients for comparison.
 * </ol>
 *
 * <p>The duration (default 60 s) is split, warm-ups included (see {@link BenchBudget}): 30 % for the one-client
 * rounds, 20 % for the 16-thread rounds, 10 % for request counts and diagnostics, a quarter for the hand-offs (fewer
 * samples than wanted are called rough), the rest for set-up and clean-up.
 *
 * <p>A missed goal prints MISSED; it is not an error. {@link #run} returns 0 when every figure was measured, 1 when a
 * hand-off measurement failed (a waiter never got the lock).
 */
public final class RedisBench {
    static final int ROUNDS = 7;
    private static final int COUNTED_OPS = 50;
    static final double TARGET_VS_FLOOR = 0.90;
    static final double TARGET_VS_REDISSON = 1.50;
    private static final double TARGET_HANDOFF_P99_MS = 5.0;
    private static final String THREADS_PHASE = RedisThroughput.THREADS + "-thread rounds";
    private static final String HANDOFF_PHASE = "hand-off latency";

    private RedisBench() {}

    /**
     * Runs the benchmark against the Redis server of {@code url} and prints the figures to {@code out}.
     *
     * @param url a {@code redis://} URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured (goals met or not), 1 when a hand-off measurement failed
     * @throws ToozConnectionException if the server cannot be reached
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        Target target = Target.of(url);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "bench-" + tag; // tooz lock names; their keys are <namespace>_<name>...
        String prefix = target.namespace() + "_" + name; // every key of the benchmark's starts with this
        BenchBudget budget = new BenchBudget(started, duration)
                .phase(BenchRounds.ROUNDS_PHASE, 0.3)
                .phase(THREADS_PHASE, 0.2)
                .phase(BenchRounds.DIAG_PHASE, 0.1)
                .phase(HANDOFF_PHASE, 0.25);

        Jedis control = RedisBenchTarget.connect(target, "tooz-bench-control-" + tag);
        String shown = ConnectionUrl.redact(target.url().replace("namespace=" + target.namespace(), "namespace=..."));
        String version = RedisBenchTarget.serverVersion(control);
        out.printf(
                "tooz Redis benchmark on %s (%s): tooz's lock against the least the same server can do (the raw"
                        + " floor) and Redisson%nnamespace %s%s%n",
                shown,
                version,
                target.namespace(),
                target.ownNamespace()
                        ? " (fresh, all its keys deleted afterwards)"
                        : " (given; only the benchmark's keys are deleted)");
        BenchOutput.benchmark(out, "redis", shown, version, budget);
        Coordinator ours = null;
        Jedis raw = null;
        JedisPooled rawPool = null;
        RedissonClient redisson = null;
        try {
            ours = Coordinator.builder(target.url()).memberId(name).build();
            ours.start();
            raw = RedisBenchTarget.connect(target, "tooz-bench-raw-" + tag);
            rawPool = RedisBenchTarget.pool(target, "tooz-bench-rawpool-" + tag, RedisThroughput.THREADS);
            redisson = RedisBenchTarget.redisson(target, "tooz-bench-redisson-" + tag, 0, 0);
            String sha = RedisBenchTarget.loadCompareAndDelete(control);
            Coordinator a = ours;
            RedissonClient r = redisson;
            JedisPooled p = rawPool;
            DistributedLock lock = a.getLock(name + "-lock");
            RLock rlock = r.getLock(prefix + "-redisson-lock");
            List<Variant> variants = List.of(
                    new Variant("tooz lock.acquire() + release()", () -> lock.acquire()
                            .release()),
                    new Variant(
                            "tooz lock.tryAcquire() + release()",
                            () -> lock.tryAcquire().orElseThrow().release()),
                    new Variant(
                            "raw floor: Jedis SET NX PX + EVALSHA compare-and-delete",
                            RedisBenchTarget.rawLock(raw, sha, prefix + "-raw-lock", "raw-" + tag + "-")),
                    new Variant("Redisson RLock lock() + unlock()", () -> {
                        rlock.lock();
                        rlock.unlock();
                    }));

            // ---- one client ----
            BenchRounds.Table table =
                    BenchRounds.interleaved(out, variants, budget.nanos(BenchRounds.ROUNDS_PHASE), ROUNDS);
            double[][] rates = table.rates();
            double[] med = table.med();
            List<Boolean> verdicts = new ArrayList<>();
            verdicts.add(ratio(out, "lock acquire:    ours/raw-floor", med, rates, 0, 2, TARGET_VS_FLOOR));
            verdicts.add(ratio(out, "lock acquire:    ours/Redisson ", med, rates, 0, 3, TARGET_VS_REDISSON));
            ratio(out, "lock tryAcquire: ours/raw-floor", med, rates, 1, 2, TARGET_VS_FLOOR);
            ratio(out, "lock tryAcquire: ours/Redisson ", med, rates, 1, 3, TARGET_VS_REDISSON);
            out.flush();

            // ---- 16 threads on distinct locks ----
            RedisThroughput.section(
                    out,
                    i -> {
                        DistributedLock l = a.getLock(name + "-mt-" + i);
                        return () -> l.acquire().release();
                    },
                    i -> RedisBenchTarget.rawLock(p, sha, prefix + "-raw-mt-" + i, tag + i + "-"),
                    i -> {
                        RLock l = r.getLock(prefix + "-redisson-mt-" + i);
                        return () -> {
                            l.lock();
                            l.unlock();
                        };
                    },
                    BenchBudget.rounds(budget.nanos(THREADS_PHASE), 3, ROUNDS));
            out.flush();

            // ---- where the time goes ----
            long diagBudget = budget.nanos(BenchRounds.DIAG_PHASE);
            // counting runs each variant 1 + 4 times the operations counted (MONITOR, then server time)
            int ops = BenchBudget.ops(
                    Arrays.stream(med).min().orElse(0), diagBudget / 2 / (5 * variants.size()), 5, COUNTED_OPS);
            Predicate<String> oursNames = n -> n.contains(name); // the driver names its connections after the member
            RedisRequests.print(
                    out,
                    target,
                    control,
                    List.of(
                            new Counted(variants.get(0), oursNames),
                            new Counted(variants.get(1), oursNames),
                            new Counted(variants.get(2), ("tooz-bench-raw-" + tag)::equals),
                            new Counted(variants.get(3), ("tooz-bench-redisson-" + tag)::equals)),
                    ops);
            Jedis j = raw;
            List<Variant> diag = List.of(
                    variants.get(2),
                    new Variant(
                            "raw floor through a JedisPooled (as the driver borrows)",
                            RedisBenchTarget.rawLock(p, sha, prefix + "-rawpool-lock", "pool-" + tag + "-")),
                    new Variant("one round trip: Jedis PING", j::ping));
            BenchRounds.printDiagnostics(out, "for reading the above (no goals)", diag, diagBudget / 2);
            out.flush();

            // ---- hand-off to one of 8 blocked waiters ----
            RedisHandOff.printHeader(out);
            long handOff = budget.nanos(HANDOFF_PHASE);
            RedisHandOff.Result ourHandOff = RedisHandOff.tooz(target, name, name + "-handoff", handOff * 6 / 10);
            verdicts.add(RedisHandOff.print(out, "tooz lock.acquire() / release()", ourHandOff, TARGET_HANDOFF_P99_MS));
            out.flush();
            RedisHandOff.Result theirHandOff = RedisHandOff.redisson(
                    target, prefix + "-redisson-handoff", "tooz-bench-redisson-" + tag, handOff * 3 / 10);
            RedisHandOff.print(out, "Redisson lockInterruptibly() / unlock()", theirHandOff, Double.NaN);

            BenchOutput.printGoals(
                    out,
                    verdicts,
                    String.format(
                            "one client: lock >= %.2fx raw floor and >= %.2fx Redisson; hand-off p99 < %.0f ms",
                            TARGET_VS_FLOOR, TARGET_VS_REDISSON, TARGET_HANDOFF_P99_MS),
                    budget);
            out.flush();
            boolean measured = ourHandOff.failure() == null
                    && ourHandOff.millis().length > 0
                    && theirHandOff.failure() == null
                    && theirHandOff.millis().length > 0;
            return measured ? 0 : 1;
        } finally {
            if (redisson != null) {
                redisson.shutdown();
            }
            if (ours != null) {
                ours.close();
            }
            if (rawPool != null) {
                rawPool.close();
            }
            if (raw != null) {
                raw.close();
            }
            String doomed = target.ownNamespace() ? target.namespace() : prefix;
            if (target.url().contains("lock_key_format=legacy")) { // lock keys b'<namespace>'_b'<name>'_lock
                String legacy = "b'" + target.namespace() + "'" + (target.ownNamespace() ? "" : "_b'" + name);
                RedisBenchTarget.cleanUp(out, control, legacy);
            }
            RedisBenchTarget.cleanUp(out, control, doomed);
            control.close();
        }
    }

    private static boolean ratio(
            PrintStream out, String what, double[] med, double[][] rates, int ours, int theirs, double target) {
        return BenchRounds.ratio(out, what, med[ours] / med[theirs], rates[ours], rates[theirs], target);
    }
}
