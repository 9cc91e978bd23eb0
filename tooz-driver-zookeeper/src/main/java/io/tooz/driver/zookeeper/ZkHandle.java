package io.tooz.driver.zookeeper;

import java.io.IOException;
import java.util.function.Function;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.HostProvider;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * The ZooKeeper client Curator creates for us, able to answer one question ZooKeeper answers only to subclasses:
 * whether a data watch on a path is still registered. The client drops a registration on its I/O thread as soon as
 * the event for it arrives, before it reads any later response, so a synchronous call that returns while the
 * registration is still there knows no event for that path came before its response.
 */
@SuppressWarnings("try") // ZooKeeper.close() throws InterruptedException; not ours to change
final class ZkHandle extends ZooKeeper {
    /**
     * The factory Curator creates our handles with; {@code link} sees each handle's connection events first, {@code
     * hosts} gives each handle its host provider (null for ZooKeeper's own).
     */
    static ZookeeperFactory factory(ZkLink link, Function<String, HostProvider> hosts) {
        return new ZookeeperFactory() {
            @Override
            public ZooKeeper newZooKeeper(String connect, int timeoutMs, Watcher watcher, boolean canBeReadOnly)
                    throws IOException {
                return newZooKeeper(connect, timeoutMs, watcher, canBeReadOnly, new ZKClientConfig());
            }

            @Override
            public ZooKeeper newZooKeeper(
                    String connect, int timeoutMs, Watcher watcher, boolean canBeReadOnly, ZKClientConfig config)
                    throws IOException {
                HostProvider provider = hosts.apply(connect);
                return provider == null
                        ? new ZkHandle(connect, timeoutMs, link.observing(watcher), canBeReadOnly, config)
                        : new ZkHandle(connect, timeoutMs, link.observing(watcher), canBeReadOnly, provider, config);
            }
        };
    }

    private ZkHandle(String connect, int timeoutMs, Watcher watcher, boolean canBeReadOnly, ZKClientConfig config)
            throws IOException {
        super(connect, timeoutMs, watcher, canBeReadOnly, config);
    }

    private ZkHandle(
            String connect,
            int timeoutMs,
            Watcher watcher,
            boolean canBeReadOnly,
            HostProvider hosts,
            ZKClientConfig config)
            throws IOException {
        super(connect, timeoutMs, watcher, canBeReadOnly, hosts, config);
    }

    /** Whether a data watch (an exists-watch on an existing node) is registered on {@code path}. */
    boolean watchesData(String path) {
        return getDataWatches().contains(path);
    }
}
