package io.tooz.spi;

import io.tooz.LossReason;

/**
 * What a driver tells the core about things it notices by itself, from any of its threads. Methods are thread-safe,
 * never block on I/O and never throw; repeating a report is harmless. {@link #leaseLost} and {@link #sessionLost}
 * complete the holders' {@link io.tooz.LockLease#lost()} on the calling thread, so call them without holding a lock
 * that the holders' dependent actions could need.
 */
public interface DriverEvents {
    /**
     * A lock grant was lost without being released (broken, expired, its connection gone). The core forgets the grant
     * and tells its holder (a leadership: the candidate stands down and runs again); a grant it no longer holds is
     * ignored.
     */
    void leaseLost(DriverLease lease, LossReason reason);

    /**
     * The session ended: every grant of this member is gone, and the core signals each held lease lost ({@link
     * LossReason#SESSION_EXPIRED}). Memberships that went with it are reported with {@link #membershipsLost} once the
     * driver can write again.
     */
    void sessionLost();

    /**
     * This member's memberships lapsed and the driver can write again: a new session, or a liveness record found
     * expired and written anew. The core joins every group this member had joined again, through {@link
     * DriverGroups#rejoinGroup}, on its operations thread in order after the operations already queued, until each
     * succeeds or its group is found deleted; a driver never re-joins by itself. {@code why} says what happened, for
     * the log (no secrets).
     */
    void membershipsLost(String why);
}
