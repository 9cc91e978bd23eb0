package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.GroupEvent;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.WatchCallback;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with kazoo) on one ZooKeeper namespace see each
 * other's membership, capabilities, locks and leadership. Hash ring and partitioner agreement is in {@link
 * ZooKeeperPartitionInteropTest}.
 */
class ZooKeeperInteropTest extends InteropFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        PythonPeer py = python("py-caps");
        Coordinator java = java("java-caps");
        Map<String, Object> cases = capabilityCases();
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            String group = "caps-" + c.getKey();
            py.call("create_group", "group", group);
            py.call("join_group", "group", group, "caps", Tagged.encode(c.getValue()));
            java.joinGroup(group, Capabilities.of(c.getValue())).get(TIMEOUT);
        }
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            String group = "caps-" + c.getKey();
            Capabilities expected = Capabilities.of(c.getValue());
            assertThat(java.getMembers(group).get(TIMEOUT)).containsExactlyInAnyOrder("py-caps", "java-caps");
            assertThat(java.getMemberCapabilities(group, "py-caps").get(TIMEOUT))
                    .as("Java reading Python's %s capabilities", c.getKey())
                    .isEqualTo(expected);
            assertThat(java.getMembersWithCapabilities(group).get(TIMEOUT))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("py-caps", expected, "java-caps", expected));
            assertThat(py.strings("get_members", "group", group)).containsExactly("java-caps", "py-caps");
            Object fromPython = py.call("get_member_capabilities", "group", group, "member", "java-caps");
            assertThat(Capabilities.of(Tagged.decode(fromPython)))
                    .as("Python reading Java's %s capabilities", c.getKey())
                    .isEqualTo(expected);
        }
        // bytes stay bytes and str stays str, on both sides
        assertThat(java.getMemberCapabilities("caps-bytes", "py-caps")
                        .get(TIMEOUT)
                        .value())
                .isInstanceOf(ByteBuffer.class);
        assertThat(java.getMemberCapabilities("caps-string", "py-caps")
                        .get(TIMEOUT)
                        .value())
                .isInstanceOf(String.class);
        assertThat(py.call("get_member_capabilities", "group", "caps-bytes", "member", "java-caps"))
                .isInstanceOf(Map.class);
        assertThat(py.call("get_member_capabilities", "group", "caps-string", "member", "java-caps"))
                .isEqualTo("héllo wörld ✓");
        assertThat(py.call("get_member_capabilities", "group", "caps-null", "member", "java-caps"))
                .isNull();

        // joining without capabilities: Python 3.1.0 stores b"", Java stores nil (None)
        py.call("create_group", "group", "caps-default");
        py.call("join_group", "group", "caps-default");
        java.joinGroup("caps-default").get(TIMEOUT);
        assertThat(java.getMemberCapabilities("caps-default", "py-caps").get(TIMEOUT))
                .isEqualTo(Capabilities.of(new byte[0]));
        assertThat(py.call("get_member_capabilities", "group", "caps-default", "member", "java-caps"))
                .isNull();
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

    /** Calls Python's run_watchers until it has reported {@code expected}. */
    static void awaitPythonEvent(PythonPeer py, Map<String, Object> expected) {
        List<Object> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            seen.addAll((List<?>) py.call("run_watchers"));
            assertThat(seen).contains(expected);
        });
    }

    static Map<String, Object> event(String type, String group, String member) {
        return map("type", type, "group", group, "member", member);
    }

    static Map<String, Object> asyncResult(boolean done, Boolean acquired) {
        return map("done", done, "acquired", acquired, "error", null);
    }

    /** One capability value per shape; each is joined with by both sides in a group of its own. */
    static Map<String, Object> capabilityCases() {
        byte[] raw = {0, (byte) 0xff, (byte) 0xc3, 'r', 'a', 'w'}; // not valid UTF-8
        Map<String, Object> cases = new LinkedHashMap<>();
        cases.put("map", map("host", "node-1", "weight", 2L, "ratio", 0.5, "up", true, "none", null));
        cases.put("list", Arrays.asList(1L, "two", new byte[] {'3'}, null, 4.5, false));
        cases.put("string", "héllo wörld ✓");
        cases.put("bytes", raw);
        cases.put("null", null);
        cases.put("nested", map("a", map("b", List.of(map("c", raw, "d", null))), "e", List.of(List.of(), map())));
        return cases;
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
