package io.tooz.internal;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One group's candidate: a thread that contends for the leader lock whenever this member is not leading. */
final class Candidate implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Candidate.class);
    /** After standing down, wait at most this long for another candidate to take over before contending again. */
    private static final long STAND_DOWN_MAX_MS = 2000;

    private final DefaultCoordinator coordinator;
    private final String group;
    private final LeaderElections elections;
    private final Thread thread;
    private volatile boolean withdrawn;
    private volatile boolean kick;
    private volatile boolean releasing;
    private volatile @Nullable LockLeaseImpl leading;
    private volatile long backoffUntil;
    private volatile long stoodDownToken;
    private boolean waitingForGroup;

    Candidate(DefaultCoordinator coordinator, String group, LeaderElections elections) {
        this.coordinator = coordinator;
        this.group = group;
        this.elections = elections;
        this.thread = Threads.named("tooz-candidate-" + coordinator.memberId() + "-" + group)
                .newThread(this);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        while (!withdrawn) {
            try {
                if (leading != null || releasing) {
                    synchronized (this) {
                        wait(100);
                    }
                    continue;
                }
                if (System.currentTimeMillis() < backoffUntil) {
                    // stood down: let another candidate take over first; contend once someone leads or time is up
                    if (someoneElseLedSince()) {
                        backoffUntil = 0;
                    } else {
                        Thread.sleep(Math.max(1, Math.min(10, backoffUntil - System.currentTimeMillis())));
                        continue;
                    }
                }
                if (!groupExists()) {
                    continue;
                }
                Optional<DriverLease> got =
                        coordinator.locksFacet().acquire(LockId.leader(group), coordinator.memberId(), Long.MAX_VALUE);
                if (got.isEmpty()) {
                    continue;
                }
                synchronized (this) {
                    if (withdrawn) {
                        coordinator.locksFacet().release(got.get());
                        return;
                    }
                    leading = coordinator.heldLeases().register(got.get(), this::onLoss);
                }
                LOG.info("member {} elected leader of group {}", coordinator.memberId(), group);
                elections.onElected(group);
            } catch (InterruptedException e) {
                if (withdrawn) {
                    return;
                }
                if (!kicked()) {
                    LOG.warn("candidate {} of group {} was interrupted; running on", coordinator.memberId(), group);
                }
            } catch (ToozException e) {
                if (withdrawn) {
                    return;
                }
                if (kicked()) {
                    continue;
                }
                // only withdraw() ends a candidate: an interrupt from anywhere else must not end the election silently
                Thread.interrupted();
                LOG.warn("running for leader of group {} failed, retrying in 1 s: {}", group, e.getMessage());
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                if (withdrawn) {
                    return;
                }
                LOG.warn("running for leader of group {} failed unexpectedly, retrying in 1 s", group, e);
                sleepQuietly(1000);
            }
        }
    }

    /**
     * Whether the group exists; if not, waits a second first. A candidate contends only in an existing group, so no
     * backend shows a leader of a group that does not exist (on ZooKeeper contending would create the group's node).
     */
    private boolean groupExists() {
        try {
            coordinator.checkGroupExists(group);
            waitingForGroup = false;
            return true;
        } catch (io.tooz.GroupNotCreatedException missing) {
            if (!waitingForGroup) {
                LOG.warn(
                        "member {} runs for leader of group {}, which does not exist; it contends once the group is"
                                + " created",
                        coordinator.memberId(),
                        group);
                waitingForGroup = true;
            }
            sleepQuietly(1000);
            return false;
        }
    }

    /** Lets another candidate win first, for at most {@link #STAND_DOWN_MAX_MS}, after leading with {@code l}. */
    private void backOffAfter(LockLeaseImpl l) {
        stoodDownToken = l.fencingToken();
        backoffUntil = System.currentTimeMillis() + STAND_DOWN_MAX_MS;
    }

    /** The leader lock's fencing token while this member leads. */
    java.util.OptionalLong term() {
        LockLeaseImpl l = leading;
        return l == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(l.fencingToken());
    }

    /** Whether the leader lock was granted to anyone after this member stood down. */
    private boolean someoneElseLedSince() {
        DriverLocks locks = coordinator.locksFacet();
        LockId id = LockId.leader(group);
        java.util.OptionalInt queued = locks.queueLength(id);
        if (queued.isPresent()) {
            return queued.getAsInt()
                    > 0; // queue behind whoever waits; an empty queue: wait for a taker or the deadline
        }
        OptionalLong last = locks.lastFencingToken(id);
        if (last.isPresent()) {
            return last.getAsLong() > stoodDownToken;
        }
        Optional<String> holder = locks.holder(id);
        return holder.isPresent() && !holder.get().equals(coordinator.memberId());
    }

    /**
     * Leadership lost without standing down. A member that lost it with its session was deemed dead: like one that
     * stood down, it lets another candidate win first (backends whose locks outlive sessions, such as database
     * locks, would otherwise often hand leadership straight back to it).
     */
    private void onLoss(LossReason reason) {
        synchronized (this) {
            LockLeaseImpl l = leading;
            if (l != null && reason != LossReason.COORDINATOR_STOPPED) {
                backOffAfter(l);
            }
            leading = null;
            notifyAll();
        }
        elections.onLost(group);
    }

    /**
     * Releases leadership if held and stays a candidate, but contends again only once another member leads (or after
     * {@link #STAND_DOWN_MAX_MS} if nobody does), so another candidate is elected first if there is one.
     */
    boolean standDown() {
        LockLeaseImpl l;
        synchronized (this) {
            l = leading;
            if (l == null) {
                return false;
            }
            leading = null;
            releasing = true;
            backOffAfter(l);
        }
        try {
            l.release();
        } finally {
            synchronized (this) {
                releasing = false;
                notifyAll();
            }
        }
        elections.onLost(group);
        return true;
    }

    /**
     * Makes a waiting candidate start its contention over (its queue entry may have gone with a lost session); a
     * leading candidate is left alone.
     */
    void kick() {
        if (leading == null && !withdrawn) {
            kick = true;
            thread.interrupt();
        }
    }

    /** Whether an interrupt was a kick, clearing both. */
    private boolean kicked() {
        if (kick && !withdrawn) {
            kick = false;
            Thread.interrupted();
            return true;
        }
        return false;
    }

    /** Leaves the election; gives up leadership if held. */
    void withdraw() {
        withdrawn = true;
        standDown();
        thread.interrupt();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
