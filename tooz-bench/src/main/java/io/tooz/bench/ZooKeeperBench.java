package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.ToozConnectionException;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.WatchLatency.Plan;
import io.tooz.bench.WatchLatency.WatchResult;
import io.tooz.bench.ZkBenchTarget.Target;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The cost of tooz's ZooKeeper driver against what a lock must cost on the same server, measured in one run, with
 * its goals: our lock at least 0.95 times the raw floor and 1.1 times Curator; the join to watcher-callback p99 under
 * 10 ms on loopback.
 *
 * <p>Run from the repository root, against a running server ({@code scripts/backends.sh up zookeeper}):
 *
 * <pre>
 * java -jar tooz-bench/target/tooz-bench-*-all.jar --url zookeeper://127.0.0.1:2181 [--duration 60s]
 *
 * ./tooz bench --url zookeeper://127.0.0.1:2181 [--duration 60s]
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 *
 * <p>What runs, in a fresh namespace {@code tooz-bench-<uuid>} (added to the URL unless it names one; a fresh
 * namespace is deleted afterwards, in a given one only the benchmark's own nodes are):
 *
 * <ol>
 *   <li>Five variants, one operation at a time on one client, uncontended, each over a fixed time slot after a
 *       warm-up slot, in {@value #ROUNDS} short interleaved rounds (the order rotating every round) so that JIT and machine
 *       state affect all alike; the median round of each is the headline, min and max beside it:
 *       <ul>
 *         <li>tooz {@code lock.acquire()} + {@code release()}, and the same with {@code tryAcquire()};
 *         <li>the raw floor: {@code create} + {@code delete} of an EPHEMERAL znode with the bare {@link ZooKeeper}
 *             client's synchronous API, the least any lock can cost (two writes);
 *         <li>Curator's {@link InterProcessMutex} {@code acquire()} + {@code release()} on its own CuratorFramework;
 *         <li>tooz {@code joinGroup(g).get()} + {@code leaveGroup(g).get()}.
 *       </ul>
 *   <li>Requests per operation: the server's per-connection received-packet count (four-letter word {@code cons})
 *       before and after 50 operations of each variant, on that variant's session only. Requests a client pipelines
 *       share one round trip, so this is an upper bound on round trips.
 *   <li>For reading the above (not targets), interleaved with the raw floor: the same create + delete through
 *       Curator's framework (the client the tooz driver is built on), one synchronous {@code exists()} (a read round
 *       trip), and the floor of a kazoo-style queue lock (create EPHEMERAL_SEQUENTIAL + getChildren + delete).
 *   <li>Watch latency: a second coordinator (AUTO mode) watches a group; the first joins and leaves it repeatedly.
 *       From just before {@code joinGroup} to the watcher's callback, p50, p99 and max over at least {@value
 *       #MIN_WATCH_SAMPLES} samples after {@value #WATCH_WARMUP} warm-up cycles; each cycle also waits for the leave
 *       callback, so the samples do not overlap.
 * </ol>
 *
 * <p>The duration (default 60 s) is split, warm-ups included: 45 % for the interleaved rounds, 15 % for the request
 * counts and diagnostics, 25 % for watch latency (fewer than {@value #MIN_WATCH_SAMPLES} samples are called rough),
 * the rest for set-up and clean-up. A missed goal prints MISSED; it is not an error. {@link #run} returns 0 when every
 * figure was measured, 1 when watcher callbacks went missing.
 */
public final class ZooKeeperBench {
    static final int ROUNDS = 25;
    private static final int MIN_WATCH_SAMPLES = 500;
    private static final int WATCH_WARMUP = 50;
    private static final int COUNTED_OPS = 50;
    private static final double TARGET_VS_FLOOR = 0.95;
    private static final double TARGET_VS_CURATOR = 1.10;
    private static final double TARGET_WATCH_P99_MS = 10.0;
    private static final String ROUNDS_PHASE = "interleaved rounds";
    private static final String COUNTS_PHASE = "request counts and diagnostics";
    private static final String WATCH_PHASE = "watch latency";

    private ZooKeeperBench() {}

    /**
     * Runs the benchmark against the ZooKeeper server of {@code url} and prints the figures to {@code out}.
     *
     * @param url a {@code zookeeper://} (or {@code kazoo://}) URL
     * @param duration about how long to take in total
     * @return 0 when every figure was measured (targets met or not), 1 when watcher callbacks went missing
     * @throws ToozConnectionException if the server cannot be reached
     */
    public static int run(String url, Duration duration, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        Target target = Target.of(url);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String root = "/" + target.namespace();
        String lockName = "bench-lock-" + tag;
        String joinGroup = "bench-join-" + tag;
        String watchGroup = "bench-watch-" + tag;
        String rawDir = root + "/bench-raw-" + tag;
        String curatorDir = root + "/bench-curator-" + tag;
        List<String> ownPaths = List.of(root + "/locks/" + lockName, root + "/" + joinGroup, root + "/" + watchGroup);
        BenchBudget budget = new BenchBudget(started, duration)
                .phase(ROUNDS_PHASE, 0.45)
                .phase(COUNTS_PHASE, 0.15)
                .phase(WATCH_PHASE, 0.25);

        String shown = ConnectionUrl.redact(target.url().replace("namespace=" + target.namespace(), "namespace=..."));
        String version = ZkBenchTarget.serverVersion(target);
        out.printf(
                "tooz ZooKeeper benchmark on %s (%s): tooz's lock and group operations against the least the same"
                        + " server can do (the raw floor) and Curator%nnamespace %s%s%n",
                shown,
                version,
                target.namespace(),
                target.ownNamespace()
                        ? " (fresh, deleted afterwards)"
                        : " (given; only the benchmark's nodes are deleted)");
        BenchOutput.benchmark(out, "zookeeper", shown, version, budget);

        ZooKeeper raw = ZkBenchTarget.connectRaw(target);
        CuratorFramework curator = null;
        Coordinator ours = null;
        Coordinator watcher = null;
        try {
            ours = Coordinator.builder(target.url()).memberId("bench-" + tag).build();
            ours.start();
            watcher = Coordinator.builder(target.url())
                    .memberId("bench-watcher-" + tag)
                    .build();
            watcher.start();
            curator = ZkBenchTarget.connectCurator(target);
            final Coordinator a = ours;
            a.createGroup(joinGroup).get();
            a.createGroup(watchGroup).get();
            raw.create(rawDir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            long ourSession = ZkBenchTarget.sessionOf(a, joinGroup, raw, root);
            long rawSession = raw.getSessionId();
            long curatorSession = ZkBenchTarget.sessionOf(curator);

            DistributedLock lock = a.getLock(lockName);
            InterProcessMutex mutex = new InterProcessMutex(curator, curatorDir + "/mutex");
            byte[] holder = a.memberId().getBytes(StandardCharsets.UTF_8);
            String rawNode = rawDir + "/node";
            ZooKeeper z = raw;
            List<Variant> variants = List.of(
                    new Variant(
                            "tooz lock.acquire() + release()",
                            () -> lock.acquire().release(),
                            ourSession),
                    new Variant(
                            "tooz lock.tryAcquire() + release()",
                            () -> lock.tryAcquire().orElseThrow().release(),
                            ourSession),
                    new Variant(
                            "raw floor: ZooKeeper create + delete EPHEMERAL (sync)",
                            () -> {
                                z.create(rawNode, holder, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                                z.delete(rawNode, -1);
                            },
                            rawSession),
                    new Variant(
                            "Curator InterProcessMutex acquire() + release()",
                            () -> {
                                mutex.acquire();
                                mutex.release();
                            },
                            curatorSession),
                    new Variant(
                            "tooz joinGroup(g).get() + leaveGroup(g).get()",
                            () -> {
                                a.joinGroup(joinGroup).get();
                                a.leaveGroup(joinGroup).get();
                            },
                            ourSession));

            // ---- (a)-(d): interleaved rounds ----
            BenchRounds.Table table = BenchRounds.interleaved(out, variants, budget.nanos(ROUNDS_PHASE), ROUNDS);
            double[][] rates = table.rates();
            double[] med = table.med();
            double acquire = med[0];
            double tryAcquire = med[1];
            double floor = med[2];
            double cur = med[3];
            double joinLeave = med[4];
            List<Boolean> verdicts = new ArrayList<>();
            verdicts.add(BenchRounds.ratio(
                    out, "lock acquire:    ours/raw-floor", acquire / floor, rates[0], rates[2], TARGET_VS_FLOOR));
            verdicts.add(BenchRounds.ratio(
                    out, "lock acquire:    ours/Curator  ", acquire / cur, rates[0], rates[3], TARGET_VS_CURATOR));
            BenchRounds.ratio(
                    out, "lock tryAcquire: ours/raw-floor", tryAcquire / floor, rates[1], rates[2], TARGET_VS_FLOOR);
            BenchRounds.ratio(
                    out, "lock tryAcquire: ours/Curator  ", tryAcquire / cur, rates[1], rates[3], TARGET_VS_CURATOR);
            BenchRounds.ratio(
                    out, "join+leave:      ours/raw-floor", joinLeave / floor, rates[4], rates[2], Double.NaN);
            out.flush();

            // ---- where the time goes: round trips per operation, and what one read costs ----
            long counts = budget.nanos(COUNTS_PHASE);
            int ops = BenchBudget.ops(Arrays.stream(med).min().orElse(0), counts / 2 / variants.size(), 5, COUNTED_OPS);
            BenchRounds.printRoundTrips(out, target, variants, ops);
            String seqPrefix = rawDir + "/lock-";
            String curatorNode = curatorDir + "/node";
            CuratorFramework cf = curator;
            List<Variant> diag = List.of(
                    variants.get(2),
                    new Variant(
                            "Curator client floor: create + delete EPHEMERAL (foreground)",
                            () -> {
                                cf.create()
                                        .creatingParentsIfNeeded()
                                        .withMode(CreateMode.EPHEMERAL)
                                        .forPath(curatorNode, holder);
                                cf.delete().guaranteed().forPath(curatorNode);
                            },
                            curatorSession),
                    new Variant("raw read round trip: exists() (sync)", () -> z.exists(rawDir, false), rawSession),
                    new Variant(
                            "raw queue-lock floor: create SEQUENTIAL + getChildren + delete",
                            () -> {
                                String n = z.create(
                                        seqPrefix,
                                        holder,
                                        ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                        CreateMode.EPHEMERAL_SEQUENTIAL);
                                z.getChildren(rawDir, false);
                                z.delete(n, -1);
                            },
                            rawSession));
            long diagSlot = Math.max(BenchBudget.MIN_SLOT, counts / 2 / (4 * diag.size()));
            BenchRounds.printDiagnostics(out, target, diag, diagSlot, ops);
            out.flush();

            // ---- (e) join -> watcher callback ----
            WatchResult w = WatchLatency.watchLatency(
                    a, watcher, watchGroup, new Plan(WATCH_WARMUP, MIN_WATCH_SAMPLES, budget.nanos(WATCH_PHASE), 0));
            verdicts.add(WatchLatency.print(out, w, MIN_WATCH_SAMPLES, TARGET_WATCH_P99_MS));
            BenchOutput.printGoals(
                    out,
                    verdicts,
                    String.format(
                            "lock >= %.2fx raw floor, lock >= %.2fx Curator, watch p99 < %.0f ms",
                            TARGET_VS_FLOOR, TARGET_VS_CURATOR, TARGET_WATCH_P99_MS),
                    budget);
            out.flush();
            return WatchLatency.measured(w) ? 0 : 1;
        } catch (KeeperException e) {
            throw new IllegalStateException("ZooKeeper request failed during the benchmark: " + e.getMessage(), e);
        } finally {
            if (curator != null) {
                curator.close();
            }
            if (ours != null) {
                ours.close();
            }
            if (watcher != null) {
                watcher.close();
            }
            ZkBenchTarget.cleanUp(raw, target, root, ownPaths, List.of(rawDir, curatorDir), out);
            raw.close();
        }
    }
}
