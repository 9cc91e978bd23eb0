package io.tooz.bench;

import io.tooz.Coordinator;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The watch-latency phase of {@link ZooKeeperBench} and {@link JdbcBench}: from just before one coordinator's {@code
 * joinGroup} to a second coordinator's watcher callback, and the same for leaving.
 */
final class WatchLatency {
    private static final int MAX_WATCH_SAMPLES = 100_000;
    private static final Duration CALLBACK_WAIT = Duration.ofSeconds(5);

    private WatchLatency() {}

    /**
     * How to sample: {@code warmup} cycles first (at most a fifth of the time), then samples until {@code budgetNanos}
     * have passed, the warm-up included, or one cycle longer if there is no sample yet; fewer than {@code minSamples}
     * make the p99 rough, which the printout says. Before each join and each leave a random pause of up to {@code maxPhaseNanos} (0: none),
     * so that for a watcher that polls they fall anywhere in its interval rather than just after the round that saw the
     * previous change.
     */
    record Plan(int warmup, int minSamples, long budgetNanos, long maxPhaseNanos) {}

    /** Result of the watch phase, latencies in milliseconds, sorted. */
    record WatchResult(double[] join, double[] joinCall, double[] afterCall, double[] leave, int missed, int warmup) {}

    static WatchResult watchLatency(Coordinator joiner, Coordinator watcher, String group, Plan plan)
            throws InterruptedException {
        BlockingQueue<Long> joined = new LinkedBlockingQueue<>();
        BlockingQueue<Long> left = new LinkedBlockingQueue<>();
        String me = joiner.memberId();
        watcher.watchJoinGroup(group, e -> {
            if (e.memberId().equals(me)) {
                joined.add(System.nanoTime());
            }
        });
        watcher.watchLeaveGroup(group, e -> {
            if (e.memberId().equals(me)) {
                left.add(System.nanoTime());
            }
        });
        List<double[]> samples = new ArrayList<>();
        int missed = 0;
        int warmed = 0;
        long start = System.nanoTime();
        long deadline = start + plan.budgetNanos();
        long hardStop = start + Math.max(plan.budgetNanos(), TimeUnit.SECONDS.toNanos(120));
        // a callback that never comes waits CALLBACK_WAIT; so does each retry after one

        for (int cycle = 0; ; cycle++) {
            long now = System.nanoTime();
            int recorded = samples.size();
            boolean over = now >= deadline && recorded >= 1; // past the time, one sample at least: a figure
            if (over || recorded >= MAX_WATCH_SAMPLES || now > hardStop || missed >= 3) {
                break;
            }
            pause(plan);
            long t0 = System.nanoTime();
            joiner.joinGroup(group).get();
            long t1 = System.nanoTime();
            Long seenJoin = joined.poll(CALLBACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            pause(plan);
            long t2 = System.nanoTime();
            joiner.leaveGroup(group).get();
            Long seenLeave = left.poll(CALLBACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (seenJoin == null || seenLeave == null) {
                missed++;
                Thread.sleep(CALLBACK_WAIT.toMillis()); // let stragglers arrive, then start clean
                joined.clear();
                left.clear();
                continue;
            }
            // the warm-up: plan.warmup() cycles, but no more than a fifth of the time given
            if (cycle < plan.warmup() && t0 - start < plan.budgetNanos() / 5) {
                warmed++;
            } else {
                samples.add(new double[] {
                    (seenJoin - t0) / 1e6, (t1 - t0) / 1e6, (seenJoin - t1) / 1e6, (seenLeave - t2) / 1e6
                });
            }
        }
        double[][] cols = new double[4][samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            for (int c = 0; c < 4; c++) {
                cols[c][i] = samples.get(i)[c];
            }
        }
        for (double[] col : cols) {
            Arrays.sort(col);
        }
        return new WatchResult(cols[0], cols[1], cols[2], cols[3], missed, warmed);
    }

    /** A random part of the plan's phase, so that the next change falls anywhere in a polling watcher's interval. */
    private static void pause(Plan plan) throws InterruptedException {
        if (plan.maxPhaseNanos() > 0) {
            TimeUnit.NANOSECONDS.sleep(ThreadLocalRandom.current().nextLong(plan.maxPhaseNanos()));
        }
    }

    /** Whether the phase measured: samples, and no callback missing. */
    static boolean measured(WatchResult w) {
        return w.join.length > 0 && w.missed == 0;
    }

    /**
     * Prints the watch phase's figures.
     *
     * @param minSamples below this many samples the p99 is called rough
     * @param goalP99Ms the p99 goal, or NaN for none
     * @return whether the p99 goal was met (false without samples, with callbacks missing, or without a goal)
     */
    static boolean print(PrintStream out, WatchResult w, int minSamples, double goalP99Ms) {
        out.printf(
                "%njoin -> watcher callback: joinGroup(g).get() on one coordinator, watchJoinGroup callback on a"
                        + " second (AUTO mode); %d samples after %d warm-up cycles%s; latencies in ms, lower is"
                        + " better%n",
                w.join.length, w.warmup, w.missed == 0 ? "" : ", " + w.missed + " callbacks MISSING");
        if (w.join.length == 0) {
            out.println("  no samples: no join was seen by the watcher in the time given");
            BenchOutput.result(out, "latency", "what", "join -> callback", "samples", 0, "missed", w.missed);
            return false;
        }
        if (w.join.length < minSamples) {
            out.printf(
                    "  (only %d samples in the time given, fewer than %d: the p99 is rough; a longer --duration gives"
                            + " more)%n",
                    w.join.length, minSamples);
        }
        double p99 = BenchRounds.percentile(w.join, 0.99);
        boolean pass = w.missed == 0 && p99 < goalP99Ms;
        latencies(
                out,
                "join -> callback",
                w.join,
                Double.isNaN(goalP99Ms)
                        ? "(no goal)"
                        : String.format("goal p99 < %.0f ms   %s", goalP99Ms, BenchRounds.verdict(pass)),
                goalP99Ms,
                pass,
                w.missed);
        latencies(out, "  of which joinGroup(g).get() itself", w.joinCall, "", Double.NaN, false, w.missed);
        latencies(
                out,
                "  callback after joinGroup(g).get() returned",
                w.afterCall,
                "(< 0: callback first)",
                Double.NaN,
                false,
                w.missed);
        latencies(out, "leave -> leave callback", w.leave, "(no goal)", Double.NaN, false, w.missed);
        return pass;
    }

    private static void latencies(
            PrintStream out, String what, double[] sorted, String note, double goalP99Ms, boolean met, int missed) {
        double p50 = BenchRounds.percentile(sorted, 0.50);
        double p99 = BenchRounds.percentile(sorted, 0.99);
        double max = BenchRounds.max(sorted);
        out.printf("  %-46s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms   %s%n", what, p50, p99, max, note);
        BenchOutput.result(
                out,
                "latency",
                "what",
                what.strip(),
                "p50Ms",
                BenchOutput.round3(p50),
                "p99Ms",
                BenchOutput.round3(p99),
                "maxMs",
                BenchOutput.round3(max),
                "samples",
                sorted.length,
                "missed",
                missed,
                "goalP99BelowMs",
                Double.isNaN(goalP99Ms) ? null : goalP99Ms,
                "met",
                Double.isNaN(goalP99Ms) ? null : met);
    }
}
