package io.tooz.spi;

import io.tooz.LossReason;

/** What a driver tells the core about things it notices by itself. Methods are cheap and thread-safe. */
public interface DriverEvents {
    /** A lock grant was lost without being released. */
    void leaseLost(DriverLease lease, LossReason reason);

    /** The session ended: every grant and membership of this member is gone. */
    void sessionLost();
}
