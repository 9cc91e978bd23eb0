package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupEvent;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.WatchCallback;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One leadership of a group seen as a lease, for {@link ContenderProcess}: granted when this member is elected (the
 * token is its term), lost on {@code LeadershipLost}, released by standing down (no longer running for leader).
 */
record LeaderTerm(
        Coordinator coordinator,
        String group,
        long fencingToken,
        WatchCallback<GroupEvent.LeaderElected> elected,
        WatchCallback<GroupEvent.LeadershipLost> onLost,
        CompletableFuture<LossReason> lost)
        implements LockLease {

    /** Joins {@code group} (creating it), runs for leader and waits at most {@code timeout} to be elected. */
    static LeaderTerm await(Coordinator c, String group, Duration timeout) {
        try {
            c.joinGroupCreate(group);
        } catch (GroupAlreadyExistsException | MemberAlreadyExistsException already) {
            // joined before a fault; still a member
        }
        CountDownLatch won = new CountDownLatch(1);
        CompletableFuture<LossReason> lost = new CompletableFuture<>();
        WatchCallback<GroupEvent.LeaderElected> elected = e -> won.countDown();
        // the event has no reason: the lease clock's CONNECTION_LOST, an expiry or a break all look alike here
        WatchCallback<GroupEvent.LeadershipLost> onLost = e -> lost.complete(LossReason.CONNECTION_LOST);
        c.watchLeadershipLost(group, onLost);
        c.watchElectedAsLeader(group, elected);
        try {
            if (!won.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                standDown(c, group, elected, onLost);
                throw new LockAcquireFailedException(group, "not elected leader of " + group + " within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            standDown(c, group, elected, onLost);
            throw new LockAcquireFailedException(group, "interrupted while running for leader of " + group);
        }
        java.util.OptionalLong term = c.leadershipTerm(group);
        if (term.isEmpty()) { // the term ended (lost() already) before it could be read: no grant to report
            standDown(c, group, elected, onLost);
            throw new LockAcquireFailedException(group, "elected leader of " + group + ", but the term ended at once");
        }
        return new LeaderTerm(c, group, term.getAsLong(), elected, onLost, lost);
    }

    private static void standDown(
            Coordinator c,
            String group,
            WatchCallback<GroupEvent.LeaderElected> elected,
            WatchCallback<GroupEvent.LeadershipLost> onLost) {
        c.unwatchElectedAsLeader(group, elected);
        c.unwatchLeadershipLost(group, onLost);
    }

    @Override
    public String lockName() {
        return ContenderProcess.LEADER_PREFIX + group;
    }

    @Override
    public boolean isStillOwner() {
        return !lost.isDone() && coordinator.leadershipTerm(group).orElse(-2) == fencingToken;
    }

    @Override
    public boolean release() {
        boolean held = isStillOwner();
        standDown(coordinator, group, elected, onLost);
        return held;
    }

    @Override
    public void close() {
        release();
    }
}
