package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.bench.RedisBenchTarget.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Lock hand-off latency for {@link RedisBench}: {@value #WAITERS} + 1 contenders (each a thread with a client of its
 * own) take turns at one lock. The holder waits until the {@value #WAITERS} others are blocked in their acquire (each
 * inside it and parked for at least {@value #SETTLE_MS} ms), then releases; the sample is the time from the holder's
 * release call to the next holder's acquire returning. The releaser queues up again only after that grant, so it
 * never takes the lock straight back.
 */
final class RedisHandOff {
    static final int WAITERS = 8;
    static final int WARMUP = 50;
    static final int MIN_SAMPLES = 300;
    private static final int MAX_SAMPLES = 20_000;
    private static final long SETTLE_MS = 2;
    private static final long QUEUE_WAIT_MS = 5_000;
    private static final long GRANT_WAIT_MS = 30_000;

    private RedisHandOff() {}

    /** Blocks until the lock is granted; the grant's release. */
    @FunctionalInterface
    interface Contender {
        Held acquire() throws Exception;
    }

    /** A granted lock. */
    @FunctionalInterface
    interface Held {
        void release() throws Exception;
    }

    /**
     * The result, latencies in milliseconds (sorted); {@code notQueued}: hand-offs with fewer than all waiters
     * blocked after {@value #QUEUE_WAIT_MS} ms; {@code failure}: why the measurement stopped early, or null.
     */
    record Result(double[] millis, int notQueued, String failure) {}

    /** Hand-offs among {@value #WAITERS} + 1 tooz coordinators of their own, all taking lock {@code lockName}. */
    static Result tooz(Target t, String memberPrefix, String lockName, long budgetNanos) throws InterruptedException {
        return among(
                budgetNanos,
                i -> Coordinator.builder(t.url())
                        .memberId(memberPrefix + "-h" + i)
                        .build(),
                c -> {
                    c.start();
                    DistributedLock lock = c.getLock(lockName);
                    return () -> lock.acquire()::release;
                },
                Coordinator::close);
    }

    /** The same among {@value #WAITERS} + 1 Redisson clients of their own (2 threads, 2 connections each). */
    static Result redisson(Target t, String lockKey, String clientName, long budgetNanos) throws InterruptedException {
        return among(
                budgetNanos,
                i -> RedisBenchTarget.redisson(t, clientName, 2, 2),
                r -> {
                    RLock lock = r.getLock(lockKey);
                    return () -> {
                        lock.lockInterruptibly();
                        return lock::unlock;
                    };
                },
                RedissonClient::shutdown);
    }

    /**
     * Hand-offs among {@value #WAITERS} + 1 clients, the {@code i}th made by {@code open}, each contending through
     * {@code contender}; all closed by {@code close} afterwards. Starting the clients is part of the budget.
     */
    private static <C> Result among(
            long budgetNanos, IntFunction<C> open, Function<C, Contender> contender, Consumer<C> close)
            throws InterruptedException {
        long end = System.nanoTime() + budgetNanos;
        List<C> clients = new ArrayList<>();
        try {
            List<Contender> contenders = new ArrayList<>();
            for (int i = 0; i <= WAITERS; i++) {
                C client = open.apply(i);
                clients.add(client);
                contenders.add(contender.apply(client));
            }
            return measure(contenders, Math.max(0, end - System.nanoTime()));
        } finally {
            clients.forEach(close);
        }
    }

    /**
     * Runs {@code contenders} (one thread each) for about {@code budgetNanos}; fewer than {@value #MIN_SAMPLES} samples
     * in that time make the p99 rough, which the printout says.
     */
    static Result measure(List<Contender> contenders, long budgetNanos) throws InterruptedException {
        int n = contenders.size();
        long started = System.nanoTime();
        long deadline = started + budgetNanos;
        AtomicInteger inAcquire = new AtomicInteger();
        AtomicLong grants = new AtomicLong();
        AtomicLong releasedAt = new AtomicLong();
        AtomicInteger notQueued = new AtomicInteger();
        AtomicReference<String> failure = new AtomicReference<>();
        List<Double> samples = new ArrayList<>();
        Thread[] threads = new Thread[n];
        boolean[] stop = new boolean[1];
        Object stopLock = new Object();
        for (int i = 0; i < n; i++) {
            Contender c = contenders.get(i);
            int me = i;
            threads[i] = new Thread(
                    () -> {
                        try {
                            while (true) {
                                inAcquire.incrementAndGet();
                                Held h = c.acquire();
                                long granted = System.nanoTime();
                                inAcquire.decrementAndGet();
                                long g = grants.incrementAndGet();
                                long rel = releasedAt.get();
                                boolean stopping;
                                synchronized (stopLock) {
                                    // the warm-up: WARMUP grants, but no more than a fifth of the time
                                    boolean warm = g > WARMUP || granted - started > budgetNanos / 5;
                                    if (!stop[0] && rel != 0 && warm) {
                                        samples.add((granted - rel) / 1e6);
                                    }
                                    if (samples.size() >= MAX_SAMPLES
                                            || granted > deadline && samples.size() >= BenchBudget.FEWEST_SAMPLES) {
                                        stop[0] = true;
                                    }
                                    stopping = stop[0];
                                }
                                if (stopping) { // the others get it in turn and leave too
                                    h.release();
                                    return;
                                }
                                if (!awaitQueued(threads, me, inAcquire, n - 1)) {
                                    notQueued.incrementAndGet();
                                }
                                releasedAt.set(System.nanoTime());
                                h.release();
                                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRANT_WAIT_MS);
                                while (grants.get() == g) {
                                    if (System.nanoTime() > until) {
                                        failure.compareAndSet(
                                                null, "no grant within " + GRANT_WAIT_MS + " ms of a release");
                                        return;
                                    }
                                    LockSupport.parkNanos(20_000);
                                }
                                synchronized (stopLock) {
                                    if (stop[0]) {
                                        return;
                                    }
                                }
                            }
                        } catch (Exception e) {
                            failure.compareAndSet(null, e.toString());
                            synchronized (stopLock) {
                                stop[0] = true;
                            }
                        }
                    },
                    "tooz-bench-handoff-" + i);
            threads[i].setDaemon(true);
        }
        for (Thread t : threads) {
            t.start();
        }
        long hardStop = Math.max(deadline, started + TimeUnit.SECONDS.toNanos(60)) + TimeUnit.SECONDS.toNanos(30);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(hardStop - System.nanoTime())));
        }
        for (Thread t : threads) {
            if (t.isAlive()) {
                failure.compareAndSet(null, "hand-offs stalled: contenders still blocked at the time limit");
                t.interrupt();
            }
        }
        double[] sorted;
        synchronized (stopLock) {
            sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
        return new Result(sorted, notQueued.get(), failure.get());
    }

    /** Waits until {@code others} threads are inside acquire and parked across {@value #SETTLE_MS} ms. */
    private static boolean awaitQueued(Thread[] threads, int me, AtomicInteger inAcquire, int others) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUEUE_WAIT_MS);
        while (System.nanoTime() < until) {
            if (inAcquire.get() >= others && allParked(threads, me)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(SETTLE_MS));
                if (inAcquire.get() >= others && allParked(threads, me)) {
                    return true;
                }
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        return false;
    }

    private static boolean allParked(Thread[] threads, int me) {
        for (int i = 0; i < threads.length; i++) {
            Thread.State s = threads[i].getState();
            if (i != me && s != Thread.State.WAITING && s != Thread.State.TIMED_WAITING) {
                return false;
            }
        }
        return true;
    }

    static void printHeader(PrintStream out) {
        out.printf(
                "%nlock hand-off, %d waiters: %d clients (a thread each) take turns at one lock, each release made"
                        + " while the %d others are blocked in acquire; from the holder's release call to the next"
                        + " holder's grant, after up to %d warm-up hand-offs (at most a fifth of the time; samples in"
                        + " brackets); in ms, lower is better%n",
                WAITERS, WAITERS + 1, WAITERS, WARMUP);
    }

    /**
     * Prints one line of p50, p99 and max, and whether the goal was met unless {@code goalP99Ms} is NaN.
     *
     * @return whether the goal was met (false without samples or after a failure)
     */
    static boolean print(PrintStream out, String label, Result r, double goalP99Ms) {
        String extra = (r.notQueued() == 0 ? "" : "; " + r.notQueued() + " with fewer than all waiters blocked")
                + (r.millis().length > 0 && r.millis().length < MIN_SAMPLES
                        ? "; fewer than " + MIN_SAMPLES + " samples in the time given: the p99 is rough"
                        : "")
                + (r.failure() == null ? "" : "; FAILED: " + r.failure());
        if (r.millis().length == 0) {
            out.printf("  %-46s no samples%s%n", label, extra);
            BenchOutput.result(out, "latency", "what", label, "samples", 0, "failure", r.failure());
            return false;
        }
        double p50 = BenchRounds.percentile(r.millis(), 0.50);
        double p99 = BenchRounds.percentile(r.millis(), 0.99);
        boolean pass = r.failure() == null && p99 < goalP99Ms;
        out.printf(
                "  %-46s p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d)   %s%s%n",
                label,
                p50,
                p99,
                BenchRounds.max(r.millis()),
                r.millis().length,
                Double.isNaN(goalP99Ms)
                        ? "no goal"
                        : String.format("goal p99 < %.0f ms   %s", goalP99Ms, BenchRounds.verdict(pass)),
                extra);
        BenchOutput.result(
                out,
                "latency",
                "what",
                "lock hand-off: " + label,
                "p50Ms",
                BenchOutput.round3(p50),
                "p99Ms",
                BenchOutput.round3(p99),
                "maxMs",
                BenchOutput.round3(BenchRounds.max(r.millis())),
                "samples",
                r.millis().length,
                "notAllWaitersBlocked",
                r.notQueued(),
                "failure",
                r.failure(),
                "goalP99BelowMs",
                Double.isNaN(goalP99Ms) ? null : goalP99Ms,
                "met",
                Double.isNaN(goalP99Ms) ? null : pass);
        return pass;
    }
}
