package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.Feature;
import io.tooz.LockLease;
import io.tooz.LossReason;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Breaking a lock held by someone else ({@link io.tooz.Feature#LOCK_BREAK}): the holder's lease completes {@code
 * lost()} with {@link LossReason#BROKEN}, another coordinator can acquire, and the old holder's release returns false
 * without freeing the new holder.
 *
 * <p>Ports tooz {@code test_get_lock_release_broken} (§4.6).
 */
@Needs(features = Feature.LOCK_BREAK)
public interface LockBreakContract extends ContractSupport {

    @Test
    default void brokenLockCanBeTakenAndOldHolderLearnsOfIt() throws Exception {
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        String name = randomLockName();
        LockLease lease = c1.getLock(name).acquire();
        DistributedLock lock2 = c2.getLock(name);
        assertThat(lock2.tryAcquire()).isEmpty();

        assertThat(lock2.forceBreak()).isTrue();
        LossReason reason =
                lease.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(reason).isEqualTo(LossReason.BROKEN);

        Optional<LockLease> taken = lock2.tryAcquire();
        assertThat(taken).isPresent();
        assertThat(taken.get().fencingToken()).isGreaterThan(lease.fencingToken());
        assertThat(lease.release()).as("release by the broken holder").isFalse();
        assertThat(c3.getLock(name).tryAcquire()).as("still held by c2").isEmpty();
        assertThat(taken.get().isStillOwner()).isTrue();
    }

    @Test
    default void breakingAFreeLockReportsNoHolder() {
        Coordinator c = newCoordinator();
        DistributedLock lock = c.getLock(randomLockName());
        assertThat(lock.forceBreak()).isFalse();
        LockLease lease = lock.acquire();
        lease.release();
        assertThat(lock.forceBreak()).as("after release").isFalse();
        assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
    }
}
