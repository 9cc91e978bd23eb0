package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.junit.BackendKind;
import io.tooz.junit.ToozBackend;
import io.tooz.junit.ToozFaults;
import io.tooz.junit.ToozTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * tooz-junit's extension on its embedded ZooKeeper (here, as tooz-junit cannot depend on this driver): injection in a
 * namespace of the class, and each fault with a two-second session timeout.
 */
@ToozTest(backend = BackendKind.EMBEDDED_ZOOKEEPER, ttl = "2s")
class ToozExtensionOnZooKeeperTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @Test
    void coordinatorsMeetInTheClasssNamespaceAndNothingOutsideSeesIt(
            Coordinator a, Coordinator b, ToozBackend backend) {
        assertThat(backend.url()).startsWith("zookeeper://127.0.0.1:");
        assertThat(backend.namespace()).isPresent();
        assertThat(backend.options())
                .containsEntry("namespace", backend.namespace().get());
        a.joinGroupCreate("workers");
        b.joinGroup("workers").get();
        assertThat(b.getMembers("workers").get()).containsExactlyInAnyOrder(a.memberId(), b.memberId());
        try (Coordinator outside =
                Coordinator.builder(backend.url()).option("timeout", 2).build()) {
            outside.start();
            assertThat(outside.getGroups().get()).doesNotContain("workers");
        }
    }

    @Test
    void aCutOffHoldersLeaseIsLostAfterTheSessionTimeoutAndItWorksAgainAfterHeal(
            Coordinator holder, Coordinator other, ToozFaults faults) {
        LockLease lease = holder.getLock("report").acquire(WITHIN);
        holder.joinGroupCreate("workers");
        faults.cutOff(holder);
        await().atMost(WITHIN).until(() -> lost(lease).isDone());
        try (LockLease taken = other.getLock("report").acquire(WITHIN)) {
            assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
        }
        assertThat(other.getMembers("workers").get()).doesNotContain(holder.memberId());
        faults.heal(holder);
        await().atMost(WITHIN)
                .ignoreExceptions()
                .until(() -> other.getMembers("workers").get().contains(holder.memberId()));
        try (LockLease again = holder.getLock("report").acquire(WITHIN)) {
            assertThat(again.isStillOwner()).isTrue();
        }
    }

    @Test
    void anExpiredSessionLosesItsLeaseAndTheCoordinatorCarriesOn(Coordinator c, Coordinator other, ToozFaults faults) {
        LockLease lease = c.getLock("job").acquire(WITHIN);
        c.joinGroupCreate("workers");
        faults.expireSession(c);
        try (LockLease taken = other.getLock("job").acquire(Duration.ofSeconds(1))) {
            assertThat(taken.fencingToken()).as("the server freed it at once").isGreaterThan(lease.fencingToken());
        }
        // the coordinator learns it at its next ping, as the loss of its connection or of its session
        assertThat(lost(lease)
                        .orTimeout(WITHIN.toMillis(), TimeUnit.MILLISECONDS)
                        .join())
                .isIn(LossReason.CONNECTION_LOST, LossReason.SESSION_EXPIRED);
        await().atMost(WITHIN)
                .ignoreExceptions()
                .until(() -> other.getMembers("workers").get().contains(c.memberId()));
    }

    @Test
    void pausedHeartbeatsExpireAMembershipAndResumedOnesRejoin(Coordinator c, Coordinator watcher, ToozFaults faults) {
        c.joinGroupCreate("workers");
        faults.pauseHeartbeats(c);
        await().atMost(WITHIN).until(() -> !watcher.getMembers("workers").get().contains(c.memberId()));
        faults.resumeHeartbeats(c);
        await().atMost(WITHIN)
                .ignoreExceptions()
                .until(() -> watcher.getMembers("workers").get().contains(c.memberId()));
    }

    private static CompletableFuture<LossReason> lost(LockLease lease) {
        return lease.lost().toCompletableFuture();
    }
}
