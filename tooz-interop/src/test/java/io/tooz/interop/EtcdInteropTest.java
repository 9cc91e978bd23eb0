package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupEvent;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.tck.Faults;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with python3-etcd3gw, its JSON gateway client) on
 * one etcd see each other's groups, members, capabilities and liveness, and exclude each other on locks: both write
 * Python's keys ({@code tooz/groups/<G>/}, {@code tooz/groups/<G>/<M>} under the member's lease, {@code
 * /tooz/locks<N>} under a lock lease), Python through the gateway and Java through gRPC.
 *
 * <p>Python's etcd driver has no watchers and no leaders, and acts only when called: its leases are refreshed on
 * {@code heartbeat} only, and a blocking acquire tries again every second. Java watches with etcd's own watches, so it
 * notices Python's changes as they happen. {@code membership_timeout} and {@code lock_timeout} are 5 s on both sides.
 */
class EtcdInteropTest extends EtcdInteropFixture {
    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"), prefix);
    }

    /** 3.1.0's etcd3gw driver has neither watchers nor leaders. */
    @Test
    void pythonReadsTheIdsJavaWroteAsBytesAsItsOwn() {
        IdTypeInterop.assertPythonReadsJavaIdsAsItsOwnBytes(
                python("py-ids"), java("java-ids"), prefix, new IdTypeInterop.PythonHas(false, false));
    }

    @Test
    void javaGroupIdsTakeTheTypeOfPythonsStrGroupIds() {
        IdTypeInterop.assertJavaGroupIdsTakeTheTypeOfPythonsStrOnes(python("py-str"), java("java-str"), prefix);
    }

    @Test
    void groupsCreatedOnEitherSideAreListedJoinedAndDeletedByTheOther() {
        PythonPeer py = python("py-groups");
        Coordinator java = java("java-groups");
        String byJava = name("by-java");
        String byPython = name("by-python");
        java.createGroup(byJava).get(TIMEOUT);
        py.call("create_group", "group", byPython);
        assertThat(py.callFailing("create_group", "group", byJava)).startsWith("GroupAlreadyExist");
        assertThatThrownBy(() -> java.createGroup(byPython).get(TIMEOUT))
                .isInstanceOf(GroupAlreadyExistsException.class);

        for (String group : List.of(byJava, byPython)) {
            java.joinGroup(group, Capabilities.of("java")).get(TIMEOUT);
            py.call("join_group", "group", group, "caps", "python");
            assertThat(java.getMembersWithCapabilities(group).get(TIMEOUT))
                    .isEqualTo(Map.of("java-groups", Capabilities.of("java"), "py-groups", Capabilities.of("python")));
            assertThat(py.strings("get_members", "group", group)).containsExactly("java-groups", "py-groups");
            assertThat(py.call("get_member_capabilities", "group", group, "member", "java-groups"))
                    .isEqualTo("java");
        }
        // with member keys under both groups: Java lists exactly the groups
        assertThat(ours(java.getGroups().get(TIMEOUT)))
                .as("Java's groups, with member keys under tooz/groups/")
                .containsExactly(byJava, byPython);
        // 3.1.0 lists them too, but also one bogus entry per member key: "<G>/<M>" without M's last character
        assertThat(ours(py.strings("get_groups"))).contains(byJava, byPython);

        assertThat(py.callFailing("delete_group", "group", byJava)).startsWith("GroupNotEmpty");
        assertThatThrownBy(() -> java.deleteGroup(byPython).get(TIMEOUT)).isInstanceOf(GroupNotEmptyException.class);
        for (String group : List.of(byJava, byPython)) {
            java.leaveGroup(group).get(TIMEOUT);
            py.call("leave_group", "group", group);
            assertThat(java.getMembers(group).get(TIMEOUT)).isEmpty();
            assertThat(py.strings("get_members", "group", group)).isEmpty();
        }
        py.call("delete_group", "group", byJava);
        java.deleteGroup(byPython).get(TIMEOUT);
        assertThatThrownBy(() -> java.getMembers(byJava).get(TIMEOUT)).isInstanceOf(GroupNotCreatedException.class);
        assertThat(py.callFailing("get_members", "group", byPython)).startsWith("GroupNotCreated");
        assertThat(ours(java.getGroups().get(TIMEOUT))).isEmpty();
        assertThat(ours(py.strings("get_groups"))).isEmpty();
        assertThat(rawGroupKeys()).isEmpty();
    }

    /**
     * The keys and values themselves, read from etcd: group keys hold their own key and no lease, member keys the
     * MessagePack capabilities under the member's lease, byte for byte alike on both sides, and lock keys are {@code
     * /tooz/locks} followed by the name's UTF-8 bytes, under a lease. Lock values differ (Python: 16 random bytes,
     * Java: its grant's id); each side only ever compares its own.
     */
    @Test
    void bothSidesWriteTheSameKeysAndValues() {
        PythonPeer py = python("py-layout");
        Coordinator java = java("java-layout");
        String byPython = name("by-python");
        String byJava = name("by-java");
        py.call("create_group", "group", byPython);
        java.createGroup(byJava).get(TIMEOUT);
        for (String group : List.of(byPython, byJava)) {
            py.call("join_group", "group", group, "caps", "same");
            java.joinGroup(group, Capabilities.of("same")).get(TIMEOUT);
        }
        PythonLock pyLock = pythonLock(py, name("py-ключ"));
        assertThat(pyLock.acquire(false)).isEqualTo(true);
        String javaLock = name("java-ключ");
        LockLease javaLease = java.getLock(javaLock).acquire(TIMEOUT);

        Map<String, RawKey> groups = rawGroupKeys();
        assertThat(groups.keySet())
                .containsExactlyInAnyOrder(
                        GROUPS + byPython + "/",
                        GROUPS + byPython + "/py-layout",
                        GROUPS + byPython + "/java-layout",
                        GROUPS + byJava + "/",
                        GROUPS + byJava + "/py-layout",
                        GROUPS + byJava + "/java-layout");
        long pyLease = groups.get(GROUPS + byPython + "/py-layout").lease();
        long javaMemberLease = groups.get(GROUPS + byPython + "/java-layout").lease();
        assertThat(pyLease).isNotZero().isNotEqualTo(javaMemberLease);
        assertThat(javaMemberLease).isNotZero();
        for (String group : List.of(byPython, byJava)) {
            String key = GROUPS + group + "/";
            assertThat(groups.get(key).valueText())
                    .as("the value of group key %s", key)
                    .isEqualTo(key);
            assertThat(groups.get(key).lease())
                    .as("the lease of group key %s", key)
                    .isZero();
            RawKey pyMember = groups.get(key + "py-layout");
            RawKey javaMember = groups.get(key + "java-layout");
            assertThat(hex(javaMember.value()))
                    .as("MessagePack of \"same\" by Java and Python in %s", group)
                    .isEqualTo(hex(pyMember.value()))
                    .isEqualTo("a473616d65");
            assertThat(pyMember.lease()).isEqualTo(pyLease);
            assertThat(javaMember.lease()).isEqualTo(javaMemberLease);
        }

        Map<String, RawKey> locks = rawLockKeys();
        assertThat(locks.keySet()).containsExactlyInAnyOrder(LOCKS + pyLock.name(), LOCKS + javaLock);
        RawKey byPythonLock = locks.get(LOCKS + pyLock.name());
        assertThat(byPythonLock.value()).hasSize(16);
        assertThat(byPythonLock.lease()).isNotZero();
        assertThat(locks.get(LOCKS + javaLock).lease()).isNotZero().isNotEqualTo(javaMemberLease);
        assertThat(java.getLock(pyLock.name()).holder())
                .hasValueSatisfying(h -> assertThat(h).isEqualTo("python-tooz:" + hex(byPythonLock.value())));

        assertThat(pyLock.release()).isEqualTo(true);
        assertThat(javaLease.release()).isTrue();
        assertThat(rawLockKeys()).isEmpty();
    }

    @Test
    void aLockPythonHoldsExcludesJavaUntilPythonReleasesIt() throws Exception {
        PythonLock py = pythonLock(python("py-first"), name("python-first"));
        LockInterop.assertPythonHoldsOffJavaUntilItReleases(py, java("java-next"), PYTHON_HOLDER);
    }

    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = pythonLock(python("py-next"), name("java-first"));
        LockInterop.assertJavaHoldsOffPythonUntilItReleases(py, java("java-first"));
    }

    /** Names with characters outside ASCII, with slashes, and as long as tooz for Java allows (255 UTF-8 bytes). */
    @Test
    void namesOfAnyCharactersAndLengthAreOneLockOnBothSides() {
        PythonPeer py = python("py-names");
        Coordinator java = java("java-names");
        String longest = name("long") + "-" + "ж".repeat(100);
        longest += "x".repeat(255 - longest.getBytes(StandardCharsets.UTF_8).length);
        for (String name :
                List.of(name("ключ é ✓ \uD83D\uDD11"), name("with 'quotes', \\ and / slashes /"), name("x"), longest)) {
            LockInterop.assertOneLockOnBothSides(pythonLock(py, name), java);
        }
    }

    /**
     * Python never heartbeats here, so its lock lease runs out after {@code lock_timeout}; etcd then deletes the key and
     * the waiting Java acquire gets the lock. Python's later release compares its own value, finds Java's, and leaves
     * the lock alone.
     */
    @Test
    void aLockPythonStopsHeartbeatingGoesToAWaitingJavaWhenItsLeaseExpires() throws Exception {
        PythonLock py = pythonLock(python("py-stalls"), name("stalled-by-python"));
        Coordinator java = java("java-waits");
        long acquired = System.nanoTime();
        assertThat(py.acquire(false)).isEqualTo(true);
        CompletableFuture<LockLease> waiting =
                CompletableFuture.supplyAsync(() -> java.getLock(py.name()).acquire(WAIT));
        LockLease lease = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - acquired))
                .as("Python's lock lease lives lock_timeout, and Java's waiter watches the key's deletion")
                .isBetween(LOCK_TIMEOUT.minusMillis(500), LOCK_TIMEOUT.plusSeconds(2));
        assertThat(java.getLock(py.name()).holder()).contains("java-waits");

        assertThat(py.acquire(false)).isEqualTo(false);
        assertThat(py.release())
                .as("Python releasing a lock it lost: its value no longer matches")
                .isEqualTo(false);
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lease.release()).isTrue();
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(py.release()).isEqualTo(true);
    }

    /**
     * A Java holder whose heartbeats stop loses its lock when its lock lease runs out, at most {@code lock_timeout}
     * after its last heartbeat; a blocking Python acquire then gets it within its 1 s retry. Java's later release
     * compares its own value and leaves Python's grant alone, and once Python releases, Java takes the lock again under
     * a new lock lease (still without heartbeats, so that the acquire itself must replace the expired lease).
     */
    @Test
    void aLockJavaStopsHeartbeatingGoesToAWaitingPythonWhenItsLeaseExpires() throws Exception {
        Coordinator java = java("java-stalls");
        PythonLock py = pythonLock(python("py-waits"), name("stalled-by-java"));
        LockLease lease = java.getLock(py.name()).acquire(TIMEOUT);
        CompletableFuture<LossReason> lost = lease.lost().toCompletableFuture();
        py.acquireAsync(20);
        assertThat(py.asyncResult(1.5))
                .as("Python must wait while Java heartbeats")
                .isEqualTo(asyncResult(false, null));

        Faults.pauseHeartbeats(java);
        long paused = System.nanoTime();
        assertThat(py.asyncResult(20.0)).isEqualTo(asyncResult(true, true));
        assertThat(Duration.ofNanos(System.nanoTime() - paused))
                .as("Java heartbeats every lock_timeout / 2; Python tries every second")
                .isBetween(LOCK_TIMEOUT.dividedBy(2).minusMillis(500), LOCK_TIMEOUT.plusSeconds(2));
        assertThat(lost.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull();
        assertThat(lease.isStillOwner()).isFalse();
        assertThat(java.getLock(py.name()).holder())
                .hasValueSatisfying(h -> assertThat(h).matches(PYTHON_HOLDER));

        assertThat(lease.release()).isFalse();
        assertThat(java.getLock(py.name()).tryAcquire())
                .as("Java trying the lock Python now holds")
                .isEmpty();
        assertThat(py.release()).isEqualTo(true);
        LockLease again = java.getLock(py.name()).acquire(TIMEOUT);
        Faults.resumeHeartbeats(java);
        assertThat(py.acquire(false)).isEqualTo(false);
        assertThat(again.release()).isTrue();
    }

    @Test
    void aJavaWatcherSeesAPythonMemberJoinAndThenExpireWhenItsHeartbeatsStop() throws InterruptedException {
        PythonPeer py = python("py-dies");
        Coordinator java = java("java-watcher");
        String group = name("g");
        java.createGroup(group).get(TIMEOUT);
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        java.watchJoinGroup(group, javaSaw::add);
        java.watchLeaveGroup(group, javaSaw::add);
        py.call("join_group", "group", group);
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined(group, "py-dies")));

        // Python's heartbeats refresh its membership lease well past membership_timeout...
        long until = System.nanoTime() + MEMBERSHIP_TIMEOUT.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            py.call("heartbeat");
            Thread.sleep(500);
        }
        assertThat(java.getMembers(group).get(TIMEOUT)).containsExactly("py-dies");
        assertThat(javaSaw).containsExactly(new GroupEvent.MemberJoined(group, "py-dies"));

        // ...and once they stop, etcd deletes its member key with the lease, and Java's watch reports it
        long lastBeat = System.nanoTime();
        py.call("heartbeat");
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft(group, "py-dies")));
        assertThat(Duration.ofNanos(System.nanoTime() - lastBeat))
                .isBetween(MEMBERSHIP_TIMEOUT.minusMillis(250), MEMBERSHIP_TIMEOUT.plusSeconds(2));
        assertThat(javaSaw)
                .containsExactly(
                        new GroupEvent.MemberJoined(group, "py-dies"), new GroupEvent.MemberLeft(group, "py-dies"));
        assertThat(py.strings("get_members", "group", group))
                .as("3.1.0 does not re-join")
                .isEmpty();
    }

    @Test
    void pythonStopsListingAJavaMemberWhoseHeartbeatsStop() {
        PythonPeer py = python("py-reader");
        Coordinator java = java("java-dies");
        String group = name("g");
        py.call("create_group", "group", group);
        java.joinGroup(group).get(TIMEOUT);
        assertThat(py.strings("get_members", "group", group)).containsExactly("java-dies");

        Faults.pauseHeartbeats(java);
        long paused = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> py.strings("get_members", "group", group)
                .isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - paused))
                .as("the member key lives membership_timeout after the last heartbeat (every half of it)")
                .isBetween(MEMBERSHIP_TIMEOUT.dividedBy(2).minusMillis(500), MEMBERSHIP_TIMEOUT.plusSeconds(2));
        assertThat(java.getMembers(group).get(TIMEOUT)).isEmpty();
    }
}
