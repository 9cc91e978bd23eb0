package io.tooz.driver.zookeeper;

import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import io.tooz.SerializationException;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverWatch;
import io.tooz.spi.MemberRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Groups as znodes, exactly where Python tooz keeps them; members are ephemeral, restored after a new session. */
final class ZkGroups implements DriverGroups, DriverWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ZkGroups.class);
    /** Room in a request for all but its data and path: header, ACL, flags (a digest ACL is about 60 bytes). */
    private static final int REQUEST_ROOM = 1024;

    private final ZooKeeperDriver driver;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final Map<String, ZkGroupWatch> watches = new ConcurrentHashMap<>();

    ZkGroups(ZooKeeperDriver driver) {
        this.driver = driver;
        this.layout = driver.layout();
        this.errors = driver.errors();
    }

    private CuratorFramework zk() {
        return driver.client();
    }

    @Override
    public void createGroup(String groupId) {
        errors.call("creating group " + groupId, () -> {
            try {
                zk().create().creatingParentsIfNeeded().forPath(layout.group(groupId));
            } catch (KeeperException.NodeExistsException e) {
                throw new GroupAlreadyExistsException(groupId);
            }
            return null;
        });
    }

    @Override
    public void deleteGroup(String groupId) {
        errors.call("deleting group " + groupId, () -> {
            String path = layout.group(groupId);
            List<String> children = children(groupId);
            if (children.stream().anyMatch(c -> !c.equals(ZkLayout.LEADER))) {
                throw new GroupNotEmptyException(groupId);
            }
            try {
                if (children.contains(ZkLayout.LEADER)) {
                    zk().transaction()
                            .forOperations(
                                    zk().transactionOp().delete().forPath(path + "/" + ZkLayout.LEADER),
                                    zk().transactionOp().delete().forPath(path));
                } else {
                    zk().delete().forPath(path);
                }
            } catch (KeeperException.NotEmptyException e) {
                throw new GroupNotEmptyException(groupId);
            } catch (KeeperException.NoNodeException e) {
                throw new GroupNotCreatedException(groupId);
            }
            return null;
        });
    }

    private List<String> children(String groupId) throws Exception {
        try {
            return zk().getChildren().forPath(layout.group(groupId));
        } catch (KeeperException.NoNodeException e) {
            throw new GroupNotCreatedException(groupId);
        }
    }

    @Override
    public Set<String> getGroups() {
        return errors.call("listing groups", () -> {
            Set<String> out = new LinkedHashSet<>(zk().getChildren().forPath(layout.root));
            out.remove(ZkLayout.LOCKS);
            out.remove(ZkLayout.CLAIMS);
            out.remove(ZkLayout.RWLOCKS);
            out.remove(ZkLayout.SEMAPHORES);
            return out;
        });
    }

    @Override
    public void joinGroup(String groupId, byte[] capabilities) {
        checkSize("joining group " + groupId, layout.member(groupId, driver.memberId()), capabilities);
        errors.call("joining group " + groupId, () -> {
            try {
                zk().create()
                        .withMode(CreateMode.EPHEMERAL)
                        .forPath(layout.member(groupId, driver.memberId()), capabilities);
            } catch (KeeperException.NoNodeException e) {
                throw new GroupNotCreatedException(groupId);
            } catch (KeeperException.NodeExistsException e) {
                throw new MemberAlreadyExistsException(groupId, driver.memberId());
            }
            return null;
        });
    }

    @Override
    public void leaveGroup(String groupId) {
        errors.call("leaving group " + groupId, () -> {
            try {
                zk().delete().forPath(layout.member(groupId, driver.memberId()));
            } catch (KeeperException.NoNodeException e) {
                throw missing(groupId, driver.memberId());
            }
            return null;
        });
    }

    /** The right error for a member znode that is not there. */
    private RuntimeException missing(String groupId, String memberId) throws Exception {
        if (zk().checkExists().forPath(layout.group(groupId)) == null) {
            return new GroupNotCreatedException(groupId);
        }
        return new MemberNotJoinedException(groupId, memberId);
    }

    /** The children alone: one round trip, where the records take two. Sets the watch of a watched group. */
    @Override
    public Set<String> getMemberIds(String groupId) {
        ZkGroupWatch w = watches.get(groupId);
        return errors.call("listing members of " + groupId, () -> {
            List<String> children = w == null ? children(groupId) : w.children();
            if (children == null) {
                throw new GroupNotCreatedException(groupId);
            }
            return members(children);
        });
    }

    static Set<String> members(List<String> children) {
        Set<String> out = new LinkedHashSet<>(children);
        out.remove(ZkLayout.LEADER);
        return out;
    }

    /** One {@code getData}: one round trip, where the group's records take two. */
    @Override
    public MemberRecord getMember(String groupId, String memberId) {
        return errors.call("reading member " + memberId + " of " + groupId, () -> {
            Stat stat = new Stat();
            try {
                byte[] data = zk().getData().storingStatIn(stat).forPath(layout.member(groupId, memberId));
                return record(data, stat);
            } catch (KeeperException.NoNodeException e) {
                throw missing(groupId, memberId);
            }
        });
    }

    /**
     * The children, then their data in one pipelined round (requests sent back to back, answered in order): each
     * answer is at most one znode, so the round never meets the client's packet limit, whatever the group holds (a
     * {@code multi} read of large capabilities could, and the client then drops its connection). A member that left
     * in between is left out.
     */
    @Override
    public Map<String, MemberRecord> getMembers(String groupId) {
        return errors.call("reading members of " + groupId, () -> {
            List<String> names = new ArrayList<>(members(children(groupId)));
            Map<String, MemberRecord> out = new LinkedHashMap<>();
            if (names.isEmpty()) {
                return out;
            }
            ZooKeeper zk = driver.zookeeper();
            ZkBatch batch = new ZkBatch(names.size());
            for (int i = 0; i < names.size(); i++) {
                zk.getData(layout.member(groupId, names.get(i)), false, batch, i);
            }
            batch.await(Math.max(1, TimeUnit.NANOSECONDS.toMillis(errors.remainingNanos())));
            for (int i = 0; i < names.size(); i++) {
                if (batch.check(i, KeeperException.Code.NONODE) == KeeperException.Code.OK) {
                    out.put(names.get(i), record(batch.data(i), batch.stat(i)));
                }
            }
            return out;
        });
    }

    private static MemberRecord record(byte[] data, Stat stat) {
        return new MemberRecord(
                data == null ? new byte[0] : data,
                Instant.ofEpochMilli(stat.getCtime()),
                Instant.ofEpochMilli(stat.getMtime()));
    }

    @Override
    public void updateCapabilities(String groupId, byte[] capabilities) {
        checkSize("updating capabilities in " + groupId, layout.member(groupId, driver.memberId()), capabilities);
        errors.call("updating capabilities in " + groupId, () -> {
            try {
                zk().setData().forPath(layout.member(groupId, driver.memberId()), capabilities);
            } catch (KeeperException.NoNodeException e) {
                throw missing(groupId, driver.memberId());
            }
            return null;
        });
    }

    /**
     * Refuses at once a znode ZooKeeper would not take: a request larger than {@code jute.maxbuffer} makes the server
     * drop the connection, which the client reports only as a connection loss after its retries (seconds later).
     */
    private void checkSize(String what, String path, byte[] data) {
        int limit = driver.juteMaxBuffer();
        int max = limit - REQUEST_ROOM - path.getBytes(StandardCharsets.UTF_8).length;
        if (data.length > max) {
            throw new SerializationException("ZooKeeper cannot store " + data.length + " bytes at " + path + " ("
                    + what + "): a znode holds at most " + max + " here (jute.maxbuffer = " + limit + " bytes, less "
                    + REQUEST_ROOM + " for the request and the path). Store less (ZooKeeper is no blob store: keep the"
                    + " data elsewhere and a reference in the capabilities), or raise jute.maxbuffer on every"
                    + " ZooKeeper server and in every client JVM (-Djute.maxbuffer=BYTES)");
        }
    }

    @Override
    public WatchHandle watchMembers(String groupId, MembershipListener listener) {
        ZkGroupWatch w = new ZkGroupWatch(driver, groupId, listener, x -> watches.remove(groupId, x));
        watches.put(groupId, w);
        return w;
    }

    /** After a new session: the member's znode, re-created on it (the core calls this for each joined group). */
    @Override
    public void rejoinGroup(String groupId, byte[] capabilities) {
        errors.call("joining group " + groupId + " again", () -> {
            try {
                rejoin(layout.member(groupId, driver.memberId()), capabilities);
            } catch (KeeperException.NoNodeException e) {
                throw new GroupNotCreatedException(groupId);
            }
            return null;
        });
    }

    /**
     * Re-creates this member's znode on the current session. A znode already there may belong to the old session
     * (the server restarted and has not expired it yet, or Curator gave up on it while the server was unreachable):
     * it would vanish when the server expires that session, so it is replaced.
     */
    private void rejoin(String path, byte[] capabilities) throws Exception {
        long session = zk().getZookeeperClient().getZooKeeper().getSessionId();
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                zk().create().withMode(CreateMode.EPHEMERAL).forPath(path, capabilities);
                return;
            } catch (KeeperException.NodeExistsException exists) {
                Stat stat = zk().checkExists().forPath(path);
                if (stat != null && stat.getEphemeralOwner() == session) {
                    return; // ours already
                }
                if (stat != null) {
                    try {
                        zk().delete().withVersion(stat.getVersion()).forPath(path);
                    } catch (KeeperException.NoNodeException | KeeperException.BadVersionException gone) {
                        // expired or changed meanwhile: look again
                    }
                }
            }
        }
        throw new IllegalStateException("the znode " + path + " keeps being re-created by another session");
    }

    /** After a reconnection: the core reads every watched group again, which sets its watch again. */
    void rearm() {
        watches.values().forEach(ZkGroupWatch::changed);
    }
}
