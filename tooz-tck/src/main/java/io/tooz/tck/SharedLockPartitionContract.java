package io.tooz.tck;

import static io.tooz.tck.PartitionChecks.assertEndedInTime;
import static io.tooz.tck.PartitionChecks.assertToldFirst;
import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.junit.BlackHoleProxy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A network partition (a {@link BlackHoleProxy} that closes no socket) cutting off the writer of a read-write lock
 * and the holder of a one-permit semaphore: each lease's {@code lost()} completes strictly before another member's
 * waiting {@code acquire} of the same primitive returns, which must happen within 3 × TTL + {@link #eventTimeout()},
 * with a higher fencing token. Within event timeout + TTL after the heal the cut-off coordinator writes and takes
 * permits again; releasing its lost leases returns {@code false} and leaves the new holders in place; once they
 * release, it takes both primitives back at once. The same bounds as {@link PartitionContract}'s lock holder, with
 * both primitives in one partition to keep the suite short.
 */
@Needs(features = Feature.SHARED_LOCKS, offers = Offer.PROXY)
public interface SharedLockPartitionContract extends ProxySupport {

    @Test
    default void aPartitionedWriterAndPermitHolderAreToldBeforeAnotherMemberIsGranted() {
        BlackHoleProxy proxy = newProxy();
        Coordinator holder = newCoordinatorVia(proxy);
        Coordinator other = newCoordinator();
        String rwName = randomLockName();
        String semName = randomLockName();
        LockLease write = holder.getReadWriteLock(rwName).writeLock().acquire(eventTimeout());
        LockLease permit = holder.getSemaphore(semName, 1).acquire(eventTimeout());
        CompletableFuture<TimedCall<LossReason>> writeLost = TimedCall.of(write.lost());
        CompletableFuture<TimedCall<LossReason>> permitLost = TimedCall.of(permit.lost());
        Duration handOver = ttl().multipliedBy(3).plus(eventTimeout());
        Duration wait = handOver.plus(eventTimeout());
        CompletableFuture<TimedCall<LockLease>> writeTaken = TimedCall.start(
                "tck-partition-writer",
                () -> other.getReadWriteLock(rwName).writeLock().acquire(wait));
        CompletableFuture<TimedCall<LockLease>> permitTaken = TimedCall.start(
                "tck-partition-permit", () -> other.getSemaphore(semName, 1).acquire(wait));
        assertThat(List.of(writeLost, permitLost))
                .as("lost() completed before the partition")
                .noneMatch(CompletableFuture::isDone);

        long partitionedAt = System.nanoTime();
        proxy.partition();
        TimedCall<LockLease> writeTake = TimedCall.await(writeTaken, handOver, "the other member's write of " + rwName);
        TimedCall<LockLease> permitTake = TimedCall.await(
                permitTaken,
                handOver.minusNanos(System.nanoTime() - partitionedAt),
                "the other member's acquire of semaphore " + semName);
        LockLease nextWrite = writeTake.valueOrFail("the other member's write of " + rwName);
        LockLease nextPermit = permitTake.valueOrFail("the other member's acquire of semaphore " + semName);
        TimedCall<LossReason> writeLoss = TimedCall.within(writeLost, fixture().quietPeriod());
        TimedCall<LossReason> permitLoss =
                TimedCall.within(permitLost, fixture().quietPeriod());
        assertToldFirst(writeLoss, writeTake, partitionedAt, "the write lease's lost()", "the other member wrote");
        assertToldFirst(
                permitLoss, permitTake, partitionedAt, "the permit's lost()", "the other member got the permit");
        assertThat(List.of(writeLoss.value(), permitLoss.value()))
                .as("the reasons lost() gave")
                .allMatch(r ->
                        r == LossReason.CONNECTION_LOST || r == LossReason.SESSION_EXPIRED || r == LossReason.EXPIRED);
        assertThat(nextWrite.fencingToken()).isGreaterThan(write.fencingToken());
        assertThat(nextPermit.fencingToken()).isGreaterThan(permit.fencingToken());

        proxy.heal();
        long healedAt = System.nanoTime();
        String rwElse = randomLockName();
        String semElse = randomLockName();
        Callable<Boolean> usable = () -> holder.getReadWriteLock(rwElse)
                        .writeLock()
                        .tryAcquire()
                        .map(LockLease::release)
                        .orElse(false)
                && holder.getSemaphore(semElse, 1)
                        .tryAcquire()
                        .map(LockLease::release)
                        .orElse(false);
        PartitionChecks.awaitAfter(
                this,
                healedAt,
                eventTimeout().plus(ttl()),
                "the healed holder writes a read-write lock and takes a semaphore's permit",
                usable);
        assertThat(write.release())
                .as("release() of the write lost in the partition")
                .isFalse();
        assertThat(permit.release())
                .as("release() of the permit lost in the partition")
                .isFalse();
        assertThat(nextWrite.isStillOwner())
                .as("the new writer after the old writer's release()")
                .isTrue();
        assertThat(nextPermit.isStillOwner())
                .as("the new permit holder after the old holder's release()")
                .isTrue();
        assertThat(List.of(nextWrite.release(), nextPermit.release())).containsOnly(true);
        SharedGrants.write(holder, rwName, "the healed holder's write of the lock it lost")
                .release();
        SharedGrants.permit(holder, semName, 1, "the healed holder's permit of the semaphore it lost")
                .release();
    }

    /**
     * During a partition (the server, as the coordinator sees it, hung: connected and silent) a read lock's, a write
     * lock's and a semaphore's {@code acquire}, and {@code availablePermits()}, each end with a {@link
     * io.tooz.ToozException} within {@link #operationTimeout()} (two seconds allowed on top), however long the caller
     * was ready to wait; after the heal they work again.
     */
    @Test
    default void sharedLockOperationsEndWithinTheirTimeoutDuringAPartition() {
        BlackHoleProxy proxy = newProxy();
        Coordinator c = newCoordinatorVia(proxy);
        String rwName = randomLockName();
        String semName = randomLockName();
        c.getSemaphore(semName, 2).acquire(eventTimeout()).release();
        Duration bound = operationTimeout().plusSeconds(2);
        Duration callerWait = bound.multipliedBy(2);

        proxy.partition();
        Map<String, Supplier<Object>> calls = new LinkedHashMap<>();
        calls.put(
                "readLock().acquire(1 s) of " + rwName,
                () -> c.getReadWriteLock(rwName).readLock().acquire(Duration.ofSeconds(1)));
        calls.put(
                "writeLock().acquire(1 s) of " + rwName,
                () -> c.getReadWriteLock(rwName).writeLock().acquire(Duration.ofSeconds(1)));
        calls.put("acquire(1 s) of semaphore " + semName, () -> c.getSemaphore(semName, 2)
                .acquire(Duration.ofSeconds(1)));
        calls.put("availablePermits() of semaphore " + semName, () -> c.getSemaphore(semName, 2)
                .availablePermits());
        Map<String, CompletableFuture<TimedCall<Object>>> started = new LinkedHashMap<>(); // all at once
        calls.forEach((what, call) -> started.put(what, TimedCall.start("tck-partition-shared", call)));
        started.forEach((what, call) -> {
            String during = what + " during a partition";
            assertEndedInTime(
                    TimedCall.await(call, callerWait.plus(bound), during), bound, during, ToozException.class);
        });

        proxy.heal();
        PartitionChecks.awaitAfter(
                this,
                System.nanoTime(),
                recoveryAfterHeal(),
                "a read lock and a permit after the heal",
                () -> c.getReadWriteLock(rwName)
                                .readLock()
                                .tryAcquire()
                                .map(LockLease::release)
                                .orElse(false)
                        && c.getSemaphore(semName, 2).availablePermits() == 2);
    }

    /** How long after a heal the shared primitives must work again: event timeout + TTL. */
    private Duration recoveryAfterHeal() {
        return eventTimeout().plus(ttl());
    }
}
