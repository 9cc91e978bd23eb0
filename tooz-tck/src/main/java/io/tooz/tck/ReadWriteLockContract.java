package io.tooz.tck;

import static io.tooz.tck.SharedGrants.read;
import static io.tooz.tck.SharedGrants.refused;
import static io.tooz.tck.SharedGrants.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.Feature;
import io.tooz.InvalidNameException;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ReadWriteLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Read-write locks ({@link Coordinator#getReadWriteLock}): readers share across coordinators; a writer excludes
 * readers and writers, its own coordinator's included; a waiting writer is not starved by readers who come after it;
 * grants follow the order of requests; fencing tokens strictly increase per name across both modes; a timed-out or
 * cancelled request leaves nothing that holds others up; releasing twice is harmless; holders hear {@code lost()}
 * when their session expires or their coordinator stops; {@code holder()} names them; names are checked as lock
 * names are; and the lock shares nothing with the lock or the semaphore of the same name.
 *
 * <p>Breaking is in {@link ReadWriteLockBreakContract}, partitions in {@link SharedLockPartitionContract}, several
 * processes in {@link SharedLockProcessContract}. No tooz counterpart: tooz has no read-write lock. A request is
 * known to be queued when the fixture's quiet period has passed without it ending, or, for a writer behind readers,
 * when readers start being refused.
 */
@Needs(features = {Feature.SHARED_LOCKS, Feature.LOCKS})
public interface ReadWriteLockContract extends SharedLockSupport {

    @Test
    default void readersShareAcrossCoordinatorsAndAWriterWaitsForTheLastOne() {
        String name = randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        ReadWriteLock rw = c1.getReadWriteLock(name);
        assertThat(rw.name()).isEqualTo(name);
        assertThat(rw.readLock().name()).isEqualTo(name);
        assertThat(rw.writeLock().name()).isEqualTo(name);
        LockLease r1 = read(c1, name, "c1's read of a free lock");
        assertThat(r1.lockName()).isEqualTo(name);
        LockLease r2 = read(c2, name, "c2's read while c1 reads");
        LockLease r3 = read(c3, name, "c3's read while c1 and c2 read");
        assertThat(List.of(r1.fencingToken(), r2.fencingToken(), r3.fencingToken()))
                .as("the readers' tokens, in grant order")
                .isSorted()
                .doesNotHaveDuplicates();
        DistributedLock write = newCoordinator().getReadWriteLock(name).writeLock();
        assertThat(write.tryAcquire())
                .as("a write while three coordinators read")
                .isEmpty();
        assertThat(r1.release()).isTrue();
        assertThat(r2.release()).isTrue();
        assertThat(write.tryAcquire()).as("a write while one reader is left").isEmpty();
        assertThat(r3.release()).isTrue();
        LockLease w = write.tryAcquire().orElseThrow(() -> new AssertionError("no write once every reader left"));
        assertThat(w.fencingToken()).isGreaterThan(r3.fencingToken());
        assertThat(w.release()).isTrue();
    }

    @Test
    default void aWriterExcludesReadersAndWritersOfEveryCoordinator() {
        String name = randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        ReadWriteLock own = c1.getReadWriteLock(name);
        LockLease w = write(c1, name, "c1's write of a free lock");
        assertThat(c2.getReadWriteLock(name).readLock().tryAcquire())
                .as("another coordinator's read")
                .isEmpty();
        assertThat(c2.getReadWriteLock(name).writeLock().tryAcquire())
                .as("another coordinator's write")
                .isEmpty();
        assertThat(own.readLock().tryAcquire())
                .as("a read of the writer's own coordinator")
                .isEmpty();
        assertThat(own.writeLock().tryAcquire())
                .as("a second write of the writer's coordinator (not re-entrant)")
                .isEmpty();
        assertThat(w.release()).isTrue();
        LockLease r = read(c2, name, "a read once the writer left");
        assertThat(own.writeLock().tryAcquire()).as("a write while c2 reads").isEmpty();
        assertThat(r.release()).isTrue();
    }

    @Test
    default void aWaitingWriterIsNotStarvedByReadersWhoComeAfterIt() {
        String name = randomLockName();
        Coordinator a = newCoordinator();
        Coordinator w = newCoordinator();
        Coordinator b = newCoordinator();
        LockLease readA = read(a, name, "A's read");
        Waiter writer = Waiter.start(
                "W's write, asked while A reads",
                () -> w.getReadWriteLock(name).writeLock().acquire(backgroundAcquireTimeout()));
        DistributedLock readB = b.getReadWriteLock(name).readLock();
        await().alias("B's reads are refused once W waits behind A's read (else readers starve writers)")
                .until(() -> refused(readB));
        Waiter.assertNoneEnded(writer);
        Waiter reader = Waiter.start("B's read, asked while W waits", () -> readB.acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, writer, reader);

        assertThat(readA.release()).isTrue();
        LockLease write = writer.granted(sharedHandOverTimeout());
        Waiter.assertNoneEnded(reader);
        assertThat(write.release()).isTrue();
        LockLease readLater = reader.granted(sharedHandOverTimeout());
        assertThat(List.of(readA.fencingToken(), write.fencingToken(), readLater.fencingToken()))
                .as("the tokens of A's read, W's write and B's read")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(readLater.release()).isTrue();
    }

    @Test
    default void grantsFollowTheOrderOfRequests() {
        String name = randomLockName();
        LockLease held = write(newCoordinator(), name, "H's write");
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        Waiter first = Waiter.start(
                "c1's read, asked first",
                () -> c1.getReadWriteLock(name).readLock().acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, first);
        Waiter second = Waiter.start(
                "c2's write, asked second",
                () -> c2.getReadWriteLock(name).writeLock().acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, first, second);
        Waiter third = Waiter.start(
                "c3's write, asked third",
                () -> c3.getReadWriteLock(name).writeLock().acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, first, second, third);

        assertThat(held.release()).isTrue();
        LockLease l1 = first.granted(sharedHandOverTimeout());
        Waiter.assertNoneEnded(second, third);
        assertThat(l1.release()).isTrue();
        LockLease l2 = second.granted(sharedHandOverTimeout());
        Waiter.assertNoneEnded(third);
        assertThat(l2.release()).isTrue();
        LockLease l3 = third.granted(sharedHandOverTimeout());
        assertThat(List.of(held.fencingToken(), l1.fencingToken(), l2.fencingToken(), l3.fencingToken()))
                .as("the tokens of H, c1, c2 and c3")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(l3.release()).isTrue();
    }

    @Test
    default void fencingTokensStrictlyIncreaseAcrossBothModesAndCoordinators() {
        List<Coordinator> coordinators = List.of(newCoordinator(), newCoordinator(), newCoordinator());
        String name = randomLockName();
        String otherName = randomLockName();
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ReadWriteLock rw = coordinators.get(i % 3).getReadWriteLock(name);
            try (LockLease lease = (i % 2 == 0 ? rw.readLock() : rw.writeLock()).acquire(eventTimeout())) {
                tokens.add(lease.fencingToken());
            }
            if (i % 3 == 0) {
                coordinators.get((i + 1) % 3).getLock(otherName).acquire().release();
                coordinators
                        .get((i + 2) % 3)
                        .getReadWriteLock(otherName)
                        .writeLock()
                        .acquire(eventTimeout())
                        .release();
            }
        }
        LockLease r1 = read(coordinators.get(0), name, "a first read");
        LockLease r2 = read(coordinators.get(1), name, "a second read with it");
        tokens.add(r1.fencingToken());
        tokens.add(r2.fencingToken());
        r1.release();
        r2.release();
        try (LockLease w = write(coordinators.get(2), name, "a write after them")) {
            tokens.add(w.fencingToken());
        }
        assertThat(tokens).as("tokens in grant order").isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void aTimedOutRequestFailsNamingTheLockAndLeavesNothingBehind() {
        String name = randomLockName();
        Coordinator holder = newCoordinator();
        Coordinator other = newCoordinator();
        Coordinator third = newCoordinator();
        LockLease read = read(holder, name, "the holder's read");
        DistributedLock write = other.getReadWriteLock(name).writeLock();
        assertThat(write.tryAcquire()).as("a write while a reader holds").isEmpty();
        Duration timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> write.acquire(timeout))
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining(name)
                .extracting(e -> ((LockAcquireFailedException) e).lockName())
                .isEqualTo(name);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waited about the timeout")
                .isGreaterThanOrEqualTo(timeout.minusMillis(50));
        read(third, name, "a read after the writer gave up (nothing may queue it behind that writer)")
                .release();

        assertThat(read.release()).isTrue();
        LockLease w = write(other, name, "a write once the reader left");
        DistributedLock lateRead = third.getReadWriteLock(name).readLock();
        assertThat(lateRead.tryAcquire()).as("a read while a writer holds").isEmpty();
        assertThatThrownBy(() -> lateRead.acquire(timeout))
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining(name);
        assertThat(w.release()).isTrue();
        write(holder, name, "a write once the writer left and the reader gave up")
                .release();
    }

    @Test
    default void releasingTwiceIsHarmlessInEitherMode() {
        String name = randomLockName();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        Coordinator c = newCoordinator();
        LockLease ra = read(a, name, "A's read");
        LockLease rb = read(b, name, "B's read");
        assertThat(ra.release()).isTrue();
        assertThat(ra.release()).as("a second release").isFalse();
        ra.close();
        assertThat(rb.isStillOwner()).as("B's read once A released twice").isTrue();
        assertThat(c.getReadWriteLock(name).writeLock().tryAcquire())
                .as("a write while B still reads")
                .isEmpty();
        assertThat(rb.release()).isTrue();
        LockLease w = write(c, name, "a write once both readers left");
        assertThat(w.release()).isTrue();
        assertThat(w.release()).as("a second release of the write").isFalse();
        w.close();
        assertThat(List.of(ra.lost(), rb.lost(), w.lost()))
                .as("lost() of released leases")
                .noneMatch(l -> l.toCompletableFuture().isDone());
        write(a, name, "a write after all that").release();
    }

    @Test
    default void anExpiredHolderLosesItsReadAndItsWriteToWaitingCoordinators() throws Exception {
        Coordinator x = newCoordinator();
        Coordinator y = newCoordinator();
        String readName = randomLockName();
        String writeName = randomLockName();
        LockLease read = read(x, readName, "X's read");
        LockLease write = write(x, writeName, "X's write");
        Duration wait = expiryTimeout().plus(eventTimeout());
        Waiter writer = Waiter.start(
                "Y's write, behind X's read",
                () -> y.getReadWriteLock(readName).writeLock().acquire(wait));
        Waiter reader = Waiter.start(
                "Y's read, behind X's write",
                () -> y.getReadWriteLock(writeName).readLock().acquire(wait));

        kill(x);
        for (LockLease lost : List.of(read, write)) {
            assertThat(lost.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the reason lost() gave for X's lease of %s", lost.lockName())
                    .isIn(LossReason.SESSION_EXPIRED, LossReason.EXPIRED, LossReason.CONNECTION_LOST);
        }
        LockLease w = writer.granted(expiryTimeout());
        LockLease r = reader.granted(expiryTimeout());
        assertThat(w.fencingToken()).isGreaterThan(read.fencingToken());
        assertThat(r.fencingToken()).isGreaterThan(write.fencingToken());
        assertThat(read.release()).as("release of the lost read").isFalse();
        assertThat(write.release()).as("release of the lost write").isFalse();
        assertThat(w.isStillOwner())
                .as("Y's write after the lost read's release")
                .isTrue();
        assertThat(r.isStillOwner())
                .as("Y's read after the lost write's release")
                .isTrue();
        assertThat(w.release()).isTrue();
        assertThat(r.release()).isTrue();
    }

    @Test
    default void stopReleasesBothModesAndTellsTheHolder() throws Exception {
        Coordinator x = newCoordinator();
        Coordinator y = newCoordinator();
        String readName = randomLockName();
        String writeName = randomLockName();
        LockLease read = read(x, readName, "X's read");
        LockLease write = write(x, writeName, "X's write");
        x.stop();
        for (LockLease lost : List.of(read, write)) {
            assertThat(lost.lost().toCompletableFuture().get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the reason lost() gave for X's lease of %s", lost.lockName())
                    .isEqualTo(LossReason.COORDINATOR_STOPPED);
        }
        LockLease w = write(y, readName, "a write once the stopped reader is gone");
        LockLease r = read(y, writeName, "a read once the stopped writer is gone");
        assertThat(w.fencingToken()).isGreaterThan(read.fencingToken());
        assertThat(r.fencingToken()).isGreaterThan(write.fencingToken());
        assertThat(read.release()).as("release after stop").isFalse();
        w.release();
        r.release();
    }

    @Test
    default void holderNamesTheOldestReaderOrTheWriter() {
        String name = randomLockName();
        Coordinator a = newCoordinator();
        Coordinator b = newCoordinator();
        Coordinator w = newCoordinator();
        ReadWriteLock seen = newCoordinator().getReadWriteLock(name);
        assertThat(seen.readLock().holder()).as("read holder of a free lock").isEmpty();
        assertThat(seen.writeLock().holder()).as("write holder of a free lock").isEmpty();
        LockLease ra = read(a, name, "A's read");
        LockLease rb = read(b, name, "B's read");
        assertThat(seen.readLock().holder())
                .as("read holder while A and B read")
                .contains(a.memberId());
        assertThat(b.getReadWriteLock(name).readLock().holder())
                .as("read holder, asked by B")
                .contains(a.memberId());
        assertThat(seen.writeLock().holder())
                .as("write holder while only readers hold")
                .isEmpty();
        ra.release();
        rb.release();
        LockLease lw = write(w, name, "W's write");
        assertThat(seen.writeLock().holder()).as("write holder while W writes").contains(w.memberId());
        assertThat(seen.readLock().holder()).as("read holder while W writes").isEmpty();
        lw.release();
        assertThat(seen.writeLock().holder()).as("write holder once released").isEmpty();
    }

    @Test
    default void cancellingAWaitingAsynchronousWriteLetsInTheReadersItHeldUp() {
        String name = randomLockName();
        Coordinator a = newCoordinator();
        Coordinator w = newCoordinator();
        Coordinator b = newCoordinator();
        LockLease readA = read(a, name, "A's read");
        CompletableFuture<LockLease> write = w.getReadWriteLock(name)
                .writeLock()
                .acquireAsync(backgroundAcquireTimeout())
                .toCompletableFuture();
        DistributedLock readB = b.getReadWriteLock(name).readLock();
        await().alias("B's reads are refused once W's asynchronous write waits behind A's read")
                .until(() -> refused(readB));
        assertThat(write).as("W's asynchronous write while A reads").isNotDone();

        assertThat(write.cancel(true)).as("cancel() of the waiting write").isTrue();
        AtomicReference<LockLease> readIn = new AtomicReference<>();
        await(sharedHandOverTimeout())
                .alias("B's read is granted once W's waiting write is cancelled (its request withdrawn)")
                .until(() -> {
                    readB.tryAcquire().ifPresent(readIn::set);
                    return readIn.get() != null;
                });
        assertThat(readIn.get().fencingToken()).isGreaterThan(readA.fencingToken());
        assertThat(readA.release()).isTrue();
        assertThat(readIn.get().release()).isTrue();
        write(b, name, "a write once the readers left (the cancelled one must hold nothing)")
                .release();
    }

    @Test
    default void sharesNothingWithTheLockOrTheSemaphoreOfTheSameName() {
        String name = randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        LockLease lock = c1.getLock(name).tryAcquire().orElseThrow(() -> new AssertionError("no lock " + name));
        LockLease write = write(c2, name, "a write of the read-write lock named like a held lock");
        LockLease permit = SharedGrants.permit(c3, name, 1, "the permit of a semaphore named like a held lock");
        assertThat(c3.getLock(name).tryAcquire()).as("the lock, still held").isEmpty();
        assertThat(c1.getReadWriteLock(name).readLock().tryAcquire())
                .as("a read, the write still held")
                .isEmpty();
        assertThat(c1.getSemaphore(name, 1).tryAcquire())
                .as("a second permit of one")
                .isEmpty();
        assertThat(List.of(lock.release(), write.release(), permit.release())).containsOnly(true);
    }

    @Test
    default void emptyOrOverlongNamesAreRejectedAsLockNamesAre() {
        Coordinator c = newCoordinator();
        String tooLong = "l".repeat(254) + "é"; // 256 UTF-8 bytes
        assertThatThrownBy(() -> c.getReadWriteLock("").readLock().tryAcquire())
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> c.getReadWriteLock("").writeLock().tryAcquire())
                .isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> c.getReadWriteLock(tooLong).readLock().tryAcquire())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(tooLong.substring(0, 32));
        assertThatThrownBy(() -> c.getReadWriteLock(tooLong).writeLock().tryAcquire())
                .isInstanceOf(InvalidNameException.class);
    }
}
