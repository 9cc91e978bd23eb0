package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Session expiry and connection loss: what a member keeps, what it loses and what it gets back by itself. Expiry on
 * demand runs against the ZooKeeper of {@code scripts/backends.sh}; outages stop and restart a Curator {@link
 * TestingServer} (same port, same data).
 */
@ServerTest
class ZooKeeperSessionTest {
    private static final Capabilities CAPS = Capabilities.of(Map.of("zone", "eu-1", "weight", 3));
    private static final String GROUP = "workers";

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void expiredSessionLosesLeaseAndLeadershipAndTheMemberRejoinsByItself() throws Exception {
        SharedServer.ZOOKEEPER.require();
        String ns = ZkFaultKit.namespace();
        try (Coordinator a = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "a", 4, ns);
                Coordinator b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", 4, ns)) {
            a.joinGroupCreate(GROUP, CAPS);
            List<String> seenByB = new CopyOnWriteArrayList<>();
            b.watchJoinGroup(GROUP, e -> seenByB.add("joined " + e.memberId()));
            b.watchLeaveGroup(GROUP, e -> seenByB.add("left " + e.memberId()));
            List<GroupEvent> leadership = new CopyOnWriteArrayList<>();
            a.watchLeadershipLost(GROUP, leadership::add);
            a.watchElectedAsLeader(GROUP, leadership::add);
            await().atMost(Duration.ofSeconds(10)).until(() -> !leadership.isEmpty());
            assertThat(leadership).containsExactly(new GroupEvent.LeaderElected(GROUP, "a"));
            LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
            long session = ZkFaultKit.sessionId(a);

            ZkFaultKit.expireSession(a);

            assertThat(lease.lost().toCompletableFuture().get(15, TimeUnit.SECONDS))
                    .isEqualTo(LossReason.SESSION_EXPIRED);
            await("LeadershipLost")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> leadership.contains(new GroupEvent.LeadershipLost(GROUP, "a")));
            assertThat(lease.isStillOwner()).isFalse();

            // the lock is free for others, with a higher fencing token
            try (LockLease next = b.getLock("job").acquire(Duration.ofSeconds(10))) {
                assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
                assertThat(b.getLock("job").holder()).contains("b");
            }

