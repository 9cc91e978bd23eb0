package io.tooz.internal;

import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** A held lock as the user sees it; ends by release or by loss, once. */
final class LockLeaseImpl implements LockLease {
    private final HeldLeases held;
    private final DriverLease lease;
    private final AtomicBoolean ended = new AtomicBoolean();
    private @Nullable CompletableFuture<LossReason> lost; // created on first use: most leases are never asked
    private @Nullable LossReason lossReason;
    /** What the observers hear this lease as, once granted; null while it waits in a queue, or without observers. */
    private volatile @Nullable LockKind observedKind;

    private volatile long grantedNanos;

    LockLeaseImpl(HeldLeases held, DriverLease lease) {
        this.held = held;
        this.lease = lease;
    }

    DriverLease driverLease() {
        return lease;
    }

    /** The lease is handed to its holder now: its release or loss is reported to the observers as {@code kind}. */
    void granted(LockKind kind) {
        grantedNanos = System.nanoTime();
        observedKind = kind;
    }

    /** It was never handed out after all (its request ended first): its release is not reported. */
    void notGranted() {
        observedKind = null;
    }

    /** What it was granted as ({@link #granted}), or null. */
    @Nullable
    LockKind observedKind() {
        return observedKind;
    }

    long grantedNanos() {
        return grantedNanos;
    }

    /** Marks the lease ended; true for the first caller only. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    /** Whether the lease was released or lost. */
    boolean ended() {
        return ended.get();
    }

    void completeLost(LossReason reason) {
        CompletableFuture<LossReason> f;
        synchronized (this) {
            lossReason = reason;
            f = lost;
        }
        if (f != null) {
            f.complete(reason);
        }
    }

    @Override
    public String lockName() {
        return lease.id().name();
    }

    @Override
    public long fencingToken() {
        return lease.fencingToken();
    }

    @Override
    public CompletionStage<LossReason> lost() {
        boolean first;
        CompletionStage<LossReason> stage;
        synchronized (this) {
            CompletableFuture<LossReason> f = lost;
            first = f == null;
            if (f == null) {
                f = lossReason == null ? new CompletableFuture<>() : CompletableFuture.completedFuture(lossReason);
                lost = f;
            }
            stage = f.minimalCompletionStage();
        }
        if (first && !ended.get()) {
            held.watchLoss(this);
        }
        return stage;
    }

    @Override
    public boolean isStillOwner() {
        return !ended.get() && held.isStillOwner(this);
    }

    @Override
    public boolean release() {
        return held.release(this);
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "LockLease[" + lockName() + ", token " + fencingToken() + (ended.get() ? ", ended]" : "]");
    }
}
