package io.tooz.spi;

import io.tooz.LossReason;

/** What a driver tells the core about things it notices by itself. Methods are cheap and thread-safe. */
public interface DriverEvents {
    /** A lock grant was lost without being released. */
    void leaseLost(DriverLease lease, LossReason reason);

    /**
     * The session ended: every grant of this member is gone (the core signals each lease lost). Memberships that went
     * with it are reported with {@link #membershipsLost} once the driver can write again.
     */
    void sessionLost();

    /**
     * This member's memberships lapsed and the driver can write again: a new session, or a liveness record found
     * expired and written anew. The core joins every group this member had joined again, through {@link
     * DriverGroups#rejoinGroup}, in order after the operations already queued, until each succeeds or its group is
     * found deleted. {@code why} says what happened, for the log (no secrets).
     */
    void membershipsLost(String why);
}
