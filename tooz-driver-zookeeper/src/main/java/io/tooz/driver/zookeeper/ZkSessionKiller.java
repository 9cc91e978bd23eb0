package io.tooz.driver.zookeeper;

import io.tooz.ToozException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.StaticHostProvider;

/** Ends a session at the server by opening a second handle on it and closing that (the classic way to test expiry). */
final class ZkSessionKiller {
    private ZkSessionKiller() {}

    static void kill(CuratorFramework client, ZkSettings settings) {
        try {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper twin = new ZooKeeper(
                    settings.connectString(),
                    (int) settings.timeout().toMillis(),
                    e -> {
                        if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                            connected.countDown();
                        }
                    },
                    zk.getSessionId(),
                    zk.getSessionPasswd(),
                    false,
                    new StaticHostProvider(new ConnectStringParser(settings.connectString()).getServerAddresses()),
                    settings.tls().clientConfig());
            try {
                if (!connected.await(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new ToozException("could not attach to the session to expire it");
                }
            } finally {
                twin.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while expiring the session", e);
        } catch (Exception e) {
            throw new ToozException("could not expire the ZooKeeper session: " + e, e);
        }
    }
}
