package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.Feature;
import io.tooz.InvalidNameException;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exclusive locks: exclusion across coordinators, threads and lock objects, no re-entrancy, blocking hand-over,
 * timeouts, try-with-resources and release results, and lock-name rules. Fencing tokens and lease loss are in {@link
 * LockLeaseContract}.
 *
 * <p>Ports tooz §4.6 (adapted: {@code acquire(blocking=False)} is {@code tryAcquire()}, {@code with lock} is
 * try-with-resources): {@code test_get_lock}, {@code test_get_lock_twice_locked_one_released_two}, {@code
 * test_get_lock_concurrency_locking_same_lock}, {@code ..._two_lock_thread1}, {@code ..._two_lock_thread2}, {@code
 * test_get_lock_concurrency_locking2}, {@code test_get_lock_twice_locked_twice}, {@code test_get_lock_locked_twice},
 * {@code test_acquire_twice_no_deadlock_releasing}, {@code test_get_multiple_locks_with_same_coord}, {@code
 * test_ensure_acquire_release_return}, {@code test_get_lock_multiple_coords}, {@code test_get_lock_context_fails},
 * {@code test_lock_context_manager_acquire_argument_release_within}, {@code
 * test_lock_context_manager_acquire_argument_timeout}. The spawned-process variants run as other coordinators.
 */
@Needs(features = Feature.LOCKS)
public interface LockContract extends ContractSupport {

    /** How long a blocked {@code acquire()} may take to get a released lock: 2 s, far below a TTL-based poll. */
    default Duration lockHandOverTimeout() {
        return Duration.ofSeconds(2);
    }

    @Test
    default void acquireAndReleaseReportsTrueThenFalse() {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        DistributedLock lock = c.getLock(name);
        assertThat(lock.name()).isEqualTo(name);
        LockLease lease = lock.acquire();
        assertThat(lease.lockName()).isEqualTo(name);
        assertThat(lease.release()).isTrue();
        assertThat(lease.release()).isFalse();
        assertThat(lock.tryAcquire()).as("free again").isPresent().get().satisfies(LockLease::close);
    }

