package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.WatchLatency.Plan;
import io.tooz.bench.WatchLatency.WatchResult;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the lock-and-watch benchmarks (file, JDBC, etcd, memcached) share: names of the run's own ({@code bench-<tag>},
 * {@code bench-join-<tag>}, ...), so that runs never meet; the budget (half for the interleaved rounds, 10 % for the
 * diagnostics, a quarter for watch latency, the rest for set-up and clean-up); two coordinators on the benchmark's URL,
 * ours and a watcher, with the groups they join and watch; the join to watcher-callback latency; the clean-up.
 */
final class BenchRun implements AutoCloseable {
    /** Rounds of the one-client table. */
    static final int ROUNDS = 21;
    /** Beside a ratio that has no goal. */
    static final String NO_GOAL = "no goal; for reading";

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    final String member = "bench-" + tag;
    final String joinGroup = "bench-join-" + tag;
    final String watchGroup = "bench-watch-" + tag;
    final String lockName = "bench-lock-" + tag;
    final BenchBudget budget;
    private final String url;
    private final PrintStream out;
    private Coordinator ours;
    private Coordinator watcher;
    private DistributedLock lock;

    /** A run on {@code url} that started at {@code startedNanos} and takes about {@code duration} in all. */
    BenchRun(String url, long startedNanos, Duration duration, PrintStream out) {
        this.url = url;
        this.out = out;
        this.budget = new BenchBudget(startedNanos, duration)
                .phase(BenchRounds.ROUNDS_PHASE, 0.5)
                .phase(BenchRounds.DIAG_PHASE, 0.1)
                .phase(BenchRounds.WATCH_PHASE, 0.25);
    }

    /**
     * Starts our coordinator (whose start fails first when the backend cannot be reached) and the watcher, creates the
     * two groups and gets the lock {@link #lockName}.
     *
     * @return our coordinator
     */
    Coordinator start() {
        ours = Coordinator.builder(url).memberId(member).build();
        ours.start();
        watcher = Coordinator.builder(url).memberId("bench-watcher-" + tag).build();
        watcher.start();
        ours.createGroup(joinGroup).get();
        ours.createGroup(watchGroup).get();
        lock = ours.getLock(lockName);
        return ours;
    }

    /** tooz {@code lock.acquire() + release()} on the lock. */
    Variant acquire() {
        return new Variant(
                "tooz lock.acquire() + release()", () -> lock.acquire().release());
    }

    /** tooz {@code lock.tryAcquire() + release()} on the lock. */
    Variant tryAcquire() {
        return new Variant(
                "tooz lock.tryAcquire() + release()",
                () -> lock.tryAcquire().orElseThrow().release());
    }

    /** tooz {@code joinGroup(g).get() + leaveGroup(g).get()} on our coordinator. */
    Variant joinAndLeave() {
        return new Variant("tooz joinGroup(g).get() + leaveGroup(g).get()", () -> {
            ours.joinGroup(joinGroup).get();
            ours.leaveGroup(joinGroup).get();
        });
    }

    /** The one-client table of {@code variants}, {@value #ROUNDS} interleaved rounds in the rounds phase. */
    BenchRounds.Table interleaved(List<Variant> variants) {
        return BenchRounds.interleaved(out, variants, budget.nanos(BenchRounds.ROUNDS_PHASE), ROUNDS);
    }

    /**
     * Prints the ratios of the one-client table that every floor benchmark has: lock acquire and lock tryAcquire
     * (variants 0 and 1) over the raw floor (variant 2), against {@code goal} (NaN: none).
     *
     * @return whether lock acquire met the goal
     */
    boolean floorRatios(BenchRounds.Table table, double goal) {
        double[][] rates = table.rates();
        double[] med = table.med();
        boolean met = BenchRounds.ratio(
                out, "lock acquire:    ours/raw-floor", med[0] / med[2], rates[0], rates[2], goal, NO_GOAL);
        BenchRounds.ratio(out, "lock tryAcquire: ours/raw-floor", med[1] / med[2], rates[1], rates[2], goal, NO_GOAL);
        out.flush();
        return met;
    }

    /** Prints, for reading, what the raw {@code floor} and one bare {@code roundTrip} on its connection cost now. */
    void roundTripDiagnostics(Variant floor, Variant roundTrip) {
        BenchRounds.printDiagnostics(
                out,
                "for reading the above (no goals), on the raw floor's connection",
                List.of(floor, roundTrip),
                budget.nanos(BenchRounds.DIAG_PHASE));
        out.flush();
    }

    /**
     * Prints the closing summary, {@code verdicts} against {@code goals}; the benchmark's exit code, 0 if the watch
     * latency {@code w} was measured.
     */
    int end(List<Boolean> verdicts, String goals, WatchResult w) {
        BenchOutput.printGoals(out, verdicts, goals, budget);
        return end(w);
    }

    /** As above, for a backend without goals, {@code scheme} its URLs' start. */
    int endWithoutGoals(String scheme, WatchResult w) {
        BenchOutput.printNoGoals(out, scheme, budget);
        return end(w);
    }

    private int end(WatchResult w) {
        out.flush();
        return WatchLatency.measured(w) ? 0 : 1;
    }

    /** Measures and prints the latency from our join to the watcher's callback. */
    WatchResult watchLatency(Plan plan) throws InterruptedException {
        WatchResult w = WatchLatency.watchLatency(ours, watcher, watchGroup, plan);
        WatchLatency.print(out, w, plan.minSamples(), Double.NaN);
        return w;
    }

    /** The usual plan: 20 warm-up samples, 200 wanted, in the watch phase. */
    Plan watchPlan() {
        return new Plan(20, 200, budget.nanos(BenchRounds.WATCH_PHASE), 0);
    }

    /** Closes the watcher, deletes the groups if our coordinator started, and closes it. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        if (ours != null) {
            if (ours.isStarted()) {
                BenchRounds.deleteGroups(out, ours, List.of(joinGroup, watchGroup));
            }
            ours.close();
        }
    }
}
