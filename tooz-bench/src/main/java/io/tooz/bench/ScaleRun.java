package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.bench.BenchRounds.Op;
import io.tooz.bench.BenchRounds.Timed;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How tooz scales on one backend ({@code tooz bench scale --url URL}): lock acquire + release per second with 1, 4 and
 * 16 threads, each its own coordinator (as separate processes would be), on distinct locks and on one contended lock;
 * join, leave and watcher delivery latency with 10, 100, 1,000 and 10,000 members in the group ({@link ScaleGroups});
 * the periodic scheduler's runs per second, backend requests per run and skipped runs at 1,000, 10,000 and 100,000
 * tasks per period, with the time the claims of one period boundary take ({@link ScaleScheduler}). The duration is
 * split: a quarter for the locks, half for the groups, the rest for the scheduler (which takes at least 3 periods per
 * size). The system property {@code tooz.bench.scale} (e.g. {@code -Dtooz.bench.scale=scheduler}) picks sections.
 */
final class ScaleRun {
    static final int[] THREADS = {1, 4, 16};

    private ScaleRun() {}

    static int run(String url, Duration duration, Duration period, PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        BenchBudget budget = new BenchBudget(started, duration)
                .phase("locks", 0.25)
                .phase("groups", 0.45)
                .phase("scheduler", 0.25);
        out.printf("tooz scale benchmark on %s; load average %s%n", ConnectionUrl.redact(url), LockRow.loadAverage());
        BenchOutput.benchmark(out, "scale", ConnectionUrl.redact(url), "", budget);
        String only = System.getProperty("tooz.bench.scale", "locks,groups,scheduler");
        if (only.contains("locks")) {
            locks(url, budget.nanos("locks"), out);
            out.flush();
        }
        int groups = only.contains("groups") ? ScaleGroups.run(url, budget.nanos("groups"), out) : 0;
        out.flush();
        int scheduler =
                only.contains("scheduler") ? ScaleScheduler.run(url, budget.nanos("scheduler"), period, out) : 0;
        out.printf("%nload average at the end %s; %.1f s in all%n", LockRow.loadAverage(), budget.elapsedSeconds());
        return Math.max(groups, scheduler);
    }

    /** Lock throughput with 1, 4 and 16 coordinators, distinct locks and one contended lock, interleaved rounds. */
    static void locks(String url, long budgetNanos, PrintStream out) throws InterruptedException {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Coordinator> coordinators = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS[THREADS.length - 1]; i++) {
                Coordinator c = Coordinator.builder(url)
                        .memberId("scale-" + tag + "-" + i)
                        .build();
                coordinators.add(c);
                c.start();
            }
            List<String> labels = new ArrayList<>();
            List<Timed> timed = new ArrayList<>();
            for (int n : THREADS) {
                List<Op> distinct = new ArrayList<>();
                List<Op> contended = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    DistributedLock d = coordinators.get(i).getLock("scale-" + tag + "-d" + n + "-" + i);
                    DistributedLock c = coordinators.get(i).getLock("scale-" + tag + "-c" + n);
                    distinct.add(() -> d.acquire().release());
                    contended.add(() -> c.acquire().release());
                }
                labels.add(n + " thread(s), distinct locks, aggregate");
                timed.add(slot -> threads(distinct, slot));
                if (n > 1) {
                    labels.add(n + " threads, one contended lock, grants");
                    timed.add(slot -> threads(contended, slot));
                }
            }
            BenchBudget.Rounds cut = BenchBudget.rounds(budgetNanos, timed.size(), 5);
            double[][] rates = BenchRounds.interleave(timed, cut.rounds(), cut.slot(), cut.warm());
            BenchRounds.printMedians(
                    out,
                    "lock acquire + release, each thread its own coordinator",
                    labels,
                    rates,
                    cut.rounds(),
                    cut.slot(),
                    cut.warm());
        } finally {
            coordinators.forEach(Coordinator::close);
        }
    }

    /** Runs each op on a thread of its own for about {@code slotNanos}; all operations per second. */
    static double threads(List<Op> ops, long slotNanos) {
        AtomicLong done = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0 = System.nanoTime();
        long end = t0 + slotNanos;
        List<Thread> threads = new ArrayList<>();
        for (Op op : ops) {
            Thread t = new Thread(() -> {
                long n = 0;
                try {
                    while (System.nanoTime() < end && failed.get() == null) {
                        op.run();
                        n++;
                    }
                } catch (Exception e) {
                    failed.compareAndSet(null, e);
                }
                done.addAndGet(n);
            });
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        if (failed.get() != null) {
            throw new IllegalStateException("benchmark operation failed: " + failed.get(), failed.get());
        }
        return done.get() / ((System.nanoTime() - t0) / 1e9);
    }
}