    @Test
    default void exclusiveAcrossCoordinators() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String name = randomLockName();
        LockLease lease = c1.getLock(name).tryAcquire().orElseThrow();
        assertThat(c2.getLock(name).tryAcquire()).isEmpty();
        assertThat(lease.release()).isTrue();
        Optional<LockLease> second = c2.getLock(name).tryAcquire();
        assertThat(second).isPresent();
        assertThat(c1.getLock(name).tryAcquire()).as("now held by c2").isEmpty();
        assertThat(second.get().release()).isTrue();
    }

    @Test
    default void notReentrantForTheSameObjectOrOtherObjectsOfTheSameCoordinator() {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        DistributedLock l1 = c.getLock(name);
        DistributedLock l2 = c.getLock(name);
        LockLease lease = l1.acquire();
        assertThat(l1.tryAcquire()).as("same object").isEmpty();
        assertThat(l2.tryAcquire()).as("second object").isEmpty();
        assertThat(c.getLock(name).tryAcquire()).as("third object").isEmpty();
        assertThat(lease.release()).isTrue();
        LockLease other = l2.tryAcquire().orElseThrow();
        assertThat(l1.tryAcquire()).isEmpty();
        assertThat(other.release()).isTrue();
        assertThat(other.release()).isFalse();
    }

    @Test
    default void anotherThreadOfTheSameCoordinatorCannotAcquire() throws Exception {
        Coordinator c = newCoordinator();
        assertAnotherThreadCannotAcquire(c, c);
    }

    @Test
    default void anotherThreadWithANewCoordinatorCannotAcquire() throws Exception {
        assertAnotherThreadCannotAcquire(newCoordinator(), newCoordinator());
    }

    /** {@code holder} holds a new lock; a {@code tryAcquire} of it by {@code other} on another thread gets nothing. */
    private void assertAnotherThreadCannotAcquire(Coordinator holder, Coordinator other) throws Exception {
        String name = randomLockName();
        LockLease lease = holder.getLock(name).acquire();
        Optional<LockLease> fromThread = CompletableFuture.supplyAsync(
                        () -> other.getLock(name).tryAcquire())
                .get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(fromThread).isEmpty();
        assertThat(lease.release()).isTrue();
    }

    @Test
    default void blockedAcquireOnTheSameLockObjectGetsTheLockAfterRelease() throws Exception {
        Coordinator c = newCoordinator();
        DistributedLock lock = c.getLock(randomLockName());
        assertBlockedAcquireIsHandedTheLock(lock.acquire(), lock);
    }

    @Test
    default void blockedAcquireOnAnotherCoordinatorGetsTheLockAfterRelease() throws Exception {
        String name = randomLockName();
        LockLease held = newCoordinator().getLock(name).acquire();
        assertBlockedAcquireIsHandedTheLock(held, newCoordinator().getLock(name));
    }

    private void assertBlockedAcquireIsHandedTheLock(LockLease held, DistributedLock waiterLock) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<LockLease> waiter = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return waiterLock.acquire(eventTimeout().multipliedBy(2));
        });
        assertThat(started.await(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();
        assertStaysTrue(() -> !waiter.isDone());
        assertThat(held.release()).isTrue();
        LockLease handedOver = waiter.get(lockHandOverTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(handedOver.fencingToken()).isGreaterThan(held.fencingToken());
        assertThat(handedOver.release()).isTrue();
    }

    @Test
    default void acquireWithTimeoutFailsNamingTheLock() {
        String name = randomLockName();
        LockLease held = newCoordinator().getLock(name).acquire();
        DistributedLock other = newCoordinator().getLock(name);
        Duration timeout = Duration.ofMillis(500);
        long start = System.nanoTime();
        assertThatThrownBy(() -> other.acquire(timeout))
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining(name)
                .extracting(e -> ((LockAcquireFailedException) e).lockName())
                .isEqualTo(name);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waited about the timeout")
                .isGreaterThanOrEqualTo(timeout.minusMillis(50));
        assertThat(held.release()).isTrue();
        assertThat(other.acquire(timeout).release())
                .as("acquire(timeout) succeeds on a free lock")
                .isTrue();
    }

    @Test
    default void tryWithResourcesReleases() {
        HeldLock held = HeldLock.start(this);
        String name = held.name();
        try (LockLease lease = held.lease()) {
            assertThat(lease.lockName()).isEqualTo(name);
            assertThat(held.other().getLock(name).tryAcquire()).isEmpty();
        }
        try (LockLease lease = held.other().getLock(name).tryAcquire().orElseThrow()) {
            assertThat(lease.release()).as("release inside the block").isTrue();
        }
        try (LockLease lease = held.holder().getLock(name).acquire(Duration.ofSeconds(10))) {
            assertThat(lease.isStillOwner()).isTrue();
        }
        assertThat(held.other().getLock(name).tryAcquire()).isPresent().get().satisfies(LockLease::close);
    }

    @Test
    default void holdingALockInOneThreadSurvivesAnotherLockInAnotherThread() throws Exception {
        Coordinator c = newCoordinator();
        String a = randomLockName();
        String b = randomLockName();
        LockLease leaseA = CompletableFuture.supplyAsync(() -> c.getLock(a).acquire())
                .get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
        boolean releasedB = CompletableFuture.supplyAsync(
                        () -> c.getLock(b).acquire().release())
                .get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(releasedB).isTrue();
        assertThat(newCoordinator().getLock(a).tryAcquire()).as("A still held").isEmpty();
        assertThat(leaseA.isStillOwner()).isTrue();
        assertThat(leaseA.release()).isTrue();
    }

    @Test
    default void holderIsReportedWhereTheDriverRecordsIt() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String name = randomLockName();
        assertThat(c2.getLock(name).holder()).as("free lock").isEmpty();
        LockLease lease = c1.getLock(name).acquire();
        c2.getLock(name).holder().ifPresent(h -> assertThat(h).isEqualTo(c1.memberId()));
        c1.getLock(name).holder().ifPresent(h -> assertThat(h).isEqualTo(c1.memberId()));
        lease.release();
        assertThat(c2.getLock(name).holder()).as("released lock").isEmpty();
    }

    @Test
    default void stopReleasesHeldLocks() {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        String name = randomLockName();
        LockLease lease = c1.getLock(name).acquire();
        c1.stop();
        LockLease next = c2.getLock(name).tryAcquire().orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
        assertThat(lease.release()).as("release after stop").isFalse();
        assertThat(next.isStillOwner())
                .as("old release did not free the new holder's lock")
                .isTrue();
    }

    @Test
    default void emptyOrOverlongLockNamesAreRejected() {
        Coordinator c = newCoordinator();
        assertThatThrownBy(() -> c.getLock("").tryAcquire()).isInstanceOf(InvalidNameException.class);
        String tooLong = "l".repeat(254) + "é"; // 256 UTF-8 bytes
        assertThatThrownBy(() -> c.getLock(tooLong).tryAcquire())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(tooLong.substring(0, 32));
    }
}
