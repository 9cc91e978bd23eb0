package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.DriverClaims;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The competing-consumers baseline of {@link SchedulerBench}, as ShedLock and Quartz clusters run recurring jobs:
 * every worker tries every task every period, and the backend lets one win. Measured on the same backend, through the
 * same claim ledger and batches as the scheduler, without running actions (which only flatters the baseline).
 */
final class CompetingClaims {
    private static final int BATCH = 500;

    private CompetingClaims() {}

    /** Backend requests per task run when each coordinator claims all {@code tasks} for {@code periods} periods. */
    static double requestsPerRun(
            List<Coordinator> workers, String namespace, List<String> tasks, Duration period, int periods) {
        List<DriverClaims> ledgers = new ArrayList<>();
        workers.forEach(w -> ledgers.add(CoreHooks.claims(w)));
        long before = ledgers.stream().mapToLong(DriverClaims::requests).sum();
        AtomicLong won = new AtomicLong();
        long first = Math.floorDiv(System.currentTimeMillis(), period.toMillis()) + 1;
        for (long p = first; p < first + periods; p++) {
            long start = p * period.toMillis();
            sleepUntil(start);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int w = 0; w < ledgers.size(); w++) {
                DriverClaims ledger = ledgers.get(w);
                String holder = workers.get(w).memberId();
                all.add(CompletableFuture.runAsync(() -> {
                    for (int from = 0; from < tasks.size(); from += BATCH) {
                        List<String> chunk = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
                        won.addAndGet(ledger.claim(namespace, start, chunk, holder, period.multipliedBy(3))
                                .size());
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        }
        long requests = ledgers.stream().mapToLong(DriverClaims::requests).sum() - before;
        return won.get() == 0 ? Double.NaN : (double) requests / won.get();
    }

    private static void sleepUntil(long epochMillis) {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
