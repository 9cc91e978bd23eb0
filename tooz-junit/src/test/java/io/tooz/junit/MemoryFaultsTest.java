package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each fault on memory://, with a one-second TTL. */
@ToozTest(backend = BackendKind.MEMORY, ttl = "1s")
class MemoryFaultsTest {
    private static final Duration WITHIN = Duration.ofSeconds(5);

    @Test
    void aCutOffHoldersLeaseIsLostAfterTheTtlAndItWorksAgainAfterHeal(
            Coordinator holder, Coordinator other, ToozFaults faults) {
        LockLease lease = holder.getLock("report").acquire(WITHIN);
        holder.joinGroupCreate("workers");
        faults.cutOff(holder);
        assertThatThrownBy(() -> holder.getGroups().get()).isInstanceOf(ToozConnectionException.class);
        assertThat(lost(lease).getNow(null)).as("not before the TTL").isNull();
        await().atMost(WITHIN).until(() -> lost(lease).isDone());
        assertThat(other.getMembers("workers").get()).doesNotContain(holder.memberId());
        try (LockLease taken = other.getLock("report").acquire(WITHIN)) {
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
        }
        faults.heal(holder);
        await().atMost(WITHIN).until(() -> other.getMembers("workers").get().contains(holder.memberId()));
        try (LockLease again = holder.getLock("report").acquire(WITHIN)) {
            assertThat(again.isStillOwner()).isTrue();
        }
    }

    @Test
    void anExpiredSessionLosesItsLeaseAtOnceAndTheCoordinatorCarriesOn(
            Coordinator c, Coordinator other, ToozFaults faults) {
        LockLease lease = c.getLock("job").acquire(WITHIN);
        c.joinGroupCreate("workers");
        long start = System.nanoTime();
        faults.expireSession(c);
        assertThat(lost(lease).join()).isEqualTo(LossReason.SESSION_EXPIRED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        try (LockLease taken = other.getLock("job").acquire(WITHIN)) {
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
        }
        await().atMost(WITHIN).until(() -> other.getMembers("workers").get().contains(c.memberId()));
    }

    @Test
    void pausedHeartbeatsExpireAMembershipAndResumedOnesRejoin(Coordinator c, Coordinator watcher, ToozFaults faults) {
        c.joinGroupCreate("workers");
        faults.pauseHeartbeats(c);
        await().atMost(WITHIN).until(() -> !watcher.getMembers("workers").get().contains(c.memberId()));
        faults.resumeHeartbeats(c);
        await().atMost(WITHIN).until(() -> watcher.getMembers("workers").get().contains(c.memberId()));
    }

    @Test
    void aCoordinatorTheExtensionDidNotCreateCanBeCutOffOnMemory(
            ToozBackend backend, Coordinator other, ToozFaults faults) {
        try (Coordinator own = backend.builder().build()) {
            own.start();
            own.joinGroupCreate("workers");
            faults.cutOff(own);
            await().atMost(WITHIN)
                    .until(() -> !other.getMembers("workers").get().contains(own.memberId()));
            faults.heal(own);
            await().atMost(WITHIN).until(() -> other.getMembers("workers").get().contains(own.memberId()));
        }
    }

    @Test
    void aTestMayEndWithItsCoordinatorStillCutOff(Coordinator c, ToozFaults faults) {
        c.joinGroupCreate("left-cut-off");
        faults.cutOff(c);
        faults.pauseHeartbeats(c);
    }

    private static CompletableFuture<LossReason> lost(LockLease lease) {
        return lease.lost().toCompletableFuture();
    }
}
