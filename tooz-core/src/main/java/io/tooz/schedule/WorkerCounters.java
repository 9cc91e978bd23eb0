package io.tooz.schedule;

import java.util.concurrent.atomic.AtomicLong;

/** The mutable counters behind {@link WorkerStats}. */
final class WorkerCounters {
    final AtomicLong run = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong taken = new AtomicLong();
    final AtomicLong late = new AtomicLong();
    final AtomicLong periods = new AtomicLong();
    final AtomicLong memberReads = new AtomicLong();
    final AtomicLong sourceFailures = new AtomicLong();
    final AtomicLong claimed = new AtomicLong();

    WorkerStats snapshot(String member, int owned, long requests) {
        return new WorkerStats(
                member,
                owned,
                run.get(),
                failed.get(),
                skipped.get(),
                taken.get(),
                late.get(),
                periods.get(),
                requests,
                sourceFailures.get(),
                claimed.get());
    }
}
