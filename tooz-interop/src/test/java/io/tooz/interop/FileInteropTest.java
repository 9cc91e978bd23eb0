package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.GroupEvent;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import io.tooz.tck.Faults;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz's {@code FileDriver}, fasteners' {@code lockf}
 * locks) in one directory see each other's groups, members, capabilities and liveness, and exclude each other on
 * locks.
 *
 * <p>Python acts only when called: it touches its member files on {@code heartbeat} only, and its blocking acquire
 * polls {@code lockf} every 10 to 100 ms. Java notices Python's joins and leaves by inotify, Python's expiry by
 * re-reading watched groups every {@code watch_interval} (1 s), and polls a lock Python holds with a backoff of
 * at most 50 ms. A Python holder is a process Java cannot name: Java reports no holder for it.
 */
class FileInteropTest extends FileInteropFixture {
    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"));
    }

    /** 3.1.0's file driver has watchers (join and leave) but no leaders. */
    @Test
    void pythonReadsTheIdsJavaWroteAsBytesAsItsOwn() {
        IdTypeInterop.assertPythonReadsJavaIdsAsItsOwnBytes(
                python("py-ids"), java("java-ids"), "", new IdTypeInterop.PythonHas(true, false));
    }

    @Test
    void javaGroupIdsTakeTheTypeOfPythonsStrGroupIds() {
        IdTypeInterop.assertJavaGroupIdsTakeTheTypeOfPythonsStrOnes(python("py-str"), java("java-str"), "");
    }

    @Test
    void groupsCreatedOnEitherSideAreListedJoinedAndDeletedByTheOther() throws Exception {
        PythonPeer py = python("py-groups");
        Coordinator java = java("java-groups");
        GroupInterop.createOnBothSides(py, java, "by-java", "by-python");
        for (String group : List.of("by-java", "by-python")) {
            GroupInterop.joinOnBothSides(py, java, group, "java-groups", "py-groups");
        }
        assertThat(memberFiles()).isEqualTo(4);
        assertThat(py.callFailing("delete_group", "group", "by-java")).startsWith("GroupNotEmpty");
        assertThatThrownBy(() -> java.deleteGroup("by-python").get(TIMEOUT)).isInstanceOf(GroupNotEmptyException.class);

        for (String group : List.of("by-java", "by-python")) {
            java.leaveGroup(group).get(TIMEOUT);
            py.call("leave_group", "group", group);
            assertThat(java.getMembers(group).get(TIMEOUT)).isEmpty();
            assertThat(py.strings("get_members", "group", group)).isEmpty();
        }
        // Python deletes only a directory holding nothing but .metadata: Java left nothing else in it
        py.call("delete_group", "group", "by-java");
        java.deleteGroup("by-python").get(TIMEOUT);
        assertThatThrownBy(() -> java.getMembers("by-java").get(TIMEOUT)).isInstanceOf(GroupNotCreatedException.class);
        assertThat(py.callFailing("get_members", "group", "by-python")).startsWith("GroupNotCreated");
        assertThat(java.getGroups().get(TIMEOUT)).isEmpty();
        assertThat(py.strings("get_groups")).isEmpty();
    }

    /**
     * Python holds the lock: Java can neither take it nor wait it out briefly, and names no holder; a waiting Java
     * acquire gets it, with a fencing token, soon after Python releases (its backoff is at most 50 ms), and then holds
     * Python off.
     */
    @Test
    void aLockPythonHoldsExcludesJavaUntilPythonReleasesIt() throws Exception {
        PythonLock py = pythonLock(python("py-first"), "python-first");
        Coordinator java = java("java-next");
        DistributedLock lock = java.getLock(py.name());
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).as("Java trying a lock Python holds").isEmpty();
        assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(300))).isInstanceOf(LockAcquireFailedException.class);
        assertThat(lock.holder())
                .as("a Python process holds it; Java cannot name it")
                .isEmpty();

        CompletableFuture<LockLease> waiting = CompletableFuture.supplyAsync(() -> lock.acquire(WAIT));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        long released = System.nanoTime();
        assertThat(py.release()).isEqualTo(true);
        LockLease lease = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - released))
                .as("a Java waiter polls lockf with a backoff of at most 50 ms")
                .isLessThan(Duration.ofMillis(500));
        assertThat(lease.fencingToken()).isPositive();
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lock.holder()).contains("java-next");

        assertThat(py.acquire(false))
                .as("Python trying the lock Java now holds")
                .isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(py.release()).isEqualTo(true);
        LockLease again = lock.tryAcquire().orElseThrow();
        assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
        assertThat(again.release()).isTrue();
    }

    /**
     * Java holds the lock: Python's non-blocking acquire returns False, a timed one False after its timeout; a blocking
     * Python acquire waits while Java holds on and wins once Java releases, after which Java is held off.
     */
    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = pythonLock(python("py-next"), "java-first");
        Coordinator java = java("java-first");
        DistributedLock lock = java.getLock(py.name());
        LockLease lease = lock.acquire(TIMEOUT);
        assertThat(lease.fencingToken()).isPositive();
        assertThat(py.acquire(false)).as("Python trying a lock Java holds").isEqualTo(false);
        assertThat(py.acquire(0.5))
                .as("Python waiting 0.5 s for a lock Java holds")
                .isEqualTo(false);

        py.acquireAsync(20);
        assertThat(py.asyncResult(1.5))
                .as("Python must still wait while Java holds the lock")
                .isEqualTo(asyncResult(false, null));
        assertThat(lease.isStillOwner()).isTrue();
        long released = System.nanoTime();
        assertThat(lease.release()).isTrue();
        assertThat(py.asyncResult(10.0)).isEqualTo(asyncResult(true, true));
        assertThat(Duration.ofNanos(System.nanoTime() - released))
                .as("fasteners polls lockf at least every 100 ms")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(lock.tryAcquire())
                .as("Java trying the lock Python now holds")
                .isEmpty();
        assertThat(lock.holder()).isEmpty();
        assertThat(py.release()).isEqualTo(true);
        assertThat(lock.acquire(TIMEOUT).release()).isTrue();
    }

    /** Non-ASCII names, and names with slashes, which both sides make sub-directories of the root. */
    @Test
    void namesOfAnyCharactersAndNestedPathsAreOneLockOnBothSides() {
        PythonPeer py = python("py-names");
        Coordinator java = java("java-names");
        for (String name : List.of("ключ é ✓ \uD83D\uDD11", "with 'quotes' and spaces", "nested/dir/lock", "x")) {
            LockInterop.assertOneLockOnBothSides(pythonLock(py, name), java);
        }
        assertThat(dir.resolve("nested/dir/lock")).isRegularFile();
    }

    /**
     * Java watches a group: Python's join is noticed by inotify; Python heartbeating keeps it a member past the
     * timeout; once it stops, Java reports it gone within the timeout plus one watch check, and removes its stale file,
     * so that the group can be deleted (which Python's own driver would refuse: it never removes a member file).
     */
    @Test
    void aPythonMemberThatStopsHeartbeatingExpiresForAJavaWatcher() throws Exception {
        timeout = Duration.ofSeconds(3);
        PythonPeer py = python("py-dies");
        Coordinator java = java("java-watcher");
        String group = "g";
        java.createGroup(group).get(TIMEOUT);
        List<GroupEvent> javaSaw = new CopyOnWriteArrayList<>();
        java.watchJoinGroup(group, javaSaw::add);
        java.watchLeaveGroup(group, javaSaw::add);
        long joined = System.nanoTime();
        py.call("join_group", "group", group);
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberJoined(group, "py-dies")));
        assertThat(Duration.ofNanos(System.nanoTime() - joined))
                .as("a member file created by Python wakes Java's watch at once")
                .isLessThan(Duration.ofMillis(900));

        long until = System.nanoTime() + timeout.plusSeconds(1).toNanos();
        while (System.nanoTime() < until) {
            py.call("heartbeat");
            Thread.sleep(500);
        }
        assertThat(java.getMembers(group).get(TIMEOUT)).containsExactly("py-dies");
        assertThat(javaSaw).containsExactly(new GroupEvent.MemberJoined(group, "py-dies"));

        py.call("heartbeat");
        long lastBeat = System.nanoTime();
        await().atMost(WAIT).until(() -> javaSaw.contains(new GroupEvent.MemberLeft(group, "py-dies")));
        assertThat(Duration.ofNanos(System.nanoTime() - lastBeat))
                .as("dead after timeout, noticed at the next watch check (1 s)")
                .isBetween(timeout.minusMillis(250), timeout.plusSeconds(2));
        assertThat(javaSaw)
                .containsExactly(
                        new GroupEvent.MemberJoined(group, "py-dies"), new GroupEvent.MemberLeft(group, "py-dies"));
        assertThat(java.getMembers(group).get(TIMEOUT)).isEmpty();
        assertThat(py.strings("get_members", "group", group)).isEmpty();
        assertThat(memberFiles()).as("Java removed the stale member file").isZero();
        java.deleteGroup(group).get(TIMEOUT);
        assertThat(py.strings("get_groups")).isEmpty();
    }

    /**
     * Without a Java watcher: a dead Python member's file stays, so Python (which skips it when listing but never
     * removes it) cannot delete the group; Java removes it as soon as it lists the group, and then can.
     */
    @Test
    void aDeadPythonMembersStaleFileIsRemovedByJavaSoThatTheGroupCanBeDeleted() throws Exception {
        timeout = Duration.ofSeconds(2);
        PythonPeer py = python("py-crashed");
        Coordinator java = java("java-cleaner");
        py.call("create_group", "group", "stale");
        py.call("join_group", "group", "stale");
        assertThat(java.getMembers("stale").get(TIMEOUT)).containsExactly("py-crashed");

        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> py.strings("get_members", "group", "stale").isEmpty());
        assertThat(memberFiles())
                .as("Python skips its stale file but leaves it")
                .isEqualTo(1);
        assertThat(py.callFailing("delete_group", "group", "stale")).startsWith("GroupNotEmpty");

        assertThat(java.getMembers("stale").get(TIMEOUT)).isEmpty();
        assertThat(memberFiles()).as("Java removed the stale member file").isZero();
        java.deleteGroup("stale").get(TIMEOUT);
        assertThat(py.strings("get_groups")).isEmpty();
        assertThat(java.getGroups().get(TIMEOUT)).isEmpty();
    }

    /** Python stops listing a Java member whose heartbeats (mtime touches) stop, and lists it again once they resume. */
    @Test
    void pythonStopsListingAJavaMemberWhoseHeartbeatsStop() {
        timeout = Duration.ofSeconds(3);
        PythonPeer py = python("py-reader");
        Coordinator java = java("java-dies");
        py.call("create_group", "group", "g");
        java.joinGroup("g").get(TIMEOUT);
        assertThat(py.strings("get_members", "group", "g")).containsExactly("java-dies");

        Faults.pauseHeartbeats(java);
        long paused = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> py.strings("get_members", "group", "g")
                .isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - paused))
                .as("the file is touched every timeout / 2; Python counts it dead after timeout")
                .isBetween(timeout.dividedBy(2).minusMillis(500), timeout.plusSeconds(2));

        Faults.resumeHeartbeats(java);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> py.strings("get_members", "group", "g")
                .equals(List.of("java-dies")));
    }
}
