package io.tooz.driver.zookeeper;

import io.tooz.spi.DriverWatch;
import java.util.List;
import java.util.function.Consumer;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;

/**
 * A group's children watch. A fired watch tells the core the group changed; the core's read of the members ({@link
 * ZkGroups#getMemberIds}) sets the watch again in the same request, or, while the group is missing, watches for its
 * creation. The core's periodic re-read sets it again after a read failed on a lost connection.
 */
final class ZkGroupWatch implements DriverWatch.WatchHandle, CuratorWatcher {
    private final ZooKeeperDriver driver;
    private final String path;
    private final DriverWatch.MembershipListener listener;
    private final Consumer<ZkGroupWatch> onClose;
    private volatile boolean closed;

    ZkGroupWatch(
            ZooKeeperDriver driver,
            String groupId,
            DriverWatch.MembershipListener listener,
            Consumer<ZkGroupWatch> onClose) {
        this.driver = driver;
        this.path = driver.layout().group(groupId);
        this.listener = listener;
        this.onClose = onClose;
    }

    /** The group's children, watched; the group missing, watched for its creation (and null). */
    List<String> children() throws Exception {
        try {
            return driver.client().getChildren().usingWatcher(this).forPath(path);
        } catch (KeeperException.NoNodeException gone) {
            if (driver.client().checkExists().usingWatcher(this).forPath(path) != null) {
                return children(); // created in between
            }
            return null;
        }
    }

    /** The core should read the group: something changed, or a new connection may have missed events. */
    void changed() {
        if (!closed) {
            listener.changed();
        }
    }

    @Override
    public void process(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            changed();
        }
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
    }
}
