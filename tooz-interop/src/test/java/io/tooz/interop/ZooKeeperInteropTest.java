package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.GroupEvent;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.WatchCallback;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with kazoo) on one ZooKeeper namespace see each
 * other's membership, capabilities, locks and leadership. Hash ring and partitioner agreement is in {@link
 * ZooKeeperPartitionInteropTest}.
 */
class ZooKeeperInteropTest extends ZooKeeperInteropFixture {
    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"));
    }

    @Test
    void pythonReadsTheIdsJavaWroteAsBytesAsItsOwn() {
        IdTypeInterop.assertPythonReadsJavaIdsAsItsOwnBytes(
                python("py-ids"), java("java-ids"), "", new IdTypeInterop.PythonHas(true, true));
    }

    @Test
    void javaGroupIdsTakeTheTypeOfPythonsStrGroupIds() {
        IdTypeInterop.assertJavaGroupIdsTakeTheTypeOfPythonsStrOnes(python("py-str"), java("java-str"), "");
    }

    @Test
    void joinAndLeaveWatchersSeeTheOtherSide() {
        PythonPeer py = python("py-watch");
        Coordinator java = java("java-watch");
        py.call("create_group", "group", "g");
        py.call("watch_join_group", "group", "g");
        py.call("watch_leave_group", "group", "g");
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        java.watchJoinGroup("g", javaSaw::add);
        java.watchLeaveGroup("g", javaSaw::add);

        java.joinGroup("g").get(TIMEOUT);
        awaitPythonEvent(py, event("join", "g", "java-watch"));
        py.call("join_group", "group", "g");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined("g", "py-watch")));
        java.leaveGroup("g").get(TIMEOUT);
        awaitPythonEvent(py, event("leave", "g", "java-watch"));
        py.call("stop");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft("g", "py-watch")));
        assertThat(javaSaw.stream().filter(e -> e.memberId().equals("py-watch")))
                .containsExactly(
                        new GroupEvent.MemberJoined("g", "py-watch"), new GroupEvent.MemberLeft("g", "py-watch"));
    }

    @Test
    void aLockHeldOnEitherSideExcludesTheOther() {
        PythonPeer py = python("py-lock");
        Coordinator java = java("java-lock");
        DistributedLock lock = java.getLock("shared");

        assertThat(py.call("lock_acquire", "name", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(500))).isInstanceOf(LockAcquireFailedException.class);
        assertThat(lock.holder()).contains("py-lock");
        assertThat(py.call("lock_release", "name", "shared")).isEqualTo(true);

        LockLease lease = lock.acquire(TIMEOUT);
        assertThat(py.call("lock_acquire", "name", "shared", "blocking", false)).isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(py.call("lock_acquire", "name", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(py.call("lock_release", "name", "shared")).isEqualTo(true);
        Optional<LockLease> again = lock.tryAcquire();
        assertThat(again).isPresent();
        again.get().release();
    }

    @Test
    void aBlockedPythonWaiterGetsTheLockWhenJavaReleases() {
        PythonPeer py = python("py-queue");
        Coordinator java = java("java-queue");
        LockLease lease = java.getLock("queued").acquire(TIMEOUT);
        // tooz 3.1.0 lets kazoo's LockTimeout escape instead of returning False
        assertThat(py.callFailing("lock_acquire", "name", "queued", "blocking", 0.5))
                .startsWith("LockTimeout");
        py.call("lock_acquire_async", "name", "queued", "blocking", 20);
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 1.0))
                .as("Python must still wait while Java holds the lock")
                .isEqualTo(asyncResult(false, null));
        assertThat(lease.release()).isTrue();
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 10.0)).isEqualTo(asyncResult(true, true));
        assertThat(java.getLock("queued").tryAcquire()).isEmpty();
        assertThat(py.call("lock_release", "name", "queued")).isEqualTo(true);
        assertThat(java.getLock("queued").acquire(TIMEOUT).release()).isTrue();
    }

    @Test
    void aLeaderElectedOnEitherSideIsReportedByTheOther() {
        PythonPeer py = python("py-leader");
        Coordinator java = java("java-leader");
        py.call("create_group", "group", "g");
        py.call("watch_elected_as_leader", "group", "g");
        assertThat(py.call("run_watchers")).isEqualTo(List.of(event("elected", "g", "py-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("py-leader");

        py.call("stop");
        List<GroupEvent> elected = new CopyOnWriteArrayList<>();
        WatchCallback<GroupEvent.LeaderElected> onElected = elected::add;
        java.watchElectedAsLeader("g", onElected);
        await().atMost(WAIT).until(() -> elected.contains(new GroupEvent.LeaderElected("g", "java-leader")));
        PythonPeer py2 = python("py-leader-2");
        assertThat(py2.call("get_leader", "group", "g")).isEqualTo("java-leader");

        // a Python contender loses while Java leads, and wins once Java withdraws
        py2.call("watch_elected_as_leader", "group", "g");
        assertThat(py2.call("run_watchers")).isEqualTo(List.of());
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("java-leader");
        java.unwatchElectedAsLeader("g", onElected);
        awaitPythonEvent(py2, event("elected", "g", "py-leader-2"));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("py-leader-2");
        assertThat(py2.call("get_leader", "group", "g")).isEqualTo("py-leader-2");
    }
}
