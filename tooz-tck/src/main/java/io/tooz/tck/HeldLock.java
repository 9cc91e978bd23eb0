package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.LockLease;

/** A new lock held by one coordinator while another one, started before it was taken, may want it. */
record HeldLock(Coordinator holder, Coordinator other, String name, LockLease lease) {

    /** Starts both coordinators, then the holder acquires a new lock. */
    static HeldLock start(ContractSupport tck) {
        Coordinator holder = tck.newCoordinator();
        Coordinator other = tck.newCoordinator();
        String name = tck.randomLockName();
        return new HeldLock(holder, other, name, holder.getLock(name).acquire());
    }
}
