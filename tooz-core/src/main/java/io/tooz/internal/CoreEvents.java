package io.tooz.internal;

import io.tooz.LossReason;
import io.tooz.spi.DriverEvents;
import io.tooz.spi.DriverLease;

/** Forwards what a driver notices to its coordinator. */
final class CoreEvents implements DriverEvents {
    private final DefaultCoordinator coordinator;

    CoreEvents(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public void leaseLost(DriverLease lease, LossReason reason) {
        coordinator.heldLeases().lost(lease, reason);
    }

    @Override
    public void sessionLost() {
        coordinator.sessionLost();
    }

    @Override
    public void membershipsLost(String why) {
        coordinator.membershipsLost(why);
    }
}
