package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.WatchMode;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.provider.inmemory.InMemoryLockProvider;

/**
 * Scale and cost of the core on memory://: lock round trips against the raw floor and ShedLock's in-memory provider,
 * 10,000 locks held by one coordinator, 1,000 watched groups, and 10,000 members in one group.
 *
 * <p>{@link #lockRoundTrips} is also what {@code tooz bench --url memory://...} runs.
 *
 * <p>Run: {@code mvn -q -pl tooz-bench -am package -DskipTests && java -Xmx2g -cp 'tooz-bench/target/*:tooz-bench/target/lib/*'
 * io.tooz.bench.ScaleBench}
 */
public final class ScaleBench {
    private static final Duration LOCK_DURATION = Duration.ofSeconds(10);
    private static final int LOCK_ROUNDS = 7;
    private static final int LOCK_VARIANTS = 3;
    private static final int HELD_LOCKS = 10_000;
    private static final int WATCHED_GROUPS = 1_000;
    private static final int MEMBERS = 10_000;

    private static final ReentrantLock GUARD = new ReentrantLock();
    private static final Map<String, Object> TABLE = new HashMap<>();
    static volatile long sink;

    private ScaleBench() {}

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /** The whole suite: lock round trips (about 10 s), held locks, watched groups, members in one group. */
    public static void run(PrintStream out) throws InterruptedException {
        lockRoundTrips("memory://bench-locks", LOCK_DURATION, out);
        heldLocks(out);
        watchedGroups(out);
        membersInOneGroup(out);
    }

    /**
     * Uncontended {@code tryAcquire()+release()} on one thread against the raw floor (ReentrantLock + HashMap
     * put/remove) and ShedLock's in-memory provider: one warm-up slot each, then {@value #LOCK_ROUNDS} interleaved
     * rounds (the order rotating each round) of one time slot per variant; the best round of each is reported. Used by
     * {@code tooz bench --url memory://...}.
     *
     * @param url a {@code memory://} URL
     * @param duration the total time to spend, about
     * @return 0
     */
    public static int lockRoundTrips(String url, Duration duration, PrintStream out) {
        long slotNanos =
                Math.max(TimeUnit.MILLISECONDS.toNanos(10), duration.toNanos() / ((LOCK_ROUNDS + 1) * LOCK_VARIANTS));
        try (Coordinator c = Coordinator.builder(url).memberId("bench").build()) {
            c.start();
            var lock = c.getLock("hot");
            InMemoryLockProvider shed = new InMemoryLockProvider();
            Runnable[] variants = {
                () -> lock.tryAcquire().orElseThrow().release(),
                () -> floorLock(0),
                () -> {
                    LockConfiguration conf =
                            new LockConfiguration(ClockProvider.now(), "hot", Duration.ofMinutes(1), Duration.ZERO);
                    shed.lock(conf).orElseThrow().unlock();
                }
            };
            for (Runnable v : variants) {
                rate(v, slotNanos); // warm-up
            }
            double[] best = new double[LOCK_VARIANTS];
            for (int round = 0; round < LOCK_ROUNDS; round++) { // interleaved: all see the same JIT and machine state
                for (int k = 0; k < LOCK_VARIANTS; k++) {
                    int v = (round + k) % LOCK_VARIANTS;
                    best[v] = Math.max(best[v], rate(variants[v], slotNanos));
                }
            }
            String what = String.format(
                    "lock tryAcquire+release on %s, 1 thread, uncontended: best of %d interleaved rounds of %d ms per"
                            + " variant, after a warm-up slot each, in %s (operations per second, higher is better)",
                    ConnectionUrl.redact(url),
                    LOCK_ROUNDS,
                    TimeUnit.NANOSECONDS.toMillis(slotNanos),
                    BenchBudget.seconds(duration.toNanos()));
            out.printf("%s:%n", what);
            String[] labels = {"tooz", "raw floor (ReentrantLock + HashMap put/remove)", "ShedLock in-memory provider"};
            out.printf("  tooz                                        %,14.0f ops/s%n", best[0]);
            out.printf("  raw floor (ReentrantLock + HashMap put/remove) %,11.0f ops/s%n", best[1]);
            out.printf("  ShedLock in-memory provider                 %,14.0f ops/s%n", best[2]);
            for (int v = 0; v < LOCK_VARIANTS; v++) {
                BenchOutput.rate(
                        out,
                        what,
                        labels[v],
                        best[v],
                        "rounds",
                        LOCK_ROUNDS,
                        "slotMs",
                        TimeUnit.NANOSECONDS.toMillis(slotNanos));
            }
            out.printf(
                    "  ratio ours/raw-floor  %.3f   (1 would be as fast as a bare lock and map; for reading)%n",
                    best[0] / best[1]);
            out.printf("  ratio ours/ShedLock   %.2f    (above 1: ours is faster)%n", best[0] / best[2]);
            BenchOutput.result(out, "ratio", "ratio", "ours/raw-floor", "value", BenchOutput.round3(best[0] / best[1]));
            BenchOutput.result(out, "ratio", "ratio", "ours/ShedLock", "value", BenchOutput.round3(best[0] / best[2]));
            out.flush();
        }
        return 0;
    }

