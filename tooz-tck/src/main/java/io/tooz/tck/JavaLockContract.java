package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.JavaLock;
import io.tooz.LockLease;
import io.tooz.LossReason;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link io.tooz.DistributedLock#asJavaLock()}: re-entrancy with a hold count and one lease per holding thread,
 * unlock by the owner only, {@code tryLock} with and without a wait, exclusion across coordinators and across threads
 * and handles of one, interruption, fencing tokens through {@link JavaLock#lease()}, and a lost lease that leaves the
 * thread holding until it unlocks. Java additions with no tooz test.
 */
@Needs(features = Feature.LOCKS)
public interface JavaLockContract extends ContractSupport {

    @Test
    default void reentrantWithAHoldCountAndOneLease() {
        Coordinator c = newCoordinator();
        Coordinator other = newCoordinator();
        String name = randomLockName();
        JavaLock lock = c.getLock(name).asJavaLock();
        assertThat(lock.holdCount()).isZero();
        assertThat(lock.lease()).isEmpty();
        lock.lock();
        lock.lock();
        assertThat(lock.tryLock()).as("re-entrant tryLock").isTrue();
        assertThat(lock.holdCount()).isEqualTo(3);
        LockLease lease = lock.lease().orElseThrow();
        assertThat(lease.lockName()).isEqualTo(name);
        assertThat(other.getLock(name).tryAcquire()).as("held in the backend").isEmpty();
        lock.unlock();
        lock.unlock();
        assertThat(lock.holdCount()).isEqualTo(1);
        assertThat(lock.lease()).as("the same lease while held").containsSame(lease);
        assertThat(other.getLock(name).tryAcquire()).as("still held").isEmpty();
        lock.unlock();
        assertThat(lock.holdCount()).isZero();
        assertThat(lock.lease()).isEmpty();
        assertThat(lease.isStillOwner()).isFalse();
        assertThat(other.getLock(name).tryAcquire())
                .as("released at the last unlock")
                .isPresent();
    }

    @Test
    default void theSameObjectForOneHandle() {
        var handle = newCoordinator().getLock(randomLockName());
        assertThat(handle.asJavaLock()).isSameAs(handle.asJavaLock());
    }

    @Test
    default void onlyTheHoldingThreadUnlocks() throws Exception {
        JavaLock lock = newCoordinator().getLock(randomLockName()).asJavaLock();
        assertThatThrownBy(lock::unlock).as("not held").isInstanceOf(IllegalMonitorStateException.class);
        lock.lock();
        CompletableFuture<Throwable> fromOther = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        lock.unlock();
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                },
                ownThread());
        assertThat(fromOther.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(IllegalMonitorStateException.class);
        assertThat(lock.holdCount()).as("still held by this thread").isEqualTo(1);
        lock.unlock();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
    }

    @Test
    default void newConditionIsUnsupported() {
        JavaLock lock = newCoordinator().getLock(randomLockName()).asJavaLock();
        assertThatThrownBy(lock::newCondition)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("condition");
    }

    @Test
    default void tryLockWaitsAtMostItsTimeAndGetsALockReleasedMeanwhile() throws Exception {
        String name = randomLockName();
        LockLease held = newCoordinator().getLock(name).acquire();
        JavaLock lock = newCoordinator().getLock(name).asJavaLock();
        assertThat(lock.tryLock()).isFalse();
        long start = System.nanoTime();
        assertThat(lock.tryLock(300, TimeUnit.MILLISECONDS)).isFalse();
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(waitedMs).isBetween(250L, 300L + eventTimeout().toMillis());
        assertThat(lock.holdCount()).isZero();

        CompletableFuture.runAsync(
                held::release, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS, ownThread()));
        assertThat(lock.tryLock(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isTrue();
        assertThat(lock.lease().orElseThrow().fencingToken()).isGreaterThan(held.fencingToken());
        lock.unlock();
    }

    @Test
    default void excludesAcrossCoordinators() {
        String name = randomLockName();
        JavaLock first = newCoordinator().getLock(name).asJavaLock();
        JavaLock second = newCoordinator().getLock(name).asJavaLock();
        first.lock();
        assertThat(second.tryLock()).isFalse();
        first.unlock();
        assertThat(second.tryLock()).isTrue();
        assertThat(first.tryLock()).isFalse();
        second.unlock();
    }

    @Test
    default void threadsOfOneCoordinatorExcludeEachOtherThroughAnyHandle() throws Exception {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        JavaLock viaOne = c.getLock(name).asJavaLock();
        JavaLock viaTwo = c.getLock(name).asJavaLock();
        viaOne.lock();
        assertThat(viaTwo.holdCount()).as("one lock per coordinator and name").isEqualTo(1);
        long firstToken = viaTwo.lease().orElseThrow().fencingToken();
        assertThat(CompletableFuture.supplyAsync(viaTwo::tryLock, ownThread())
                        .get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isFalse();

        CountDownLatch locking = new CountDownLatch(1);
        CompletableFuture<Long> other = CompletableFuture.supplyAsync(
                () -> {
                    locking.countDown();
                    viaTwo.lock();
                    try {
                        return viaTwo.lease().orElseThrow().fencingToken();
                    } finally {
                        viaTwo.unlock();
                    }
                },
                ownThread());
        locking.await();
        assertStaysTrue(() -> !other.isDone());
        viaOne.unlock();
        assertThat(other.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS)).isGreaterThan(firstToken);
    }

    @Test
    default void lockInterruptiblyThrowsWhenInterruptedWhileWaitingInTheProcessOrAtTheBackend() throws Exception {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        JavaLock lock = c.getLock(name).asJavaLock();
        lock.lock(); // another thread of c waits in the process
        assertInterruptedWhileWaiting(lock);
        lock.unlock();

        LockLease held = newCoordinator().getLock(name).acquire(); // now it waits at the backend
        assertInterruptedWhileWaiting(lock);
        held.release();
        assertThat(CompletableFuture.supplyAsync(lock::tryLock, ownThread())
                        .get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .as("nothing left held by the interrupted thread")
                .isTrue();
    }

    private void assertInterruptedWhileWaiting(JavaLock lock) throws Exception {
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(
                () -> {
                    waiter.set(Thread.currentThread());
                    try {
                        lock.lockInterruptibly();
                        lock.unlock();
                        return null;
                    } catch (InterruptedException e) {
                        return lock.holdCount() == 0 ? e : new AssertionError("holds after the interrupt");
                    }
                },
                ownThread());
        await().until(() -> waiter.get() != null);
        awaitBlocked(waiter);
        waiter.get().interrupt();
        assertThat(outcome.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    default void lockKeepsWaitingWhenInterruptedAndKeepsTheFlag() throws Exception {
        String name = randomLockName();
        LockLease held = newCoordinator().getLock(name).acquire();
        JavaLock lock = newCoordinator().getLock(name).asJavaLock();
        AtomicReference<Thread> waiter = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        CompletableFuture<Void> locked = CompletableFuture.runAsync(
                () -> {
                    waiter.set(Thread.currentThread());
                    lock.lock();
                    flagAfter.set(Thread.interrupted());
                    lock.unlock();
                },
                ownThread());
        await().until(() -> waiter.get() != null);
        awaitBlocked(waiter);
        waiter.get().interrupt();
        assertStaysTrue(() -> !locked.isDone());
        held.release();
        locked.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(flagAfter).as("the interrupt flag restored").isTrue();
    }

    @Test
    default void fencingTokensGrowAcrossHoldsAndALostLeaseStaysHeldUntilUnlock() throws Exception {
        Coordinator c = newCoordinator();
        JavaLock lock = c.getLock(randomLockName()).asJavaLock();
        lock.lock();
        long first = lock.lease().orElseThrow().fencingToken();
        lock.unlock();
        lock.lock();
        LockLease lease = lock.lease().orElseThrow();
        assertThat(lease.fencingToken()).isGreaterThan(first);

        c.stop();
        assertThat(lease.lost().toCompletableFuture().get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .isEqualTo(LossReason.COORDINATOR_STOPPED);
        assertThat(lock.holdCount()).as("held until unlock").isEqualTo(1);
        assertThat(lock.lease()).containsSame(lease);
        lock.unlock();
        assertThat(lock.holdCount()).isZero();
    }

    /** Runs each task on a thread of its own (the common pool may have a single thread, and waits here block it). */
    private static Executor ownThread() {
        return task -> {
            Thread t = new Thread(task, "tck-java-lock");
            t.setDaemon(true);
            t.start();
        };
    }

    /** Waits until {@code t} blocks (in the process or in the driver), or a second passed: then it is surely there. */
    private static void awaitBlocked(AtomicReference<Thread> t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            Thread thread = t.get();
            Thread.State s = thread == null ? Thread.State.NEW : thread.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED) {
                return;
            }
            Thread.sleep(5);
        }
    }
}
