package io.tooz.interop;

import static io.tooz.interop.InteropFixture.TIMEOUT;
import static io.tooz.interop.InteropFixture.WAIT;
import static io.tooz.interop.InteropFixture.awaitPythonEvent;
import static io.tooz.interop.InteropFixture.event;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What a Java member and a Python tooz 3.1.0 member run alike on a key-value backend where Python passes lock names as
 * bytes and members live by a TTL'd key (Redis, memcached): each other's capabilities, groups, locks, leader locks and
 * liveness. The backend's test class extends its {@link InteropFixture} and implements this; what differs per backend
 * (waiting for a lock, lock key formats) stays in the class.
 */
interface InteropContract {
    /** The membership TTL both sides' URLs configure ({@code timeout=4}). */
    Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(4);

    /** A started Java coordinator on the test's namespace (from {@link InteropFixture}). */
    Coordinator java(String memberId);

    /** A started Python peer on the test's namespace (from {@link InteropFixture}). */
    PythonPeer python(String memberId);

    /** What Java reads as the holder of a lock or leadership the Python member {@code memberId} holds (a regex). */
    String pythonHolder(String memberId);

    /**
     * Checks what the Python leader that {@code stop}ped reads once Java leads {@code group}; nothing by default (3.1.0's
     * Redis driver has no get_leader).
     */
    default void pythonSeesTheJavaLeader(PythonPeer stopped, String group, String javaLeader) {}

    /**
     * How early a key may expire before its TTL on this backend: none by default (Redis expires to the millisecond);
     * memcached counts TTLs on a clock that ticks once a second, so a key set just before a tick lives up to a second less.
     */
    default Duration expiryGranularity() {
        return Duration.ZERO;
    }

    /** Whether the backend's Python driver has watchers and get_leader, for {@link IdTypeInterop}. */
    IdTypeInterop.PythonHas pythonHas();

    @Test
    default void pythonReadsTheIdsJavaWroteAsBytesAsItsOwn() {
        IdTypeInterop.assertPythonReadsJavaIdsAsItsOwnBytes(python("py-ids"), java("java-ids"), "", pythonHas());
    }

    @Test
    default void javaGroupIdsTakeTheTypeOfPythonsStrGroupIds() {
        IdTypeInterop.assertJavaGroupIdsTakeTheTypeOfPythonsStrOnes(python("py-str"), java("java-str"), "");
    }

