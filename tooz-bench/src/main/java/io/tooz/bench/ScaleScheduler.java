package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.schedule.PeriodicScheduler;
import io.tooz.schedule.WorkerStats;
import io.tooz.spi.ClaimLedgers;
import io.tooz.spi.DriverClaims;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scheduler scaling for {@link ScaleRun}: {@value #WORKERS} workers (each its own coordinator, {@value
 * SchedulerBench#THREADS} threads) share 1,000, 10,000 and 100,000 tasks per period whose action does nothing, so that
 * what limits the runs is tooz's and the backend's, not the action's. Per size, over the steady periods: runs per
 * second against those asked, backend requests per run, runs skipped (a period ended before they were claimed or
 * started). Then, for the reason: one period boundary's claims done by hand on the same coordinators, the scheduler's
 * way (each worker its share, in chunks of {@value #BATCH}, one chunk after the other; all workers at once), for a
 * first period (tasks unknown to the worker) and the next (steady state): the time the slowest worker took against the
 * period, and the requests per task.
 */
final class ScaleScheduler {
    static final int[] SIZES = {1_000, 10_000, 100_000};
    static final int WORKERS = 6;
    /** The chunk of tasks the scheduler claims at once (SchedulerImpl.BATCH). */
    static final int BATCH = 500;

    private ScaleScheduler() {}

    static int run(String url, long budgetNanos, Duration period, PrintStream out) throws InterruptedException {
        int steady = (int) Math.max(3, budgetNanos / SIZES.length / period.toNanos() - 4);
        out.printf(
                "%nscheduler: %d workers x %d threads, tasks doing nothing, every %d ms; %d steady periods per size%n",
                WORKERS, SchedulerBench.THREADS, period.toMillis(), steady);
        for (int n : SIZES) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            List<String> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(String.format("t-%06d", i));
            }
            List<Coordinator> coordinators = new ArrayList<>();
            List<PeriodicScheduler> workers = new ArrayList<>();
            try {
                for (int w = 0; w < WORKERS; w++) {
                    Coordinator c = Coordinator.builder(url)
                            .memberId("sched-" + tag + "-" + w)
                            .build();
                    coordinators.add(c);
                    c.start();
                    PeriodicScheduler s = PeriodicScheduler.builder(c, "scale-sched-" + tag)
                            .tasks(() -> tasks, period, run -> {})
                            .threads(SchedulerBench.THREADS)
                            .build();
                    workers.add(s);
                    s.start();
                }
                awaitMembers(workers, period);
                sleepPeriods(period, 2);
                long t0 = System.nanoTime();
                List<WorkerStats> before =
                        workers.stream().map(PeriodicScheduler::stats).toList();
                sleepPeriods(period, steady);
                List<WorkerStats> after =
                        workers.stream().map(PeriodicScheduler::stats).toList();
                double seconds = (System.nanoTime() - t0) / 1e9;
                long runs = 0;
                long skipped = 0;
                long requests = 0;
                for (int w = 0; w < WORKERS; w++) {
                    runs += after.get(w).run()
                            + after.get(w).failed()
                            - before.get(w).run()
                            - before.get(w).failed();
                    skipped += after.get(w).skipped() - before.get(w).skipped();
                    requests += after.get(w).backendRequests() - before.get(w).backendRequests();
                }
                double asked = n * 1000.0 / period.toMillis();
                out.printf(
                        "  %,7d tasks: %,9.0f runs/s of %,.0f asked (%.3f) | %.3f backend requests per run | %,d runs"
                                + " skipped in %.1f s%n",
                        n,
                        runs / seconds,
                        asked,
                        runs / seconds / asked,
                        requests / (double) Math.max(1, runs),
                        skipped,
                        seconds);
                BenchOutput.result(
                        out,
                        "schedulerScale",
                        "tasks",
                        n,
                        "runsPerSecond",
                        BenchOutput.round3(runs / seconds),
                        "asked",
                        asked,
                        "requestsPerRun",
                        BenchOutput.round3(requests / (double) Math.max(1, runs)),
                        "skipped",
                        skipped,
                        "seconds",
                        BenchOutput.round3(seconds));
                workers.forEach(PeriodicScheduler::close);
                workers.clear();
                profile(out, coordinators, tasks, tag, period);
            } finally {
                workers.forEach(PeriodicScheduler::close);
                coordinators.forEach(Coordinator::close);
            }
            out.flush();
        }
        return 0;
    }

    /** One boundary's claims by hand, all workers at once, twice (first and next period): the slowest worker's time. */
    private static void profile(
            PrintStream out, List<Coordinator> coordinators, List<String> tasks, String tag, Duration period)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            String ns = "scale-profile-" + tag;
            long p0 = (System.currentTimeMillis() / period.toMillis() + 10) * period.toMillis();
            Duration ttl = period.multipliedBy(2).plusSeconds(10);
            for (int round = 0; round < 2; round++) {
                long start = p0 + round * period.toMillis();
                List<Future<long[]>> done = new ArrayList<>();
                for (int w = 0; w < WORKERS; w++) {
                    Coordinator c = coordinators.get(w);
                    List<String> share = tasks.subList(tasks.size() * w / WORKERS, tasks.size() * (w + 1) / WORKERS);
                    done.add(pool.submit(() -> claimShare(ClaimLedgers.of(c), ns, start, share, c.memberId(), ttl)));
                }
                long slowest = 0;
                long requests = 0;
                long claimed = 0;
                for (Future<long[]> f : done) {
                    try {
                        long[] r = f.get();
                        slowest = Math.max(slowest, r[0]);
                        requests += r[1];
                        claimed += r[2];
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new IllegalStateException("claiming failed: " + e.getCause(), e.getCause());
                    }
                }
                out.printf(
                        "           one boundary's claims by hand (%s period): slowest worker %,.0f ms = %.2f of the"
                                + " period | %.2f requests per task | %,d claimed | %,.0f claims/s%n",
                        round == 0 ? "first" : "next",
                        slowest / 1e6,
                        slowest / 1e6 / period.toMillis(),
                        requests / (double) tasks.size(),
                        claimed,
                        tasks.size() / (slowest / 1e9));
                BenchOutput.result(
                        out,
                        "claimProfile",
                        "tasks",
                        tasks.size(),
                        "period",
                        round == 0 ? "first" : "next",
                        "slowestWorkerMs",
                        BenchOutput.round3(slowest / 1e6),
                        "requestsPerTask",
                        BenchOutput.round3(requests / (double) tasks.size()),
                        "claimed",
                        claimed);
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Claims {@code share} as a worker's boundary does, chunk after chunk; nanoseconds, requests, claimed. */
    private static long[] claimShare(
            DriverClaims claims, String ns, long start, List<String> share, String holder, Duration ttl) {
        long r0 = claims.requests();
        long t0 = System.nanoTime();
        long claimed = 0;
        for (int from = 0; from < share.size(); from += BATCH) {
            claimed += claims.claim(ns, start, share.subList(from, Math.min(share.size(), from + BATCH)), holder, ttl)
                    .size();
        }
        return new long[] {System.nanoTime() - t0, claims.requests() - r0, claimed};
    }

    private static void awaitMembers(List<PeriodicScheduler> workers, Duration period) throws InterruptedException {
        long deadline = System.nanoTime()
                + Duration.ofSeconds(30).plus(period.multipliedBy(3)).toNanos();
        while (System.nanoTime() < deadline
                && !workers.stream().allMatch(w -> w.members().size() == workers.size())) {
            Thread.sleep(20);
        }
    }

    private static void sleepPeriods(Duration period, int n) throws InterruptedException {
        long now = System.currentTimeMillis();
        long target = (now / period.toMillis() + n) * period.toMillis() + period.toMillis() / 2;
        Thread.sleep(Math.max(0, target - now));
    }
}
