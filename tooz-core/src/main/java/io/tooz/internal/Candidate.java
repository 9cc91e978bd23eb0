package io.tooz.internal;

import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.spi.DriverLease;
import io.tooz.spi.LockId;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One group's candidate: a thread that contends for the leader lock whenever this member is not leading. */
final class Candidate implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Candidate.class);
    private static final long CONTEND_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long STAND_DOWN_BACKOFF_MS = 300;

    private final DefaultCoordinator coordinator;
    private final String group;
    private final LeaderElections elections;
    private final Thread thread;
    private volatile boolean withdrawn;
    private volatile LockLeaseImpl leading;
    private volatile long backoffUntil;

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
                if (leading != null || System.currentTimeMillis() < backoffUntil) {
                    synchronized (this) {
                        wait(100);
                    }
                    continue;
                }
                Optional<DriverLease> got = coordinator
                        .locksFacet()
                        .acquire(LockId.leader(group), coordinator.memberId(), CONTEND_SLICE_NANOS);
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
                return;
            } catch (ToozException e) {
                if (withdrawn || Thread.currentThread().isInterrupted()) {
                    return;
                }
                LOG.warn("running for leader of group {} failed, retrying in 1 s: {}", group, e.getMessage());
                sleepQuietly(1000);
            }
        }
    }

    private void onLoss(LossReason reason) {
        synchronized (this) {
            leading = null;
            notifyAll();
        }
        elections.onLost(group, reason);
    }

    /** Releases leadership if held; stays a candidate after a short back-off so others go first. */
    boolean standDown() {
        LockLeaseImpl l;
        synchronized (this) {
            l = leading;
            if (l == null) {
                return false;
            }
            leading = null;
            backoffUntil = System.currentTimeMillis() + STAND_DOWN_BACKOFF_MS;
        }
        l.release();
        elections.onLost(group, null);
        return true;
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