    @Test
    default void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"));
    }

    /** With group ids as bytes on the Python side, tooz's documented type (str ones: {@link IdTypeInterop}). */
    @Test
    default void groupsCreatedOnEitherSideAreListedJoinedAndDeletedByTheOther() {
        PythonPeer py = python("py-groups");
        Coordinator java = java("java-groups");
        py.call("group_ids_as", "type", "bytes");
        GroupInterop.createJoinLeaveAndDeleteCrosswise(py, java, "java-groups", "py-groups");
    }

    @Test
    default void aLockHeldOnEitherSideExcludesTheOtherAndNamesItsHolder() {
        PythonPeer py = python("py-lock");
        Coordinator java = java("java-lock");
        DistributedLock lock = java.getLock("shared");

        assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(300))).isInstanceOf(LockAcquireFailedException.class);
        assertThat(lock.holder()).hasValueSatisfying(h -> assertThat(h).matches(pythonHolder("py-lock")));
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
    default void aPythonLeaderHoldsOffJavaUntilItStopsAndAJavaLeaderHoldsOffPython() {
        PythonPeer py = python("py-leader");
        Coordinator java = java("java-leader");
        py.call("create_group", "group", "g");
        py.call("watch_elected_as_leader", "group", "g");
        assertThat(py.call("run_watchers")).isEqualTo(List.of(event("elected", "g", "py-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT))
                .hasValueSatisfying(l -> assertThat(l).matches(pythonHolder("py-leader")));

        List<GroupEvent> elected = new CopyOnWriteArrayList<>();
        WatchCallback<GroupEvent.LeaderElected> onElected = elected::add;
        py.call("heartbeat"); // keeps Python's leader lock for another lock TTL
        java.watchElectedAsLeader("g", onElected);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(elected::isEmpty);
        py.call("stop"); // releases its locks, the leader lock included
        await().atMost(WAIT).until(() -> elected.contains(new GroupEvent.LeaderElected("g", "java-leader")));
        assertThat(java.getLeader("g").get(TIMEOUT)).contains("java-leader");
        pythonSeesTheJavaLeader(py, "g", "java-leader");

        PythonPeer py2 = python("py-leader-2");
        py2.call("watch_elected_as_leader", "group", "g");
        assertThat(py2.call("run_watchers")).isEqualTo(List.of());
        java.unwatchElectedAsLeader("g", onElected);
        awaitPythonEvent(py2, event("elected", "g", "py-leader-2"));
        assertThat(java.getLeader("g").get(TIMEOUT))
                .hasValueSatisfying(l -> assertThat(l).matches(pythonHolder("py-leader-2")));
    }

    @Test
    default void aPythonWatcherSeesAJavaMemberJoinAndThenExpireWhenItsHeartbeatsStop() {
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
                .as("still alive until its liveness key expires")
                .isEqualTo(List.of());
        awaitPythonEvent(py, event("leave", "g", "java-dies"));
        assertThat(Duration.ofNanos(System.nanoTime() - paused))
                .as("the liveness key lives the membership TTL after the last heartbeat (every half of it)")
                .isGreaterThan(MEMBERSHIP_TIMEOUT.dividedBy(2).minusMillis(500));
        assertThat(java.isStarted()).isTrue();
        assertThat(py.strings("get_members", "group", "g")).isEmpty();
    }

    @Test
    default void aJavaWatcherSeesAPythonMemberJoinAndThenExpireWhenItsHeartbeatsStop() throws InterruptedException {
        PythonPeer py = python("py-dies");
        Coordinator java = java("java-watcher");
        java.createGroup("g").get(TIMEOUT);
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        java.watchJoinGroup("g", javaSaw::add);
        java.watchLeaveGroup("g", javaSaw::add);
        py.call("join_group", "group", "g");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined("g", "py-dies")));

        // Python's heartbeats keep it a member well past the membership TTL...
        long until = System.nanoTime() + MEMBERSHIP_TIMEOUT.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            py.call("heartbeat");
            Thread.sleep(500);
        }
        assertThat(java.getMembers("g").get(TIMEOUT)).containsExactly("py-dies");
        assertThat(javaSaw).containsExactly(new GroupEvent.MemberJoined("g", "py-dies"));

        // ...and once they stop, its liveness key expires and Java's re-read removes it
        long lastBeat = System.nanoTime();
        py.call("heartbeat");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft("g", "py-dies")));
        assertThat(Duration.ofNanos(System.nanoTime() - lastBeat))
                .as("the liveness key lives the membership TTL after the last heartbeat")
                .isGreaterThan(MEMBERSHIP_TIMEOUT.minus(expiryGranularity()));
        assertThat(javaSaw)
                .containsExactly(
                        new GroupEvent.MemberJoined("g", "py-dies"), new GroupEvent.MemberLeft("g", "py-dies"));
        assertThat(py.strings("get_members", "group", "g"))
                .as("3.1.0 does not re-join")
                .isEmpty();
    }

    /** A peer.py lock command on the lock {@code name} passed as bytes, as 3.1.0's Redis and memcached drivers take it. */
    static Object pythonLock(PythonPeer py, String op, String name, Object... more) {
        Object[] args = new Object[4 + more.length];
        args[0] = "name";
        args[1] = name;
        args[2] = "bytes_name";
        args[3] = true;
        System.arraycopy(more, 0, args, 4, more.length);
        return py.call(op, args);
    }
}
