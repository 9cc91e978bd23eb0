package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.WatchCallback;
import io.tooz.tck.Faults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with pymemcache) on one memcached see each
 * other's groups, capabilities, liveness, locks and leader locks. The Python peer passes lock names as bytes, which
 * 3.1.0's memcached driver needs. Python polls a held lock once a second; Java with backoff up to 500 ms.
 */
class MemcachedInteropTest extends MemcachedInteropFixture {

    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"));
    }

    @Test
    void groupsCreatedOnEitherSideAreListedJoinedAndDeletedByTheOther() {
        PythonPeer py = python("py-groups");
        Coordinator java = java("java-groups");
        GroupInterop.createJoinLeaveAndDeleteCrosswise(py, java, "java-groups", "py-groups");
    }

    @Test
    void aLockHeldOnEitherSideExcludesTheOtherAndNamesItsHolder() {
        PythonPeer py = python("py-lock");
        Coordinator java = java("java-lock");
        DistributedLock lock = java.getLock("shared");

        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(lock.holder()).contains("py-lock");
        assertThat(pythonLock(py, "lock_release", "shared")).isEqualTo(true);

        LockLease lease = lock.tryAcquire().orElseThrow();
        assertThat(lock.holder()).contains("java-lock");
        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(pythonLock(py, "lock_release", "shared")).isEqualTo(true);
        LockLease again = lock.tryAcquire().orElseThrow();
        assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
        again.release();
    }

    @Test
    void blockedWaitersOnEachSideGetTheLockWhenTheOtherReleases() throws Exception {
        PythonPeer py = python("py-queued");
        Coordinator java = java("java-queued");
        assertThat(pythonLock(py, "lock_acquire", "queued", "blocking", false)).isEqualTo(true);
        CompletableFuture<LockLease> waiting =
                CompletableFuture.supplyAsync(() -> java.getLock("queued").acquire(WAIT));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        assertThat(pythonLock(py, "lock_release", "queued")).isEqualTo(true);
        LockLease lease = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        pythonLock(py, "lock_acquire_async", "queued", "blocking", true);
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 1.5))
                .as("Python must still wait while Java holds the lock")
                .isEqualTo(asyncResult(false, null));
        assertThat(lease.release()).isTrue();
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 10.0)).isEqualTo(asyncResult(true, true));
        assertThat(java.getLock("queued").tryAcquire()).isEmpty();
        assertThat(pythonLock(py, "lock_release", "queued")).isEqualTo(true);
    }

    @Test
    void aPythonLeaderHoldsOffJavaUntilItStopsAndAJavaLeaderHoldsOffPython() {
        PythonPeer py = python("py-leader");
        Coordinator java = java("java-leader");
        py.call("create_group", "group", "g");
        py.call("watch_elected_as_leader", "group", "g");
        assertThat(py.call("run_watchers")).isEqualTo(List.of(event("elected", "g", "py-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("py-leader");

        List<GroupEvent> elected = new CopyOnWriteArrayList<>();
        WatchCallback<GroupEvent.LeaderElected> onElected = elected::add;
        py.call("heartbeat"); // keeps Python's leader lock for another leader_timeout
        java.watchElectedAsLeader("g", onElected);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(elected::isEmpty);
        py.call("stop"); // releases its locks, the leader lock included
        await().atMost(WAIT).until(() -> elected.contains(new GroupEvent.LeaderElected("g", "java-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("java-leader");
        assertThat(py.call("start", "url", url(), "member", "py-leader")).isEqualTo(true);
        assertThat(py.call("get_leader", "group", "g")).isEqualTo("java-leader");

        PythonPeer py2 = python("py-leader-2");
        py2.call("watch_elected_as_leader", "group", "g");
        assertThat(py2.call("run_watchers")).isEqualTo(List.of());
        java.unwatchElectedAsLeader("g", onElected);
        awaitPythonEvent(py2, event("elected", "g", "py-leader-2"));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("py-leader-2");
    }

    @Test
    void eachSideSeesTheOtherJoinAndExpireWhenItsHeartbeatsStop() {
        PythonPeer py = python("py-watcher");
        Coordinator java = java("java-dies");
        py.call("create_group", "group", "g");
        py.call("watch_join_group", "group", "g");
        py.call("watch_leave_group", "group", "g");
        java.joinGroup("g").get(TIMEOUT);
        awaitPythonEvent(py, event("join", "g", "java-dies"));
        Faults.pauseHeartbeats(java);
        awaitPythonEvent(py, event("leave", "g", "java-dies"));
        assertThat(py.strings("get_members", "group", "g")).isEmpty();

        PythonPeer dies = python("py-dies");
        Coordinator watcher = java("java-watcher");
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        watcher.watchJoinGroup("g", javaSaw::add);
        watcher.watchLeaveGroup("g", javaSaw::add);
        dies.call("join_group", "group", "g");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined("g", "py-dies")));
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft("g", "py-dies")));
    }

    /** A peer.py lock command on the lock {@code name} passed as bytes, as 3.1.0's memcached driver needs. */
    private static Object pythonLock(PythonPeer py, String op, String name, Object... more) {
        Object[] args = new Object[4 + more.length];
        args[0] = "name";
        args[1] = name;
        args[2] = "bytes_name";
        args[3] = true;
        System.arraycopy(more, 0, args, 4, more.length);
        return py.call(op, args);
    }
}
