package io.tooz.driver.zookeeper;

import io.tooz.spi.DriverWatch;
import java.util.function.Consumer;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's children watch: every change re-reads the member list (re-arming the watch in the same call) on the
 * driver's scheduler thread and hands the snapshot to the core, which diffs it. A missing group is watched for
 * re-creation.
 */
final class ZkGroupWatch implements DriverWatch.WatchHandle, CuratorWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ZkGroupWatch.class);

    private final ZooKeeperDriver driver;
    private final String groupId;
    private final DriverWatch.MembershipListener listener;
    private final Consumer<ZkGroupWatch> onClose;
    private volatile boolean closed;

    ZkGroupWatch(
            ZooKeeperDriver driver,
            String groupId,
            DriverWatch.MembershipListener listener,
            Consumer<ZkGroupWatch> onClose) {
        this.driver = driver;
        this.groupId = groupId;
        this.listener = listener;
        this.onClose = onClose;
    }

    /** Reads the members and sets the next watch, on the driver's thread so snapshots stay in order. */
    void arm() {
        if (!closed) {
            driver.context().scheduler().execute(this::read);
        }
    }

    private void read() {
        if (closed) {
            return;
        }
        String path = driver.layout().group(groupId);
        java.util.Set<String> members;
        try {
            // null: the group is gone
            members = driver.errors().call("watching group " + groupId, () -> {
                try {
                    return ZkGroups.members(
                            driver.client().getChildren().usingWatcher(this).forPath(path));
                } catch (KeeperException.NoNodeException gone) {
                    return null;
                }
            });
        } catch (RuntimeException e) {
            // a connection problem: the RECONNECTED handler re-arms every watch
            LOG.debug("watch on group {} not re-armed: {}", groupId, e.toString());
            return;
        }
        if (members != null) {
            listener.onMembers(members);
            return;
        }
        listener.onGroupGone();
        try {
            boolean back = driver.errors()
                    .call(
                            "watching for group " + groupId,
                            () -> driver.client()
                                            .checkExists()
                                            .usingWatcher(this)
                                            .forPath(path)
                                    != null);
            if (back) {
                arm(); // re-created in between
            }
        } catch (RuntimeException e) {
            LOG.debug("watch on group {} not re-armed: {}", groupId, e.toString());
        }
    }

    @Override
    public void process(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            arm();
        }
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
    }
}