    static void floorLock(int i) {
        GUARD.lock();
        try {
            if (TABLE.putIfAbsent("hot", i) == null) {
                sink++;
            }
        } finally {
            GUARD.unlock();
        }
        GUARD.lock();
        try {
            if (TABLE.remove("hot") != null) {
                sink++;
            }
        } finally {
            GUARD.unlock();
        }
    }

    private static void heldLocks(PrintStream out) {
        try (Coordinator c =
                Coordinator.builder("memory://bench-held").memberId("holder").build()) {
            c.start();
            long before = usedHeap();
            List<LockLease> leases = new ArrayList<>(HELD_LOCKS);
            long t0 = System.nanoTime();
            for (int i = 0; i < HELD_LOCKS; i++) {
                leases.add(c.getLock("lock-" + i).tryAcquire().orElseThrow());
            }
            long acquireNs = System.nanoTime() - t0;
            long after = usedHeap();
            long b0 = System.nanoTime();
            c.heartbeat();
            long beatNs = System.nanoTime() - b0;
            out.printf(
                    "%,d locks held by one coordinator: acquire %,.0f/s | heap %,d bytes per held lock (incl. backend) |"
                            + " one heartbeat refreshing all: %.2f ms, 1 batched refresh call%n",
                    HELD_LOCKS, HELD_LOCKS / (acquireNs / 1e9), (after - before) / HELD_LOCKS, beatNs / 1e6);
            leases.forEach(LockLease::release);
        }
    }

    private static void watchedGroups(PrintStream out) throws InterruptedException {
        try (Coordinator watcher = Coordinator.builder("memory://bench-watch")
                        .memberId("watcher")
                        .build();
                Coordinator joiner = Coordinator.builder("memory://bench-watch")
                        .memberId("joiner")
                        .build()) {
            watcher.start();
            joiner.start();
            for (int i = 0; i < WATCHED_GROUPS; i++) {
                joiner.createGroup("g-" + i).get();
            }
            CountDownLatch joins = new CountDownLatch(WATCHED_GROUPS);
            long before = usedHeap();
            for (int i = 0; i < WATCHED_GROUPS; i++) {
                watcher.watchJoinGroup("g-" + i, e -> joins.countDown());
            }
            long after = usedHeap();
            long t0 = System.nanoTime();
            for (int i = 0; i < WATCHED_GROUPS; i++) {
                joiner.joinGroup("g-" + i);
            }
            boolean all = joins.await(60, TimeUnit.SECONDS);
            long ns = System.nanoTime() - t0;
            out.printf(
                    "%,d watched groups: heap %,d bytes per watched group | %,d join events delivered in %.1f ms%s%n",
                    WATCHED_GROUPS,
                    (after - before) / WATCHED_GROUPS,
                    WATCHED_GROUPS - joins.getCount(),
                    ns / 1e6,
                    all ? "" : " (INCOMPLETE)");
        }
    }

    private static void membersInOneGroup(PrintStream out) throws InterruptedException {
        String url = "memory://bench-members";
        List<Coordinator> members = new ArrayList<>(MEMBERS);
        try (Coordinator watcher = Coordinator.builder(url).memberId("watcher").build()) {
            watcher.start();
            watcher.createGroup("big").get();
            long t0 = System.nanoTime();
            for (int i = 0; i < MEMBERS; i++) {
                Coordinator m = Coordinator.builder(url)
                        .memberId("member-" + i)
                        .watchMode(WatchMode.MANUAL)
                        .option("timeout", "1h")
                        .build();
                m.start();
                m.joinGroup("big").get();
                members.add(m);
            }
            long joinNs = System.nanoTime() - t0;
            long before = usedHeap();
            CountDownLatch leaves = new CountDownLatch(MEMBERS);
            watcher.watchLeaveGroup("big", (GroupEvent.MemberLeft e) -> leaves.countDown());
            long after = usedHeap();
            long g0 = System.nanoTime();
            int seen = watcher.getMembers("big").get().size();
            long getNs = System.nanoTime() - g0;
            long s0 = System.nanoTime();
            members.forEach(Coordinator::stop);
            boolean all = leaves.await(120, TimeUnit.SECONDS);
            long leaveNs = System.nanoTime() - s0;
            out.printf(
                    "%,d members in one group: joins %,.0f/s | getMembers %.2f ms (%,d seen) | heap %,d bytes per"
                            + " watched member | %,d leave events in %.0f ms%s | live threads %d%n",
                    MEMBERS,
                    MEMBERS / (joinNs / 1e9),
                    getNs / 1e6,
                    seen,
                    (after - before) / MEMBERS,
                    MEMBERS - leaves.getCount(),
                    leaveNs / 1e6,
                    all ? "" : " (INCOMPLETE)",
                    Thread.activeCount());
        }
    }

    /** Runs {@code op} repeatedly for about {@code slotNanos}; operations per second. */
    private static double rate(Runnable op, long slotNanos) {
        long t0 = System.nanoTime();
        long end = t0 + slotNanos;
        long n = 0;
        long now;
        do {
            for (int i = 0; i < 1_000; i++) {
                op.run();
            }
            n += 1_000;
            now = System.nanoTime();
        } while (now < end);
        return n / ((now - t0) / 1e9);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
