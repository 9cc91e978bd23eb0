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
import io.tooz.tck.Faults;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with redis-py) on one Redis namespace see each
 * other's groups, capabilities, liveness, locks and leader locks.
 *
 * <p>Java runs with {@code lock_key_format=legacy} and the Python peer passes lock names as bytes, so both use 3.1.0's
 * lock keys. Python acts only when called: it refreshes its liveness key on {@code heartbeat}, fires watchers in
 * {@code run_watchers} and publishes nothing, so Java notices its changes by re-reading watched groups every {@code
 * watch_check_interval} (1 s) and polls locks Python holds every 100 ms. {@code timeout=4} makes both the membership
 * and the lock TTL 4 s.
 */
class RedisInteropTest extends RedisInteropFixture {
    /** What a redis-py lock stores, and so what Java reports as the holder of a lock Python holds. */
    static final String REDIS_PY_TOKEN = "[0-9a-f]{32}";

    static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(4);

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
    void aLockHeldOnEitherSideExcludesTheOther() {
        PythonPeer py = python("py-lock");
        Coordinator java = java("java-lock");
        DistributedLock lock = java.getLock("shared");

        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(300))).isInstanceOf(LockAcquireFailedException.class);
        assertThat(lock.holder()).hasValueSatisfying(h -> assertThat(h).matches(REDIS_PY_TOKEN));
        assertThat(pythonLock(py, "lock_release", "shared")).isEqualTo(true);

        LockLease lease = lock.tryAcquire().orElseThrow();
        assertThat(lock.holder()).contains("java-lock");
        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(pythonLock(py, "lock_release", "shared")).isEqualTo(true);
        Optional<LockLease> again = lock.tryAcquire();
        assertThat(again).isPresent();
        again.get().release();
    }

    @Test
    void aBlockedJavaWaiterGetsTheLockWithinASecondOfPythonReleasingIt() throws Exception {
        PythonPeer py = python("py-first");
        Coordinator java = java("java-next");
        assertThat(pythonLock(py, "lock_acquire", "queued", "blocking", false)).isEqualTo(true);
        CompletableFuture<LockLease> waiting =
                CompletableFuture.supplyAsync(() -> java.getLock("queued").acquire(WAIT));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());

        long released = System.nanoTime();
        assertThat(pythonLock(py, "lock_release", "queued")).isEqualTo(true);
        LockLease lease = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - released))
                .as("Java polls a lock held by Python every 100 ms")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(pythonLock(py, "lock_acquire", "queued", "blocking", false)).isEqualTo(false);
        assertThat(lease.release()).isTrue();
    }

    @Test
    void aBlockedPythonWaiterGetsTheLockWhenJavaReleases() {
        PythonPeer py = python("py-next");
        Coordinator java = java("java-first");
        LockLease lease = java.getLock("queued").acquire(TIMEOUT);
        // redis-py returns False when a blocking acquire times out (kazoo raises instead)
        assertThat(pythonLock(py, "lock_acquire", "queued", "blocking", 0.5)).isEqualTo(false);
        pythonLock(py, "lock_acquire_async", "queued", "blocking", 20);
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 1.0))
                .as("Python must still wait while Java holds the lock")
                .isEqualTo(asyncResult(false, null));
        assertThat(lease.release()).isTrue();
        assertThat(py.call("lock_async_result", "name", "queued", "wait", 10.0)).isEqualTo(asyncResult(true, true));
        assertThat(java.getLock("queued").tryAcquire()).isEmpty();
        assertThat(pythonLock(py, "lock_release", "queued")).isEqualTo(true);
        assertThat(java.getLock("queued").acquire(TIMEOUT).release()).isTrue();
    }

    /** Documents why {@code lock_key_format=legacy} is needed with 3.1.0: modern keys are other keys. */
    @Test
    void withModernLockKeysJavaAndPython310DoNotExcludeEachOther() {
        PythonPeer py = python("py-legacy");
        Coordinator modern =
                java(Coordinator.builder(url()).memberId("java-modern").option("lock_key_format", "modern"));
        assertThat(pythonLock(py, "lock_acquire", "by-python", "blocking", false))
                .isEqualTo(true);
        assertThat(modern.getLock("by-python").tryAcquire()).isPresent();
        assertThat(modern.getLock("by-java").tryAcquire()).isPresent();
        assertThat(pythonLock(py, "lock_acquire", "by-java", "blocking", false)).isEqualTo(true);
    }

    @Test
    void aPythonLeaderHoldsOffJavaUntilItStopsAndAJavaLeaderHoldsOffPython() {
        PythonPeer py = python("py-leader");
        Coordinator java = java("java-leader");
        py.call("create_group", "group", "g");
        py.call("watch_elected_as_leader", "group", "g");
        assertThat(py.call("run_watchers")).isEqualTo(List.of(event("elected", "g", "py-leader")));
        // 3.1.0's leader lock holds a redis-py token, not the member id: Java sees that someone leads, not who
        assertThat(java.getLeader("g").get(TIMEOUT))
                .hasValueSatisfying(l -> assertThat(l).matches(REDIS_PY_TOKEN));

        List<GroupEvent> elected = new CopyOnWriteArrayList<>();
        WatchCallback<GroupEvent.LeaderElected> onElected = elected::add;
        py.call("heartbeat"); // keeps Python's leader lock for another lock_timeout
        java.watchElectedAsLeader("g", onElected);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(elected::isEmpty);
        py.call("stop"); // releases its locks, the leader lock included
        await().atMost(WAIT).until(() -> elected.contains(new GroupEvent.LeaderElected("g", "java-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("java-leader");

        PythonPeer py2 = python("py-leader-2");
        py2.call("watch_elected_as_leader", "group", "g");
        assertThat(py2.call("run_watchers")).isEqualTo(List.of());
        java.unwatchElectedAsLeader("g", onElected);
        awaitPythonEvent(py2, event("elected", "g", "py-leader-2"));
        assertThat(java.getLeader("g").get(TIMEOUT))
                .hasValueSatisfying(l -> assertThat(l).matches(REDIS_PY_TOKEN));
    }

    @Test
    void aPythonWatcherSeesAJavaMemberJoinAndThenExpireWhenItsHeartbeatsStop() {
        PythonPeer py = python("py-watcher");
        Coordinator java = java("java-dies");
        py.call("create_group", "group", "g");
        py.call("watch_join_group", "group", "g");
        py.call("watch_leave_group", "group", "g");
        java.joinGroup("g").get(TIMEOUT);
        awaitPythonEvent(py, event("join", "g", "java-dies"));

        Faults.pauseHeartbeats(java);
        long paused = System.nanoTime();
        assertThat(py.call("run_watchers"))
                .as("still alive until its beat key expires")
                .isEqualTo(List.of());
        awaitPythonEvent(py, event("leave", "g", "java-dies"));
        assertThat(Duration.ofNanos(System.nanoTime() - paused))
                .as("the beat key lives membership_timeout after the last heartbeat (every half of it)")
                .isGreaterThan(MEMBERSHIP_TIMEOUT.dividedBy(2).minusMillis(500));
        assertThat(java.isStarted()).isTrue();
        assertThat(py.strings("get_members", "group", "g")).isEmpty();
    }

    @Test
    void aJavaWatcherSeesAPythonMemberJoinAndThenExpireWhenItsHeartbeatsStop() throws InterruptedException {
        PythonPeer py = python("py-dies");
        Coordinator java = java("java-watcher");
        java.createGroup("g").get(TIMEOUT);
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        java.watchJoinGroup("g", javaSaw::add);
        java.watchLeaveGroup("g", javaSaw::add);
        py.call("join_group", "group", "g");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined("g", "py-dies")));

        // Python's heartbeats keep it a member well past membership_timeout...
        long until = System.nanoTime() + MEMBERSHIP_TIMEOUT.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            py.call("heartbeat");
            Thread.sleep(500);
        }
        assertThat(java.getMembers("g").get(TIMEOUT)).containsExactly("py-dies");
        assertThat(javaSaw).containsExactly(new GroupEvent.MemberJoined("g", "py-dies"));

        // ...and once they stop, its beat key expires and Java's periodic re-read removes it
        long lastBeat = System.nanoTime();
        py.call("heartbeat");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft("g", "py-dies")));
        assertThat(Duration.ofNanos(System.nanoTime() - lastBeat)).isGreaterThan(MEMBERSHIP_TIMEOUT);
        assertThat(javaSaw)
                .containsExactly(
                        new GroupEvent.MemberJoined("g", "py-dies"), new GroupEvent.MemberLeft("g", "py-dies"));
        assertThat(py.strings("get_members", "group", "g"))
                .as("3.1.0 does not re-join")
                .isEmpty();
    }

    /** A peer.py lock command on the lock {@code name} passed as bytes, as 3.1.0's Redis driver is used. */
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
