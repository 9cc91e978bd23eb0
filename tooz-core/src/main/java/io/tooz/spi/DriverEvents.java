package io.tooz.spi;

import io.tooz.LossReason;

/** What a driver tells the core about things it notices by itself. Methods are cheap and thread-safe. */
public interface DriverEvents {
    /** A lock grant was lost without being released. */
    void leaseLost(DriverLease lease, LossReason reason);

    /**
     * The session ended: every grant of this member is gone (the core signals each lease lost). Memberships went with
     * it; a driver that can should re-create them when it gets a new session, with the same capabilities.
     */
    void sessionLost();
}
