package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockLease;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The re-acquire shortcut (no queue read when our new contender directly follows the one we released) must not be
 * fooled when the lock directory is deleted and created again, which restarts ZooKeeper's sequence numbers.
 */
@Timeout(60)
@ServerTest
class ZooKeeperReacquireTest {
    private final String namespace = "tooz-reacquire-" + UUID.randomUUID();
    private final String url = "zookeeper://" + SharedServer.ZOOKEEPER.hostPort() + "?timeout=4&namespace=" + namespace;

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ZOOKEEPER.require();
    }

    @Test
    void aRecreatedLockDirectoryIsNotMistakenForAFreeLock() throws Exception {
        String dir = "/" + namespace + "/locks/x";
        try (Coordinator c = Coordinator.builder(url).memberId("java").build()) {
            c.start();
            DistributedLock lock = c.getLock("x");
            for (int i = 0; i < 3; i++) { // contenders 0, 1, 2: the last two take the shortcut
                try (LockLease lease = lock.tryAcquire().orElseThrow()) {
                    assertThat(lease.isStillOwner()).isTrue();
                }
            }
            ZooKeeper other = new ZooKeeper(SharedServer.ZOOKEEPER.hostPort(), 4000, e -> {});
            try {
                other.delete(dir, -1);
                other.create(dir, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                String prefix = dir + "/" + UUID.randomUUID().toString().replace("-", "") + "__lock__";
                byte[] holder = "python".getBytes(StandardCharsets.UTF_8);
                for (int seq = 0; seq < 3; seq++) { // holds 0, leaves 1 and 2 gone: our next contender is 3
                    String node =
                            other.create(prefix, holder, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
                    if (seq > 0) {
                        other.delete(node, -1);
                    }
                }

                assertThat(lock.tryAcquire()).isEmpty();
                assertThat(lock.holder()).contains("python");
                assertThat(other.getChildren(dir, false)).hasSize(1);
            } finally {
                other.close();
            }
            try (LockLease lease = lock.tryAcquire().orElseThrow()) {
                assertThat(lease.isStillOwner()).isTrue();
            }
        }
    }
}
