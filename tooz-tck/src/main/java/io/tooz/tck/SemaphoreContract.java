package io.tooz.tck;

import static io.tooz.tck.SharedGrants.permit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.DistributedSemaphore;
import io.tooz.Feature;
import io.tooz.InvalidNameException;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Counting semaphores ({@link Coordinator#getSemaphore}): at most {@code permits} leases at once across coordinators
 * (a coordinator may hold several); waiters are granted freed permits in the order they asked; {@code
 * availablePermits()} counts the permits nobody holds or waits for; coordinators that disagree on the number of
 * permits get a {@link ToozConfigurationException} naming both numbers, and the failed request leaves nothing
 * behind; fencing tokens strictly increase; an expired holder hears {@code lost()} and its permit goes to a waiter;
 * {@code acquireAsync} completes when a permit frees, fails at its timeout, and once cancelled gives its place up.
 *
 * <p>Partitions are in {@link SharedLockPartitionContract}, several processes in {@link SharedLockProcessContract}.
 * No tooz counterpart: tooz has no semaphore. A request is known to be queued when the fixture's quiet period has
 * passed without it ending.
 */
@Needs(features = Feature.SHARED_LOCKS)
public interface SemaphoreContract extends SharedLockSupport {

    @Test
    default void atMostPermitsLeasesAreHeldAcrossCoordinators() {
        String name = randomLockName();
        Coordinator c1 = newCoordinator();
        Coordinator c2 = newCoordinator();
        Coordinator c3 = newCoordinator();
        DistributedSemaphore s1 = c1.getSemaphore(name, 2);
        assertThat(s1.name()).isEqualTo(name);
        assertThat(s1.permits()).isEqualTo(2);
        LockLease p1 = permit(c1, name, 2, "c1's permit of a free semaphore");
        assertThat(p1.lockName()).isEqualTo(name);
        LockLease p2 = permit(c2, name, 2, "c2's permit, the second of two");
        assertThat(c3.getSemaphore(name, 2).tryAcquire())
                .as("a third permit of two")
                .isEmpty();
        assertThat(s1.tryAcquire()).as("a third permit of two, for a holder").isEmpty();
        assertThat(p1.release()).isTrue();
        LockLease p3 = permit(c3, name, 2, "c3's permit once c1 released");
        assertThat(c1.getSemaphore(name, 2).tryAcquire())
                .as("a permit while c2 and c3 hold")
                .isEmpty();
        assertThat(p2.release()).isTrue();
        assertThat(p3.release()).isTrue();

        LockLease own1 = permit(c1, name, 2, "c1's first of two permits");
        LockLease own2 = permit(c1, name, 2, "c1's second of two permits (a coordinator may hold several)");
        assertThat(c2.getSemaphore(name, 2).tryAcquire())
                .as("a permit while c1 holds both")
                .isEmpty();
        assertThat(List.of(own1.release(), own2.release())).containsOnly(true);
    }

    @Test
    default void waitersAreGrantedFreedPermitsInTheOrderTheyAsked() {
        String name = randomLockName();
        LockLease p1 = permit(newCoordinator(), name, 2, "the first holder's permit");
        LockLease p2 = permit(newCoordinator(), name, 2, "the second holder's permit");
        Coordinator c3 = newCoordinator();
        Coordinator c4 = newCoordinator();
        Waiter first = Waiter.start(
                "c3's acquire, asked first", () -> c3.getSemaphore(name, 2).acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, first);
        Waiter second = Waiter.start(
                "c4's acquire, asked second", () -> c4.getSemaphore(name, 2).acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, first, second);

        assertThat(p1.release()).isTrue();
        LockLease l3 = first.granted(sharedHandOverTimeout());
        Waiter.assertNoneEnded(second);
        assertThat(p2.release()).isTrue();
        LockLease l4 = second.granted(sharedHandOverTimeout());
        assertThat(List.of(p1.fencingToken(), p2.fencingToken(), l3.fencingToken(), l4.fencingToken()))
                .as("the tokens of both holders and both waiters")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(List.of(l3.release(), l4.release())).containsOnly(true);
    }

    @Test
    default void availablePermitsCountsAndATimedOutRequestLeavesNothingBehind() {
        String name = randomLockName();
        DistributedSemaphore s = newCoordinator().getSemaphore(name, 3);
        Coordinator other = newCoordinator();
        assertThat(s.availablePermits()).as("permits of a new semaphore").isEqualTo(3);
        LockLease p1 = permit(other, name, 3, "a first permit");
        assertThat(s.availablePermits()).as("with one held").isEqualTo(2);
        LockLease p2 = permit(other, name, 3, "a second permit");
        LockLease p3 = permit(other, name, 3, "a third permit");
        assertThat(s.availablePermits()).as("with all three held").isZero();

        Duration timeout = Duration.ofMillis(300);
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.acquire(timeout))
                .isInstanceOf(LockAcquireFailedException.class)
                .hasMessageContaining(name)
                .extracting(e -> ((LockAcquireFailedException) e).lockName())
                .isEqualTo(name);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("waited about the timeout")
                .isGreaterThanOrEqualTo(timeout.minusMillis(50));
        assertThat(s.tryAcquire()).as("tryAcquire() with all three held").isEmpty();
        assertThat(s.availablePermits()).as("after a timed-out request").isZero();
        assertThat(p1.release()).isTrue();
        assertThat(s.availablePermits()).as("once one was released").isEqualTo(1);
        LockLease next = permit(other, name, 3, "the released permit (the timed-out request must not queue for it)");
        assertThat(List.of(next.release(), p2.release(), p3.release())).containsOnly(true);
        assertThat(s.availablePermits()).as("once all were released").isEqualTo(3);
    }

    @Test
    default void coordinatorsThatDisagreeOnPermitsGetAnErrorNamingBothNumbers() {
        String name = randomLockName();
        Coordinator seven = newCoordinator();
        Coordinator thirteen = newCoordinator();
        List<LockLease> held = new ArrayList<>();
        held.add(permit(seven, name, 7, "a permit of seven"));
        DistributedSemaphore wrong = thirteen.getSemaphore(name, 13);
        assertThatThrownBy(wrong::tryAcquire)
                .as("tryAcquire() with 13 permits while a holder said 7")
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageMatching("(?s).*\\b7\\b.*")
                .hasMessageMatching("(?s).*\\b13\\b.*");
        assertThatThrownBy(() -> wrong.acquire(Duration.ofMillis(500)))
                .as("acquire() with 13 permits while a holder said 7")
                .isInstanceOf(ToozConfigurationException.class);

        for (int i = 1; i < 7; i++) {
            held.add(permit(seven, name, 7, "permit " + (i + 1) + " of seven, after the refused requests"));
        }
        assertThat(seven.getSemaphore(name, 7).tryAcquire())
                .as("an eighth permit of seven")
                .isEmpty();
        long start = System.nanoTime();
        assertThatThrownBy(() -> wrong.acquire(eventTimeout()))
                .as("acquire() with 13 permits while seven holders said 7")
                .isInstanceOf(ToozConfigurationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("how long the refused acquire() took; it must not wait for a permit")
                .isLessThan(eventTimeout());
        held.forEach(LockLease::release);

        LockLease other = permit(thirteen, name, 13, "a permit of 13 once nobody uses the name");
        assertThatThrownBy(() -> seven.getSemaphore(name, 7).tryAcquire())
                .as("tryAcquire() with 7 permits while a holder said 13")
                .isInstanceOf(ToozConfigurationException.class);
        assertThat(other.release()).isTrue();
    }

    @Test
    default void permitsMustBePositiveAndNamesAreCheckedAsLockNamesAre() {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        assertThatThrownBy(() -> c.getSemaphore(name, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.getSemaphore(name, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.getSemaphore("", 1).tryAcquire()).isInstanceOf(InvalidNameException.class);
        String tooLong = "l".repeat(254) + "é"; // 256 UTF-8 bytes
        assertThatThrownBy(() -> c.getSemaphore(tooLong, 1).tryAcquire())
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining(tooLong.substring(0, 32));
    }

    @Test
    default void permitTokensStrictlyIncreaseAcrossHoldersAndCoordinators() {
        List<Coordinator> coordinators = List.of(newCoordinator(), newCoordinator(), newCoordinator());
        String name = randomLockName();
        String otherName = randomLockName();
        List<Long> tokens = new ArrayList<>();
        LockLease kept = permit(coordinators.get(0), name, 2, "a permit kept throughout");
        tokens.add(kept.fencingToken());
        for (int i = 0; i < 6; i++) {
            try (LockLease lease = coordinators.get(i % 3).getSemaphore(name, 2).acquire(eventTimeout())) {
                tokens.add(lease.fencingToken());
            }
            if (i % 2 == 0) {
                coordinators
                        .get((i + 1) % 3)
                        .getSemaphore(otherName, 2)
                        .acquire(eventTimeout())
                        .release();
            }
        }
        kept.release();
        assertThat(tokens).as("tokens in grant order").isSorted().doesNotHaveDuplicates();
    }

    @Test
    default void anExpiredHolderLosesItsPermitToAWaiter() throws Exception {
        String name = randomLockName();
        Coordinator x = newCoordinator();
        LockLease lost = permit(x, name, 2, "X's permit");
        LockLease kept = permit(newCoordinator(), name, 2, "Y's permit");
        Coordinator z = newCoordinator();
        Waiter waiter = Waiter.start("Z's acquire, behind X and Y", () -> z.getSemaphore(name, 2)
                .acquire(expiryTimeout().plus(eventTimeout())));

        kill(x);
        assertThat(lost.lost().toCompletableFuture().get(expiryTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .as("the reason lost() gave X")
                .isIn(LossReason.SESSION_EXPIRED, LossReason.EXPIRED, LossReason.CONNECTION_LOST);
        LockLease freed = waiter.granted(expiryTimeout());
        assertThat(freed.fencingToken()).isGreaterThan(lost.fencingToken());
        assertThat(lost.release()).as("release of the lost permit").isFalse();
        assertThat(kept.isStillOwner()).as("Y's permit").isTrue();
        assertThat(freed.isStillOwner()).as("Z's permit after X's release").isTrue();
        assertThat(kept.lost().toCompletableFuture().isDone())
                .as("lost() of Y's permit")
                .isFalse();
        assertThat(List.of(kept.release(), freed.release())).containsOnly(true);
    }

    @Test
    default void acquireAsyncCompletesWhenAPermitFreesAndFailsAtItsTimeout() throws Exception {
        String name = randomLockName();
        LockLease held = permit(newCoordinator(), name, 1, "the holder's permit");
        DistributedSemaphore s = newCoordinator().getSemaphore(name, 1);
        CompletableFuture<LockLease> waiting =
                s.acquireAsync(backgroundAcquireTimeout()).toCompletableFuture();
        assertStaysTrue(() -> !waiting.isDone());
        assertThat(held.release()).isTrue();
        LockLease granted = waiting.get(sharedHandOverTimeout().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(granted.fencingToken()).isGreaterThan(held.fencingToken());

        DistributedSemaphore third = newCoordinator().getSemaphore(name, 1);
        CompletableFuture<LockLease> late =
                third.acquireAsync(Duration.ofMillis(300)).toCompletableFuture();
        assertThat(late)
                .as("acquireAsync(300 ms) while the permit is held")
                .failsWithin(eventTimeout())
                .withThrowableOfType(ExecutionException.class)
                .havingCause()
                .isInstanceOf(LockAcquireFailedException.class);
        assertThat(granted.release()).isTrue();
        permit(newCoordinator(), name, 1, "the permit once released (the timed-out request must not queue for it)")
                .release();
    }

    @Test
    default void aCancelledAcquireAsyncGivesItsPlaceToTheWaiterBehindIt() {
        String name = randomLockName();
        Coordinator holder = newCoordinator();
        LockLease held = permit(holder, name, 1, "the holder's permit");
        CompletableFuture<LockLease> cancelled = newCoordinator()
                .getSemaphore(name, 1)
                .acquireAsync(backgroundAcquireTimeout())
                .toCompletableFuture();
        assertStaysTrue(() -> !cancelled.isDone());
        Coordinator behind = newCoordinator();
        Waiter waiter = Waiter.start("the acquire behind the cancelled one", () -> behind.getSemaphore(name, 1)
                .acquire(backgroundAcquireTimeout()));
        Waiter.assertWaiting(this, waiter);

        assertThat(cancelled.cancel(true))
                .as("cancel() of the waiting acquireAsync")
                .isTrue();
        assertThat(held.release()).isTrue();
        LockLease next = waiter.granted(sharedHandOverTimeout());
        assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        assertThat(cancelled).isCancelled();
        assertThat(next.release()).isTrue();
        await(sharedHandOverTimeout())
                .alias("every permit free once the waiter behind released (the cancelled request holds none)")
                .until(() -> holder.getSemaphore(name, 1).availablePermits() == 1);
        permit(holder, name, 1, "the permit after all that").release();
    }
}
