package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 3-server ensemble on loopback: a member fails over when servers die one at a time, keeping its session, its lock
 * and its membership; with a majority gone it reports the loss of its lease within the session timeout.
 */
@ServerTest
class ZooKeeperEnsembleTest {
    private static final Capabilities CAPS = Capabilities.of(Map.of("zone", "eu-1", "weight", 3));
    private static final String GROUP = "workers";
    private static final int TIMEOUT_S = 6;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void failsOverSingleServerLossesAndReportsTheLossOfAMajority() throws Exception {
        List<InstanceSpec> specs = List.of(ZkFaultKit.spec(1), ZkFaultKit.spec(2), ZkFaultKit.spec(3));
        try (TestingCluster cluster = new TestingCluster(specs)) {
            cluster.start();
            specs.forEach(s -> ZkFaultKit.awaitServing(s, Duration.ofSeconds(30)));
            String ns = ZkFaultKit.namespace();
            try (Coordinator a = ZkFaultKit.coordinator(cluster.getConnectString(), "a", TIMEOUT_S, ns)) {
                a.joinGroupCreate(GROUP, CAPS);
                LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
                long session = ZkFaultKit.sessionId(a);

                // the server a is connected to dies: a fails over to another one and keeps everything
                InstanceSpec connected = cluster.findConnectionInstance(ZkFaultKit.zooKeeper(a));
                assertThat(connected).isNotNull();
                cluster.killServer(connected);
                assertKept(a, lease, session);
                assertThat(cluster.findConnectionInstance(ZkFaultKit.zooKeeper(a)))
                        .isNotNull()
                        .isNotEqualTo(connected);
                cluster.restartServer(connected);
                ZkFaultKit.awaitServing(connected, Duration.ofSeconds(30));

                // then every server in turn (one of them is the ensemble's leader)
                for (InstanceSpec victim : specs) {
                    cluster.killServer(victim);
                    assertKept(a, lease, session);
                    cluster.restartServer(victim);
                    ZkFaultKit.awaitServing(victim, Duration.ofSeconds(30));
                }
                assertThat(lease.isStillOwner()).isTrue();

                // a majority dies: no quorum, no session; the lease is reported lost and operations fail
                List<InstanceSpec> majority = new ArrayList<>(specs.subList(0, 2));
                long killed = System.nanoTime();
                for (InstanceSpec victim : majority) {
                    cluster.killServer(victim);
                }
                // the lease's deadline passes before the session could expire: reported first, as a lost connection
                assertThat(lease.lost().toCompletableFuture().get(TIMEOUT_S + 10, TimeUnit.SECONDS))
                        .isEqualTo(LossReason.CONNECTION_LOST);
                assertThat(Duration.ofNanos(System.nanoTime() - killed))
                        .as("reported within one session timeout after the quorum went")
                        .isLessThan(Duration.ofSeconds(TIMEOUT_S));
                String survivor =
                        specs.get(2).getHostname() + ":" + specs.get(2).getPort();
                assertThatThrownBy(() -> a.getMembers(GROUP).get(Duration.ofSeconds(60)))
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(survivor);
                assertThatThrownBy(() -> a.getLock("other").tryAcquire())
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(survivor);
            }
        }
    }

    /** After a single server loss: same session, lease held, membership there, operations working. */
    private static void assertKept(Coordinator a, LockLease lease, long session) throws Exception {
        await("operations work after failover")
                .atMost(Duration.ofSeconds(TIMEOUT_S + 10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() ->
                        a.getMembers(GROUP).get(Duration.ofSeconds(TIMEOUT_S)).contains("a"));
        assertThat(ZkFaultKit.sessionId(a)).as("session kept").isEqualTo(session);
        assertThat(lease.lost().toCompletableFuture().isDone())
                .as("lease not lost")
                .isFalse();
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(a.getMemberCapabilities(GROUP, "a").get()).isEqualTo(CAPS);
        assertThat(a.getLock("job").holder()).contains("a");
        try (LockLease other = a.getLock("other").acquire(Duration.ofSeconds(TIMEOUT_S))) {
            assertThat(other.fencingToken()).isGreaterThan(lease.fencingToken());
        }
    }
}
