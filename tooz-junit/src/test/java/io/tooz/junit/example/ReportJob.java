package io.tooz.junit.example;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The application code of docs/testing.md: runs the nightly report on one instance at a time, and stops
 * writing the moment it loses the lock, because another instance may take over then.
 */
final class ReportJob implements AutoCloseable {
    private final Coordinator coordinator;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile LockLease lease;

    ReportJob(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** Takes the report's lock if it is free; whether this instance runs the report now. */
    boolean tryStart() {
        Optional<LockLease> taken = coordinator.getLock("nightly-report").tryAcquire();
        if (taken.isEmpty()) {
            return false;
        }
        lease = taken.get();
        running.set(true);
        lease.lost().thenRun(() -> running.set(false)); // stop at once: someone else may hold it soon
        return true;
    }

    /** Whether this instance is running the report (it holds the lock and has not lost it). */
    boolean running() {
        return running.get();
    }

    /** The fencing token of the run, which the report's writes carry so that a stale run's writes are refused. */
    long fencingToken() {
        return lease.fencingToken();
    }

    @Override
    public void close() {
        running.set(false);
        if (lease != null) {
            lease.close();
        }
    }
}