            // a has a new session and is back in its group, with the same capabilities, without doing anything
            await("a rejoined")
                    .atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> b.getMembers(GROUP).get().contains("a"));
            assertThat(ZkFaultKit.sessionId(a)).isNotEqualTo(session);
            assertThat(b.getMemberCapabilities(GROUP, "a").get()).isEqualTo(CAPS);
            assertThat(b.getMembersWithCapabilities(GROUP).get()).isEqualTo(Map.of("a", CAPS));
            await("b saw a leave and rejoin").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seenByB)
                    .containsSubsequence("left a", "joined a"));

            // a runs for leader again on its new session and says so
            await("a re-elected").atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(leadership)
                    .containsSubsequence(
                            new GroupEvent.LeaderElected(GROUP, "a"),
                            new GroupEvent.LeadershipLost(GROUP, "a"),
                            new GroupEvent.LeaderElected(GROUP, "a")));
            assertThat(b.getLeader(GROUP).get()).contains("a");

            // the restored membership is a's own: it can update and leave it
            a.updateCapabilities(GROUP, Capabilities.of(Map.of("zone", "eu-2"))).get();
            assertThat(b.getMemberCapabilities(GROUP, "a").get().getString("zone"))
                    .contains("eu-2");
            a.leaveGroup(GROUP).get();
            assertThat(b.getMembers(GROUP).get()).doesNotContain("a");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void expiryDoesNotResurrectGroupsTheMemberLeft() throws Exception {
        SharedServer.ZOOKEEPER.require();
        String ns = ZkFaultKit.namespace();
        try (Coordinator a = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "a", 4, ns);
                Coordinator b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", 4, ns)) {
            a.joinGroupCreate("kept", CAPS);
            a.joinGroupCreate("left", CAPS);
            a.leaveGroup("left").get();

            ZkFaultKit.expireSession(a);

            await("a rejoined kept")
                    .atMost(Duration.ofSeconds(15))
                    .ignoreExceptions()
                    .until(() -> b.getMembers("kept").get().contains("a"));
            assertThat(b.getMembers("left").get()).isEmpty();
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void shortOutageKeepsTheSessionTheLeaseAndTheMembership() throws Exception {
        try (TestingServer server = new TestingServer(ZkFaultKit.spec(), true)) {
            String ns = ZkFaultKit.namespace();
            try (Coordinator a = ZkFaultKit.coordinator(server.getConnectString(), "a", 10, ns)) {
                a.joinGroupCreate(GROUP, CAPS);
                LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
                long session = ZkFaultKit.sessionId(a);

                server.stop();
                CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> {
                    sleep(2000);
                    restart(server);
                });
                // issued during the outage: waits for the reconnection (within the timeout) and succeeds
                assertThat(a.getMembers(GROUP).get(Duration.ofSeconds(20))).containsExactly("a");
                restart.get(20, TimeUnit.SECONDS);

                assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
                assertThat(lease.isStillOwner()).isTrue();
                assertThat(ZkFaultKit.sessionId(a)).isEqualTo(session);
                try (Coordinator b = ZkFaultKit.coordinator(server.getConnectString(), "b", 10, ns)) {
                    assertThat(b.getMembersWithCapabilities(GROUP).get()).isEqualTo(Map.of("a", CAPS));
                    assertThat(b.getLock("job").tryAcquire()).isEmpty();
                    assertThat(b.getLock("job").holder()).contains("a");
                }
                assertThat(lease.release()).isTrue();
                assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void operationsFailDuringAnOutageAndWorkAfterItWithoutLosingTheSession() throws Exception {
        try (TestingServer server = new TestingServer(ZkFaultKit.spec(), true)) {
            String ns = ZkFaultKit.namespace();
            try (Coordinator a = ZkFaultKit.coordinator(server.getConnectString(), "a", 20, ns)) {
                a.joinGroupCreate(GROUP, CAPS);
                LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
                long session = ZkFaultKit.sessionId(a);
                String hostPort = "127.0.0.1:" + server.getPort();

                server.stop();
                long stopped = System.nanoTime();
                assertThatThrownBy(() -> a.getMembers(GROUP).get(Duration.ofSeconds(30)))
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(hostPort);
                assertThatThrownBy(() -> a.getLock("other").tryAcquire())
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(hostPort);
                Duration down = Duration.ofNanos(System.nanoTime() - stopped);
                assertThat(down).as("failed well within the session timeout").isLessThan(Duration.ofSeconds(16));
                server.restart();

                await("operations work again")
                        .atMost(Duration.ofSeconds(15))
                        .ignoreExceptions()
                        .until(() -> a.getMembers(GROUP).get().contains("a"));
                assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
                assertThat(lease.isStillOwner()).isTrue();
                assertThat(ZkFaultKit.sessionId(a)).isEqualTo(session);
                assertThat(a.getMemberCapabilities(GROUP, "a").get()).isEqualTo(CAPS);
                try (LockLease other = a.getLock("other").acquire(Duration.ofSeconds(5))) {
                    assertThat(other.fencingToken()).isGreaterThan(lease.fencingToken());
                }
            }
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void outageLongerThanTheSessionLosesTheLeaseAndTheMemberRejoinsAfterIt() throws Exception {
        try (TestingServer server = new TestingServer(ZkFaultKit.spec(), true)) {
            String ns = ZkFaultKit.namespace();
            try (Coordinator a = ZkFaultKit.coordinator(server.getConnectString(), "a", 4, ns);
                    // b's session outlives the outage: it sees a go and come back
                    Coordinator b = ZkFaultKit.coordinator(server.getConnectString(), "b", 40, ns)) {
                a.joinGroupCreate(GROUP, CAPS);
                Instant joined = b.getMemberInfo(GROUP, "a").get().joinedAt().orElseThrow();
                LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
                long session = ZkFaultKit.sessionId(a);

                server.stop();
                long stopped = System.nanoTime();
                // the lease's deadline (last confirmation + session timeout - margin) passes before the server
                // could expire the session: the holder hears first, before the session is declared lost
                assertThat(lease.lost().toCompletableFuture().get(20, TimeUnit.SECONDS))
                        .isEqualTo(LossReason.CONNECTION_LOST);
                assertThat(Duration.ofNanos(System.nanoTime() - stopped))
                        .as("signalled within one session timeout after the connection went")
                        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
                // stay down past the session timeout (4 s) with room to spare, so that the client gives the session up
                // (Curator's LOST) and opens a new one: a server back sooner would let the old session resume
                Thread.sleep(Math.max(
                        0,
                        10_000 - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
                server.restart();

                await("a rejoined")
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() -> b.getMembers(GROUP).get().contains("a"));
                assertThat(ZkFaultKit.sessionId(a)).isNotEqualTo(session);
                // the server expires a's old session (and its znodes) one session timeout after the restart; the
                // membership must be the new session's and survive that
                await("a stays a member after its old session is expired by the server")
                        .during(Duration.ofSeconds(8))
                        .atMost(Duration.ofSeconds(20))
                        .ignoreExceptions()
                        .until(() -> b.getMembers(GROUP).get().contains("a"));
                assertThat(b.getMemberCapabilities(GROUP, "a").get()).isEqualTo(CAPS);
                assertThat(b.getMemberInfo(GROUP, "a").get().joinedAt())
                        .as("a joined again")
                        .hasValueSatisfying(t -> assertThat(t).isAfter(joined));
                // the old lock node went with the old session: the lock is free
                try (LockLease next = b.getLock("job").acquire(Duration.ofSeconds(10))) {
                    assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
                }
            }
        }
    }

    private static void restart(TestingServer server) {
        try {
            server.restart();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
