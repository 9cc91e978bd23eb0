package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.LockLease;
import io.tooz.LossReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a lease promises beyond exclusion: fencing tokens strictly increase per lock name across holders and
 * coordinators, {@code isStillOwner} tells the truth, and {@code lost()} completes when the lease goes without a
 * release (session expiry, coordinator stop) and never after a normal release.
 *
 * <p>Java additions with no tooz test (tooz has no fencing or loss signal); the expiry case is the lock side of tooz
 * {@code test_timeout}. Uses {@link ContractSupport#kill}, so the driver must expire members (heartbeats) or its
 * fixture must end sessions.
 */
@Needs(features = Feature.LOCKS)
public interface LockLeaseContract extends ContractSupport {

    @Test
    default void fencingTokensStrictlyIncreaseAcrossHoldersAndCoordinators() {
        List<Coordinator> coordinators = List.of(newCoordinator(), newCoordinator(), newCoordinator());
        String name = randomLockName();
        String otherName = randomLockName();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Coordinator c = coordinators.get(i % 3);
            try (LockLease lease = c.getLock(name).acquire()) {
                tokens.add(lease.fencingToken());
            }
            if (i % 2 == 0) {
                coordinators.get((i + 1) % 3).getLock(otherName).acquire().release();
            }
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void isStillOwnerWhileHeldOnly() {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        LockLease lease = c.getLock(name).acquire();
        assertThat(lease.isStillOwner()).isTrue();
        lease.release();
        assertThat(lease.isStillOwner()).isFalse();
        LockLease other = newCoordinator().getLock(name).acquire();
        assertThat(lease.isStillOwner()).as("after someone else acquired").isFalse();
        assertThat(other.isStillOwner()).isTrue();
    }

    @Test
    default void normalReleaseNeverCompletesLost() {
        Coordinator c = newCoordinator();
        LockLease lease = c.getLock(randomLockName()).acquire();
        lease.release();
        c.stop();
        assertStaysTrue(() -> !lease.lost().toCompletableFuture().isDone());
    }

    @Test
    default void stopCompletesLostWithCoordinatorStopped() throws Exception {
        Coordinator c1 = newCoordinator();
        String name = randomLockName();
        LockLease lease = c1.getLock(name).acquire();
        assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
        c1.stop();
        LossReason reason =
                lease.lost().toCompletableFuture().get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reason).isEqualTo(LossReason.COORDINATOR_STOPPED);
        assertThat(newCoordinator().getLock(name).tryAcquire()).isPresent();
    }

    @Test
    default void expiredHolderLosesTheLeaseAndAnotherCoordinatorAcquiresWithAHigherToken() throws Exception {
        HeldLock held = HeldLock.start(this);
        Coordinator c2 = held.other();
        String name = held.name();
        LockLease lease = held.lease();
        assertThat(c2.getLock(name).tryAcquire()).isEmpty();

        kill(held.holder());
        LossReason reason =
                lease.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reason).isIn(LossReason.SESSION_EXPIRED, LossReason.EXPIRED, LossReason.CONNECTION_LOST);

        LockLease[] next = new LockLease[1];
        await(expiryTimeout()).until(() -> {
            Optional<LockLease> got = c2.getLock(name).tryAcquire();
            got.ifPresent(l -> next[0] = l);
            return got.isPresent();
        });
        assertThat(next[0].fencingToken()).isGreaterThan(lease.fencingToken());
        assertThat(lease.isStillOwner()).isFalse();
        assertThat(lease.release()).as("release of a lost lease").isFalse();
        assertThat(next[0].isStillOwner())
                .as("the lost lease's release did not free the new holder")
                .isTrue();
    }

    @Test
    default void blockedWaiterGetsTheLockOfAnExpiredHolder() throws Exception {
        HeldLock held = HeldLock.start(this);
        kill(held.holder());
        LockLease next = held.other().getLock(held.name()).acquire(expiryTimeout());
        assertThat(next.fencingToken()).isGreaterThan(held.lease().fencingToken());
        assertThat(next.release()).isTrue();
    }
}
