package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.ToozConfigurationException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZKUtil;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The URL's path is a chroot, as in a ZooKeeper connect string (and kazoo's): coordinators on different chroots do
 * not see each other's groups, the chroot is created if missing, and a coordinator on chroot {@code /a} keeps its
 * groups at {@code /a/<namespace>/<group>}, where a plain client (or a client chrooted at {@code /a}) finds them.
 */
@Timeout(60)
@ServerTest
class ZooKeeperChrootTest {
    private final String top = "/tooz-chroot-" + UUID.randomUUID();

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ZOOKEEPER.require();
    }

    @AfterEach
    void dropChroots() throws Exception {
        deleteTree(top);
    }

    private Coordinator coordinator(String chroot, String member) {
        Coordinator c = Coordinator.builder("zookeeper://" + SharedServer.ZOOKEEPER.hostPort() + chroot + "?timeout=5")
                .memberId(member)
                .build();
        c.start();
        return c;
    }

    @Test
    void coordinatorsOnDifferentChrootsDoNotSeeEachOthersGroups() {
        try (Coordinator a = coordinator(top + "/a", "ma");
                Coordinator b = coordinator(top + "/b/nested", "mb");
                Coordinator a2 = coordinator(top + "/a/", "ma2")) {
            a.joinGroupCreate("only-in-a");
            b.joinGroupCreate("only-in-b");
            assertThat(a.getGroups().get()).containsExactly("only-in-a");
            assertThat(b.getGroups().get()).containsExactly("only-in-b");
            assertThat(a2.getMembers("only-in-a").get()).containsExactly("ma");
        }
    }

    @Test
    void groupsLiveUnderTheChrootWhereAPlainClientFindsThem() throws Exception {
        String chroot = top + "/apps";
        try (Coordinator c = coordinator(chroot, "m")) {
            c.joinGroupCreate("made-by-tooz");
            ZooKeeper plain = connect(SharedServer.ZOOKEEPER.hostPort());
            ZooKeeper chrooted = connect(SharedServer.ZOOKEEPER.hostPort() + chroot);
            try {
                assertThat(plain.exists(chroot + "/tooz/made-by-tooz/m", false)).isNotNull();
                assertThat(chrooted.getChildren("/tooz/made-by-tooz", false)).containsExactly("m");
                chrooted.create(
                        "/tooz/made-by-a-chrooted-client",
                        new byte[0],
                        ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                assertThat(c.getGroups().get()).containsExactlyInAnyOrder("made-by-tooz", "made-by-a-chrooted-client");
                assertThat(plain.getChildren("/tooz", false)).doesNotContain("made-by-tooz");
            } finally {
                plain.close();
                chrooted.close();
            }
        }
    }

    @Test
    void aChrootAfterTheLastHostsOptionIsReadAsPythonToozPassesIt() throws Exception {
        try (Coordinator viaPath = coordinator(top + "/py", "a");
                Coordinator viaHosts = Coordinator.builder(
                                "zookeeper://?timeout=5&hosts=" + SharedServer.ZOOKEEPER.hostPort() + top + "/py")
                        .memberId("b")
                        .build()) {
            viaHosts.start();
            viaPath.joinGroupCreate("shared");
            assertThat(viaHosts.getGroups().get()).containsExactly("shared");
        }
        assertThatThrownBy(() -> Coordinator.builder("zookeeper://h:2181/x?hosts=h2:2181/y")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("give it once");
        assertThatThrownBy(() -> Coordinator.builder("zookeeper://h:2181/x/../y")
                        .memberId("m")
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("bad chroot '/x/../y'");
    }

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 5000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no session with ZooKeeper at " + connectString);
        }
        return zk;
    }

    /** Deletes {@code path} and everything under it on the shared server, if it is there. */
    static void deleteTree(String path) throws Exception {
        ZooKeeper zk = connect(SharedServer.ZOOKEEPER.hostPort());
        try {
            if (zk.exists(path, false) != null) {
                ZKUtil.deleteRecursive(zk, path);
            }
        } finally {
            zk.close();
        }
    }
}
