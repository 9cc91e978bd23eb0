package io.tooz.tck;

import static io.tooz.tck.SharedGrants.read;
import static io.tooz.tck.SharedGrants.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ReadWriteLock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Breaking a read-write lock ({@link io.tooz.DistributedLock#forceBreak()} of either mode, with {@link
 * Feature#LOCK_BREAK}) removes every grant in both modes: each holder's lease completes {@code lost()} with {@link
 * LossReason#BROKEN}, the lock can be taken again with a higher token, and the broken holders' releases return false
 * without freeing anyone. As {@link LockBreakContract} for locks.
 */
@Needs(features = {Feature.SHARED_LOCKS, Feature.LOCK_BREAK})
public interface ReadWriteLockBreakContract extends SharedLockSupport {

    @Test
    default void breakingEitherModeRemovesEveryHolderAndTellsThem() throws Exception {
        String name = randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        LockLease r1 = read(c1, name, "c1's read");
        LockLease r2 = read(c2, name, "c2's read");
        ReadWriteLock rw = c3.getReadWriteLock(name);
        assertThat(rw.writeLock().tryAcquire())
                .as("a write while two readers hold")
                .isEmpty();

        assertThat(rw.writeLock().forceBreak())
                .as("writeLock().forceBreak() with two readers")
                .isTrue();
        for (LockLease broken : List.of(r1, r2)) {
            assertThat(broken.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the reason lost() gave a broken read")
                    .isEqualTo(LossReason.BROKEN);
        }
        LockLease w = write(c3, name, "a write once the readers were broken");
        assertThat(w.fencingToken()).isGreaterThan(Math.max(r1.fencingToken(), r2.fencingToken()));
        assertThat(r1.release()).as("release by a broken reader").isFalse();
        assertThat(w.isStillOwner())
                .as("the new writer after a broken reader's release")
                .isTrue();

        assertThat(c1.getReadWriteLock(name).readLock().forceBreak())
                .as("readLock().forceBreak() with a writer")
                .isTrue();
        assertThat(w.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .as("the reason lost() gave a broken write")
                .isEqualTo(LossReason.BROKEN);
        LockLease r = read(c2, name, "a read once the writer was broken");
        assertThat(r.fencingToken()).isGreaterThan(w.fencingToken());
        assertThat(w.release()).as("release by the broken writer").isFalse();
        assertThat(r.release()).isTrue();
    }

    @Test
    default void breakingAFreeReadWriteLockReportsNoHolder() {
        Coordinator c = newCoordinator();
        ReadWriteLock rw = c.getReadWriteLock(randomLockName());
        assertThat(rw.writeLock().forceBreak())
                .as("break of a lock never taken")
                .isFalse();
        LockLease lease = rw.readLock().acquire(eventTimeout());
        lease.release();
        assertThat(rw.readLock().forceBreak()).as("break after the release").isFalse();
        assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
    }
}
