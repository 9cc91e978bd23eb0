package io.tooz.bench;

import io.tooz.bench.BenchRounds.Op;
import io.tooz.bench.BenchRounds.Timed;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Aggregate throughput for {@link RedisBench}: {@value #THREADS} threads, each on a lock of its own, one operation at a
 * time each, all sharing one client; the operations all threads completed in a slot, per second.
 */
final class RedisThroughput {
    static final int THREADS = 16;

    private RedisThroughput() {}

    /** Makes the operation thread {@code i} runs (on its own lock). */
    @FunctionalInterface
    interface PerThread {
        Op forThread(int i) throws Exception;
    }

    /**
     * Measures tooz, the raw floor and Redisson in interleaved rounds as {@code cut}, and prints the table and the
     * ratios.
     */
    static void section(
            PrintStream out, PerThread ours, PerThread rawFloor, PerThread redisson, BenchBudget.Rounds cut) {
        long slotNanos = cut.slot();
        long warmNanos = cut.warm();
        List<Timed> timed = List.of(s -> run(ours, s), s -> run(rawFloor, s), s -> run(redisson, s));
        double[][] rates = BenchRounds.interleave(timed, cut.rounds(), slotNanos, warmNanos);
        double[] med = BenchRounds.printMedians(
                out,
                THREADS + " threads on distinct locks, aggregate",
                List.of(
                        "tooz acquire() + release(), one coordinator",
                        "raw floor: SET NX PX + EVALSHA, JedisPooled of " + THREADS,
                        "Redisson lock() + unlock(), one client"),
                rates,
                cut.rounds(),
                slotNanos,
                warmNanos);
        out.println();
        // the goals are for one client; with 16 threads the server's single core is the limit, and a fenced grant
        // (one Lua script) costs it more than a bare SET: printed for reading, with the server time per operation
        // further down
        String note = "no goal (the goals are for one client); bound by server time per operation, see below";
        BenchRounds.ratio(
                out, THREADS + " threads:      ours/raw-floor", med[0] / med[1], rates[0], rates[1], Double.NaN, note);
        BenchRounds.ratio(
                out, THREADS + " threads:      ours/Redisson ", med[0] / med[2], rates[0], rates[2], Double.NaN, note);
    }

    /** One slot: {@value #THREADS} fresh threads, each running its operation back to back; operations per second. */
    static double run(PerThread perThread, long slotNanos) {
        Op[] ops = new Op[THREADS];
        try {
            for (int i = 0; i < THREADS; i++) {
                ops[i] = perThread.forThread(i);
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark set-up failed: " + e, e);
        }
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong total = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long[] start = new long[1];
        Thread[] threads = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            Op op = ops[i];
            threads[i] = new Thread(
                    () -> {
                        ready.countDown();
                        long n = 0;
                        try {
                            go.await();
                            long end = start[0] + slotNanos;
                            long now;
                            do {
                                op.run();
                                n++;
                                now = System.nanoTime();
                            } while (now < end && failure.get() == null);
                            lastEnd.accumulateAndGet(now, Math::max);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        } finally {
                            total.addAndGet(n);
                        }
                    },
                    "tooz-bench-thread-" + i);
            threads[i].start();
        }
        try {
            ready.await();
            start[0] = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("benchmark operation failed: " + failure.get(), failure.get());
        }
        return total.get() / ((lastEnd.get() - start[0]) / 1e9);
    }
}
