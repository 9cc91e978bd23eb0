package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.Feature;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.ToozException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link DistributedLock#acquireAsync}: completes when another coordinator releases, times out with {@link
 * LockAcquireFailedException}, withdraws when cancelled (a grant that lands after the cancel is released, so the next
 * holder is not blocked by a ghost), and holds no thread while waiting. Java additions with no tooz test.
 */
@Needs(features = Feature.LOCKS)
public interface AsyncLockContract extends ContractSupport {

    /** The lease a stage completed with, within the event timeout. */
    private LockLease leaseOf(CompletableFuture<LockLease> f) throws Exception {
        return f.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    default void completesAtOnceOnAFreeLockAndTriesOnceWithoutATimeout() throws Exception {
        String name = randomLockName();
        DistributedLock lock = newCoordinator().getLock(name);
        LockLease lease = leaseOf(lock.acquireAsync(eventTimeout()).toCompletableFuture());
        assertThat(lease.lockName()).isEqualTo(name);
        assertThat(lease.isStillOwner()).isTrue();
        CompletableFuture<LockLease> once = lock.acquireAsync(Duration.ZERO).toCompletableFuture();
        assertThatThrownBy(() -> leaseOf(once)).hasCauseInstanceOf(LockAcquireFailedException.class);
        lease.release();
        leaseOf(lock.acquireAsync(Duration.ZERO).toCompletableFuture()).release();
    }

    @Test
    default void completesWhenAnotherCoordinatorReleases() throws Exception {
        HeldLock held = HeldLock.start(this);
        CompletableFuture<LockLease> waiting =
                held.other().getLock(held.name()).acquireAsync(eventTimeout()).toCompletableFuture();
        assertStaysTrue(() -> !waiting.isDone());
        held.lease().release();
        LockLease lease = leaseOf(waiting);
        assertThat(lease.fencingToken()).isGreaterThan(held.lease().fencingToken());
        assertThat(held.holder().getLock(held.name()).tryAcquire()).isEmpty();
        assertThat(lease.release()).isTrue();
    }

    @Test
    default void timesOutWithLockAcquireFailed() {
        HeldLock held = HeldLock.start(this);
        long start = System.nanoTime();
        CompletableFuture<LockLease> waiting = held.other()
                .getLock(held.name())
                .acquireAsync(Duration.ofMillis(300))
                .toCompletableFuture();
        assertThatThrownBy(() -> leaseOf(waiting))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(LockAcquireFailedException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(250);
        assertThat(held.lease().isStillOwner()).isTrue();
    }

    @Test
    default void stopFailsPendingAcquisitions() {
        HeldLock held = HeldLock.start(this);
        CompletableFuture<LockLease> waiting =
                held.other().getLock(held.name()).acquireAsync(eventTimeout()).toCompletableFuture();
        held.other().stop();
        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ToozException.class);
        held.lease().release();
        assertThat(newCoordinator().getLock(held.name()).tryAcquire())
                .as("nothing left behind")
                .isPresent();
    }

    @Test
    default void cancelWithdrawsSoTheNextHolderIsNotBlocked() throws Exception {
        HeldLock held = HeldLock.start(this);
        CompletableFuture<LockLease> waiting =
                held.other().getLock(held.name()).acquireAsync(eventTimeout()).toCompletableFuture();
        assertThat(waiting.cancel(true)).isTrue();
        held.lease().release();
        Coordinator next = newCoordinator();
        LockLease lease = next.getLock(held.name()).acquire(eventTimeout()); // a ghost grant would block this
        assertThat(held.other().getLock(held.name()).holder()).contains(next.memberId());
        lease.release();
    }

    @Test
    default void aGrantThatLandsAfterTheCancelIsReleased() throws Exception {
        Coordinator c = newCoordinator();
        Coordinator next = newCoordinator();
        String name = randomLockName();
        for (int i = 0; i < 10; i++) {
            CompletableFuture<LockLease> f =
                    c.getLock(name).acquireAsync(eventTimeout()).toCompletableFuture();
            Thread.sleep(i % 3); // cancel before, during or after the backend's answer
            if (!f.cancel(true)) {
                f.join().release(); // granted before the cancel: the lease is ours to release
            }
            next.getLock(name).acquire(eventTimeout()).release();
        }
    }

    @Test
    default void manyWaitersHoldNoThreadsAndAllGetTheLockInTurn() throws Exception {
        HeldLock held = HeldLock.start(this);
        DistributedLock lock = held.other().getLock(held.name());
        lock.acquireAsync(Duration.ofMillis(50))
                .toCompletableFuture()
                .exceptionally(e -> null)
                .join(); // warm up
        int before = Thread.getAllStackTraces().size();
        List<CompletableFuture<LockLease>> waiting = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waiting.add(lock.acquireAsync(eventTimeout().multipliedBy(2)).toCompletableFuture());
        }
        assertStaysTrue(() -> waiting.stream().noneMatch(CompletableFuture::isDone));
        int during = Thread.getAllStackTraces().size();
        assertThat(during - before)
                .as("threads added by 50 pending acquireAsync calls")
                .isLessThan(10);

        List<CompletableFuture<Long>> released = new ArrayList<>();
        for (CompletableFuture<LockLease> w : waiting) {
            released.add(w.thenApply(lease -> {
                lease.release();
                return lease.fencingToken();
            }));
        }
        held.lease().release();
        CompletableFuture.allOf(released.toArray(CompletableFuture[]::new))
                .get(eventTimeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(released.stream().map(CompletableFuture::join).distinct().count())
                .as("one grant each")
                .isEqualTo(50);
    }
}
