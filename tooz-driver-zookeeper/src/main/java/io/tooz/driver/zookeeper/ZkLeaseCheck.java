package io.tooz.driver.zookeeper;

import io.tooz.spi.DriverLease;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Confirms lock grants. A grant's node stays first in line while the session that created it lives, and the server
 * cannot expire that session before the session timeout has passed since the last request it received on it: so a
 * node found in place, owned by the session the request was sent on, is held for at least the session timeout after
 * the request was sent. A grant of an earlier session cannot be confirmed on the current one (its session is gone, or
 * dying without us): it is reported lost.
 */
final class ZkLeaseCheck {
    private final ZooKeeperDriver driver;
    private final ZkErrors errors;

    ZkLeaseCheck(ZooKeeperDriver driver) {
        this.driver = driver;
        this.errors = driver.errors();
    }

    /**
     * One pipelined {@code exists} per node on the current session; asks again while the connection is down, for the
     * whole timeout even in an outage (a confirmation that arrives after the connection came back still confirms the
     * grants as of the moment the core asked).
     *
     * @return the grants found lost
     */
    Set<DriverLease> refresh(Collection<DriverLease> leases) {
        if (leases.isEmpty()) {
            return Set.of();
        }
        return errors.call(
                "confirming " + leases.size() + " held locks", driver.timeout().toNanos(), false, () -> {
                    while (true) {
                        try {
                            return confirm(leases);
                        } catch (KeeperException.ConnectionLossException e) {
                            Thread.sleep(ZkLocks.RETRY_PAUSE_MS); // the session may survive: ask again once connected
                        }
                    }
                });
    }

    private Set<DriverLease> confirm(Collection<DriverLease> leases) throws Exception {
        ZkHandle zk = driver.zookeeper();
        long session = zk.getSessionId();
        Set<DriverLease> gone = new HashSet<>();
        List<DriverLease> asked = new ArrayList<>();
        for (DriverLease l : leases) {
            if (held(l).session == session) {
                asked.add(l);
            } else {
                gone.add(l);
            }
        }
        ZkBatch batch = new ZkBatch(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            zk.exists(held(asked.get(i)).node, false, batch, i);
        }
        batch.await(TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos()));
        for (int i = 0; i < asked.size(); i++) {
            if (batch.check(i, KeeperException.Code.NONODE) != KeeperException.Code.OK
                    || batch.stat(i).getEphemeralOwner() != session) {
                gone.add(asked.get(i));
            }
        }
        return gone;
    }

    /** Whether the grant's node is still there, owned by its session, which is still the client's. */
    boolean isStillOwner(DriverLease lease) {
        ZkLocks.Held h = held(lease);
        if (h.released) {
            return false;
        }
        return errors.call("checking lock " + lease.id().name(), () -> {
            ZkHandle zk = driver.zookeeper();
            Stat stat = zk.exists(h.node, false);
            return stat != null && stat.getEphemeralOwner() == h.session && zk.getSessionId() == h.session;
        });
    }

    private static ZkLocks.Held held(DriverLease lease) {
        return (ZkLocks.Held) lease.handle();
    }
}
