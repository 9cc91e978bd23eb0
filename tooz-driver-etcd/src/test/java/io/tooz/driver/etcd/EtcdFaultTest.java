package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failures of a 3-member etcd cluster of the test's own on loopback: the member that leads (through which every
 * write goes) dies, then a majority dies. Requests in flight when the leader dies are answered by etcd 3.4 only after
 * its request timeout (about 6 s here), so the first test's timeouts and TTLs are longer than that.
 */
@Timeout(120)
@ServerTest
class EtcdFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A URL on every member, the raft leader first. */
    private static String url(EtcdCluster cluster, String options) {
        List<String> hosts = new ArrayList<>(cluster.endpoints());
        hosts.add(0, hosts.remove(cluster.leaderIndex()));
        return "etcd3+http://" + String.join(",", hosts) + "?" + options;
    }

    private static Coordinator started(String url, String member) {
        Coordinator c = Coordinator.builder(url).memberId(member).build();
        c.start();
        return c;
    }

    @Test
    void whenTheLeaderDiesLocksMembershipsAndWatchesCarryOnWithNoEventLostOrRepeated() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(3)) {
            String url = url(cluster, "timeout=8");
            try (Coordinator holder = started(url, "holder");
                    Coordinator observer = started(url, "observer")) {
                holder.joinGroupCreate("g");
                LockLease lease = holder.getLock("x").acquire();
                CompletableFuture<LossReason> lost = lease.lost().toCompletableFuture();
                EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
                EventRecorder<GroupEvent.MemberLeft> leaves = new EventRecorder<>();
                observer.watchJoinGroup("g", joins);
                observer.watchLeaveGroup("g", leaves);

                cluster.kill(cluster.leaderIndex());
                try (Coordinator newcomer = started(url, "newcomer")) {
                    newcomer.joinGroup("g").get();
                    newcomer.leaveGroup("g").get();
                }
                await().atMost(WAIT).until(() -> leaves.contains(new GroupEvent.MemberLeft("g", "newcomer")));
                Thread.sleep(Duration.ofSeconds(10).toMillis()); // past the TTL: heartbeats must have kept both leases
                assertThat(joins.count(new GroupEvent.MemberJoined("g", "newcomer")))
                        .isEqualTo(1);
                assertThat(leaves.count(new GroupEvent.MemberLeft("g", "newcomer")))
                        .isEqualTo(1);
                assertThat(leaves.count(new GroupEvent.MemberLeft("g", "holder")))
                        .isZero();
                assertThat(observer.getMembers("g").get()).containsExactly("holder");
                assertThat(lost).isNotDone();
                assertThat(lease.isStillOwner()).isTrue();
                assertThat(observer.getLock("x").tryAcquire()).isEmpty();
                assertThat(lease.release()).isTrue();
                assertThat(observer.getLock("x").tryAcquire()).isPresent();
            }
        }
    }

    @Test
    void aWatchCutOffFromItsOnlyMemberResumesFromItsLastRevisionSoEveryJoinAndLeaveMeanwhileIsSeenOnce()
            throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(3)) {
            int leader = cluster.leaderIndex();
            int cut = (leader + 1) % 3; // a follower: the others keep their leader and answer at once
            String others = "etcd3+http://" + cluster.endpoint(leader) + "," + cluster.endpoint((leader + 2) % 3)
                    + "?timeout=8";
            try (Coordinator observer = started("etcd3+http://" + cluster.endpoint(cut) + "?timeout=8", "observer");
                    Coordinator a = started(others, "a");
                    Coordinator b = started(others, "b")) {
                a.createGroup("g").get();
                EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
                EventRecorder<GroupEvent.MemberLeft> leaves = new EventRecorder<>();
                observer.watchJoinGroup("g", joins);
                observer.watchLeaveGroup("g", leaves);
                b.joinGroup("g").get();
                await().atMost(WAIT).until(() -> joins.contains(new GroupEvent.MemberJoined("g", "b")));

                cluster.kill(cut); // the observer's only member: its watch stream breaks
                a.joinGroup("g").get();
                a.leaveGroup("g").get();
                b.leaveGroup("g").get();
                b.joinGroup("g").get();
                Thread.sleep(1000);
                assertThat(joins.size())
                        .as("nothing can reach the cut-off observer")
                        .isEqualTo(1);
                cluster.restart(cut);

                await().atMost(WAIT).until(() -> joins.size() == 3 && leaves.size() == 2);
                assertThat(joins.events())
                        .containsExactly(
                                new GroupEvent.MemberJoined("g", "b"),
                                new GroupEvent.MemberJoined("g", "a"),
                                new GroupEvent.MemberJoined("g", "b"));
                assertThat(leaves.events())
                        .containsExactly(new GroupEvent.MemberLeft("g", "a"), new GroupEvent.MemberLeft("g", "b"));
                Thread.sleep(1000);
                assertThat(joins.size() + leaves.size()).as("no event repeated").isEqualTo(5);
                assertThat(observer.getMembers("g").get()).containsExactly("b");
            }
        }
    }

    @Test
    void withoutAMajorityOperationsFailAndHeldLocksAreReportedLostOnceTheirLeaseRanOut() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(3)) {
            String url = url(cluster, "timeout=2&membership_timeout=3&lock_timeout=3");
            try (Coordinator holder = started(url, "holder")) {
                holder.joinGroupCreate("g");
                LockLease lease = holder.getLock("x").acquire();
                CompletableFuture<LossReason> lost = lease.lost().toCompletableFuture();
                int leader = cluster.leaderIndex();
                cluster.kill((leader + 1) % 3);
                cluster.kill((leader + 2) % 3);

                assertThatThrownBy(() -> holder.createGroup("h").get())
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining(cluster.endpoint(leader));
                assertThat(lost.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(LossReason.CONNECTION_LOST);

                cluster.restart((leader + 1) % 3);
                cluster.restart((leader + 2) % 3);
                try (Coordinator other = started(url, "other")) {
                    LockLease taken = other.getLock("x").acquire(WAIT);
                    assertThat(taken.fencingToken()).isGreaterThan(lease.fencingToken());
                    other.createGroup("i").get();
                }
                // "h" may exist now: etcd applies an accepted request even after its client gave up waiting
                assertThat(holder.getGroups().get()).contains("g", "i");
            }
        }
    }
}
