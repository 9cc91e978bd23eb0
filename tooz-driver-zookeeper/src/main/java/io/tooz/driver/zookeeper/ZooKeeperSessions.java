package io.tooz.driver.zookeeper;

import io.tooz.ToozConnectionException;
import io.tooz.spi.Driver;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.StaticHostProvider;

/**
 * Fault injection on a ZooKeeper session, for test tools (tooz-junit's {@code ToozFaults.expireSession} uses it):
 * not for applications.
 */
public final class ZooKeeperSessions {
    private ZooKeeperSessions() {}

    /**
     * Ends the ZooKeeper session of a started coordinator's driver at the server, as an expiry does: its ephemeral
     * znodes (memberships, lock entries) go at once, and the coordinator learns that its session expired when it next
     * hears from the server, then connects with a new session. The classic way: a second client attaches to the same
     * session (id and password) through the coordinator's current server and closes it; returns once the server has
     * closed it.
     *
     * @param driver the driver behind the coordinator (tests reach it through the core's hooks)
     * @return false if {@code driver} is not a ZooKeeper driver
     * @throws ToozConnectionException if the server cannot be reached within the session timeout
     */
    public static boolean expireSession(Driver driver) {
        if (!(driver instanceof ZooKeeperDriver zk)) {
            return false;
        }
        ZooKeeper handle;
        String hosts;
        try {
            handle = zk.client().getZookeeperClient().getZooKeeper();
            hosts = zk.client().getZookeeperClient().getCurrentConnectionString();
        } catch (Exception e) {
            throw new ToozConnectionException("cannot reach the ZooKeeper session of " + zk.memberId() + ": " + e, e);
        }
        attachAndClose(handle, hosts, zk.memberId());
        return true;
    }

    private static void attachAndClose(ZooKeeper handle, String hosts, String memberId) {
        long session = handle.getSessionId();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin;
        try {
            twin = new ZooKeeper(
                    hosts,
                    handle.getSessionTimeout(),
                    e -> {
                        if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                            connected.countDown();
                        }
                    },
                    session,
                    handle.getSessionPasswd(),
                    false,
                    new StaticHostProvider(new ConnectStringParser(hosts).getServerAddresses()),
                    handle.getClientConfig());
        } catch (IOException e) {
            throw new ToozConnectionException("cannot attach to the ZooKeeper session of " + memberId + ": " + e, e);
        }
        try {
            if (!connected.await(handle.getSessionTimeout(), TimeUnit.MILLISECONDS)) {
                throw new ToozConnectionException("could not attach to ZooKeeper session 0x" + Long.toHexString(session)
                        + " of " + memberId + " through " + hosts + " within " + handle.getSessionTimeout() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozConnectionException("interrupted while expiring the session of " + memberId, e);
        } finally {
            try {
                twin.close(); // the server closes the session: the expiry
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
