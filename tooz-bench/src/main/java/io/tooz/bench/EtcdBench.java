package io.tooz.bench;

import io.etcd.jetcd.Client;
import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.EtcdBenchTarget.Target;
import io.tooz.bench.WatchLatency.WatchResult;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cost of tooz's etcd v3 lock against what a lock must cost on the same server, measured in one run: our lock at
 * least 0.9 times the raw floor and 1.0 times etcd's own Lock service (through jetcd), join+leave per second, and the
 * join to watcher-callback latency.
 *
 * <p>Run from the repository root, against a running server ({@code scripts/backends.sh up etcd}):
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url etcd3+http://127.0.0.1:2379 [--duration 60s]
 *
 * ./tooz bench --url etcd3+http://127.0.0.1:2379 [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, under names of its own ({@code bench-<uuid>} for tooz's groups and lock, keys under {@code
 * /tooz-bench-<uuid>/} for the bare client; afterwards the groups are deleted, the bare client's lease revoked and its
 * keys deleted):
 *
 * <ol>
 *   <li>One client, one operation at a time, uncontended, in {@value BenchRun#ROUNDS} interleaved rounds after a warm-up slot
 *       each (the order rotating every round); the median round is the headline: tooz {@code lock.acquire()} + {@code
 *       release()} and with {@code tryAcquire()}; the raw floor with one bare jetcd client and one lease granted once
 *       ({@code put} of a key with the lease, then {@code delete} of it: two round trips, the least work a lock could
 *       do); etcd's own Lock service through the same jetcd client and lease ({@code lock(name, lease)}, then {@code
 *       unlock(key)}); tooz {@code joinGroup(g).get()} + {@code leaveGroup(g).get()}; and a correct lock by hand on the
 *       bare client (the two transactions tooz sends: {@code create_revision == 0} then put, {@code value ==} then
 *       delete), which splits a gap to the floor into what tooz adds and what etcd's compare costs.
 *   <li>For reading the above (no goals), on the bare client: the raw floor again, one {@code put} with the lease,
 *       one linearizable and one serializable {@code get}.
 *   <li>Watch latency: a second coordinator watches a group; the first joins and leaves it repeatedly. From just before
 *       {@code joinGroup} to the watcher's callback (woken by an etcd watch), p50 and p99 (no target).
 * </ol>
 *
 * <p>The bare client (raw floor, etcd's Lock service, diagnostics) speaks plain {@code http} only: an {@code
 * etcd3+https://} URL is refused. The duration (default 60 s) is split, warm-ups included (see {@link BenchBudget}): half
 * for the interleaved rounds, 10 % for the diagnostics, a quarter for watch latency (fewer samples than wanted are
 * called rough), the rest for set-up and clean-up. {@link #run} returns 0 when every figure was measured, 1 when watcher
 * callbacks went missing.
 */
public final class EtcdBench {
    static final double TARGET_VS_FLOOR = 0.90;
    static final double TARGET_VS_JETCD_LOCK = 1.00;
    /** gRPC logs through java.util.logging, not slf4j; held so that the level set in {@link #run} stays. */
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    private EtcdBench() {}

    /**
     * Runs the benchmark against the etcd server of {@code url} and prints the figures to {@code out}.
     *
     * @param url an {@code etcd3+http://} URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured (goals met or not), 1 when watcher callbacks went missing
     * @throws ToozConnectionException if the server cannot be reached
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        if (GRPC_LOG.getLevel() == null) { // unless configured: no INFO lines of gRPC's among the figures
            GRPC_LOG.setLevel(Level.WARNING);
        }
        Target target = Target.of(url);
        BenchRun bench = new BenchRun(url, started, duration, out);
        String rawPrefix = "/tooz-bench-" + bench.tag + "/"; // every key of the bare client's starts with this
        // long enough for the whole run; revoked at the end, so the bare client sends no keep-alives meanwhile
        Duration leaseTtl = Duration.ofSeconds(2 * duration.toSeconds() + 120);

        Client raw = EtcdBenchTarget.connect(target);
        String version = EtcdBenchTarget.serverVersion(raw, target);
        out.printf(
                "tooz etcd benchmark on %s (%s): tooz's lock and group operations against the least the same server"
                        + " can do (the raw floor) and etcd's own Lock service%n",
                ConnectionUrl.redact(url), version);
        BenchOutput.benchmark(out, "etcd", ConnectionUrl.redact(url), version, bench.budget);
        long lease = -1;
        try {
            lease = EtcdBenchTarget.grant(raw, leaseTtl);
            Coordinator a = bench.start();
            byte[] holder = bench.member.getBytes(StandardCharsets.UTF_8);
            List<Variant> variants = List.of(
                    bench.acquire(),
                    bench.tryAcquire(),
                    new Variant(
                            "raw floor: jetcd put (with lease) + delete",
                            EtcdBenchTarget.rawLock(raw, rawPrefix + "raw-lock", holder, lease)),
                    new Variant(
                            "jetcd Lock service lock(name, lease) + unlock(key)",
                            EtcdBenchTarget.jetcdLock(raw, rawPrefix + "jetcd-lock", lease)),
                    bench.joinAndLeave(),
                    new Variant(
                            "a lock by hand: txn create_revision==0 -> put, txn value== -> delete",
                            EtcdBenchTarget.txnLock(raw, rawPrefix + "txn-lock", holder, lease)));

            // ---- one client ----
            BenchRounds.Table table = bench.interleaved(variants);
            double[][] rates = table.rates();
            double[] med = table.med();
            List<Boolean> verdicts = new ArrayList<>();
            verdicts.add(BenchRounds.ratio(out, "lock acquire:    ours/raw-floor ", med, rates, 0, 2, TARGET_VS_FLOOR));
            verdicts.add(
                    BenchRounds.ratio(out, "lock acquire:    ours/jetcd-Lock", med, rates, 0, 3, TARGET_VS_JETCD_LOCK));
            BenchRounds.ratio(out, "lock tryAcquire: ours/raw-floor ", med, rates, 1, 2, TARGET_VS_FLOOR);
            BenchRounds.ratio(out, "lock tryAcquire: ours/jetcd-Lock", med, rates, 1, 3, TARGET_VS_JETCD_LOCK);
            BenchRounds.ratio(out, "join+leave:      ours/raw-floor ", med, rates, 4, 2, Double.NaN);
            BenchRounds.ratio(
                    out,
                    "lock acquire:    ours/by-hand   ",
                    med[0] / med[5],
                    rates[0],
                    rates[5],
                    Double.NaN,
                    "no goal");
            BenchRounds.ratio(
                    out,
                    "lock by hand:    by-hand/floor  ",
                    med[5] / med[2],
                    rates[5],
                    rates[2],
                    Double.NaN,
                    "no goal");
            out.println("  (by hand: the two transactions a correct etcd lock needs, bare jetcd; what tooz adds is"
                    + " ours/by-hand, what etcd's compare costs is by-hand/floor)");
            out.flush();

            // ---- for reading: what one write and one read cost now ----
            List<Variant> diag = List.of(
                    variants.get(2),
                    new Variant(
                            "one write: jetcd put (with lease)",
                            EtcdBenchTarget.put(raw, rawPrefix + "put", holder, lease)),
                    new Variant(
                            "one read: jetcd get (linearizable)", EtcdBenchTarget.get(raw, rawPrefix + "put", false)),
                    new Variant(
                            "one round trip: jetcd get (serializable)",
                            EtcdBenchTarget.get(raw, rawPrefix + "put", true)));
            BenchRounds.printDiagnostics(
                    out,
                    "for reading the above (no goals), on the bare client",
                    diag,
                    bench.budget.nanos(BenchRounds.DIAG_PHASE));
            out.flush();

            // ---- join -> watcher callback ----
            WatchResult w = bench.watchLatency(bench.watchPlan());
            out.println("  (the watcher is woken by an etcd watch)");
            return bench.end(
                    verdicts,
                    String.format(
                            "lock >= %.2fx raw floor, lock >= %.2fx jetcd Lock", TARGET_VS_FLOOR, TARGET_VS_JETCD_LOCK),
                    w);
        } finally {
            bench.close();
            EtcdBenchTarget.cleanUp(out, raw, lease, rawPrefix);
            raw.close();
        }
    }
}
