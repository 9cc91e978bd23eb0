package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.LockLease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Java {@code etcd3://} and Python tooz 3.1.0's {@code etcd3://} driver (Debian python3-tooz with python3-etcd3 0.12,
 * gRPC) on one etcd: groups at {@code tooz/groups/<G>/} and {@code tooz/groups/<G>/<M>} as with the {@code etcd3gw}
 * driver, locks at python-etcd3's {@code /locks/<N>} (a uuid under a lease, created by {@code create_revision == 0},
 * released if the value is still the holder's). Both sides use one URL; {@code membership_timeout} and {@code
 * lock_timeout} are 5 s.
 *
 * <p>Python's driver has no {@code get_groups} and no leader election; its watchers re-read the members on {@code
 * run_watchers}. Its member ids come back as bytes, whoever joined; capabilities as they were written (str stays str,
 * bytes stays bytes).
 */
class Etcd3InteropTest extends EtcdInteropFixture {
    /** python-etcd3's lock prefix. */
    static final String PY_LOCKS = "/locks/";

    @Override
    String url() {
        return "etcd3://127.0.0.1:" + PORT + "?membership_timeout=" + MEMBERSHIP_TIMEOUT.toSeconds() + "&lock_timeout="
                + LOCK_TIMEOUT.toSeconds();
    }

    @Override
    String lockPrefix() {
        return PY_LOCKS;
    }

    /** What {@code py.coord.<method>(*args)} returned, with each part's Python type (peer.py's {@code typed}). */
    private static Object typed(PythonPeer py, String method, Object... args) {
        return py.call("typed_call", "method", method, "args", List.of(args));
    }

    /** An argument that peer.py passes to Python as bytes. */
    private static Map<String, String> bytes(String text) {
        return Map.of("b64", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** peer.py's typed form of one value: {@code [type, value]}. */
    private static List<Object> t(String type, Object value) {
        return java.util.Arrays.asList(type, value);
    }

    @Test
    void capabilitiesOfEveryTypeReadTheSameOnBothSides() {
        CapabilityInterop.assertCapabilitiesReadTheSameOnBothSides(python("py-caps"), java("java-caps"), prefix);
    }

    /**
     * Python reads every member id as bytes (Java's too: the key's tail), reaches a group by a str or a bytes id alike,
     * reads a Java member's capabilities with str staying str and bytes staying bytes, and cannot list groups at all.
     */
    @Test
    @SuppressWarnings("unchecked")
    void pythonReadsMemberIdsAsBytesAndCapabilitiesWithTheirTypes() {
        PythonPeer py = python("py-types");
        Coordinator java = java("java-types");
        String group = name("g");
        java.createGroup(group).get(TIMEOUT);
        java.joinGroup(group, Capabilities.of(map("name", "x", "raw", new byte[] {1, 2}, "n", 3L)))
                .get(TIMEOUT);
        py.call("join_group", "group", group, "caps", Tagged.encode(map("name", "p", "raw", new byte[] {4})));

        Object members = List.of("set", List.of(t("bytes", "java-types"), t("bytes", "py-types")));
        assertThat(typed(py, "get_members", group)).as("group id as str").isEqualTo(members);
        assertThat(typed(py, "get_members", bytes(group)))
                .as("group id as bytes")
                .isEqualTo(members);
        List<?> caps = (List<?>) typed(py, "get_member_capabilities", group, bytes("java-types"));
        assertThat(caps.get(0)).isEqualTo("dict");
        assertThat((List<Object>) caps.get(1))
                .containsExactlyInAnyOrder(
                        List.of(t("str", "name"), t("str", "x")),
                        List.of(t("str", "raw"), t("bytes", "\u0001\u0002")),
                        List.of(t("str", "n"), t("int", 3L)));
        assertThat(java.getMemberCapabilities(group, "py-types").get(TIMEOUT))
                .isEqualTo(Capabilities.of(map("name", "p", "raw", new byte[] {4})));
        assertThat(py.callFailing("get_groups"))
                .as("3.1.0's etcd3 driver does not implement get_groups")
                .startsWith("NotImplemented");
        assertThat(ours(java.getGroups().get(TIMEOUT))).containsExactly(group);
    }

    @Test
    void groupsCreatedOnEitherSideAreJoinedLeftAndDeletedByTheOther() {
        PythonPeer py = python("py-groups");
        Coordinator java = java("java-groups");
        String byJava = name("by-java");
        String byPython = name("by-python");
        java.createGroup(byJava).get(TIMEOUT);
        py.call("create_group", "group", byPython);
        assertThat(py.callFailing("create_group", "group", byJava)).startsWith("GroupAlreadyExist");
        assertThatThrownBy(() -> java.createGroup(byPython).get(TIMEOUT))
                .isInstanceOf(GroupAlreadyExistsException.class);
        assertThat(ours(java.getGroups().get(TIMEOUT))).containsExactly(byJava, byPython);

        for (String group : List.of(byJava, byPython)) {
            java.joinGroup(group, Capabilities.of("java")).get(TIMEOUT);
            py.call("join_group", "group", group, "caps", "python");
            assertThat(java.getMembersWithCapabilities(group).get(TIMEOUT))
                    .isEqualTo(Map.of("java-groups", Capabilities.of("java"), "py-groups", Capabilities.of("python")));
            assertThat(py.strings("get_members", "group", group)).containsExactly("java-groups", "py-groups");
            assertThat(py.call("get_member_capabilities", "group", group, "member", "java-groups"))
                    .isEqualTo("java");
        }
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
        assertThat(rawGroupKeys()).isEmpty();
    }

    /**
     * The keys themselves: member keys hold the same MessagePack on both sides, each under its member's lease; the
     * group key exists with no lease (its value differs: Python writes nothing, Java the key, as the {@code etcd3gw}
     * driver does; neither reads it); both sides' locks are {@code /locks/<N>} under a lease, Python's value 16 bytes
     * (a uuid1), and nothing is written at the {@code etcd3gw} driver's {@code /tooz/locks<N>}.
     */
    @Test
    void bothSidesWriteTheSameKeys() {
        PythonPeer py = python("py-layout");
        Coordinator java = java("java-layout");
        String group = name("g");
        py.call("create_group", "group", group);
        py.call("join_group", "group", group, "caps", "same");
        java.joinGroup(group, Capabilities.of("same")).get(TIMEOUT);
        PythonLock pyLock = pythonLock(py, name("py-ключ"));
        assertThat(pyLock.acquire(false)).isEqualTo(true);
        String javaLock = name("java-ключ");
        LockLease javaLease = java.getLock(javaLock).acquire(TIMEOUT);

        Map<String, RawKey> groups = rawGroupKeys();
        String key = GROUPS + group + "/";
        assertThat(groups.keySet()).containsExactlyInAnyOrder(key, key + "py-layout", key + "java-layout");
        assertThat(groups.get(key).lease()).isZero();
        RawKey pyMember = groups.get(key + "py-layout");
        RawKey javaMember = groups.get(key + "java-layout");
        assertThat(hex(javaMember.value())).isEqualTo(hex(pyMember.value())).isEqualTo("a473616d65");
        assertThat(pyMember.lease()).isNotZero().isNotEqualTo(javaMember.lease());
        assertThat(javaMember.lease()).isNotZero();

        Map<String, RawKey> locks = rawLockKeys();
        assertThat(locks.keySet()).containsExactlyInAnyOrder(PY_LOCKS + pyLock.name(), PY_LOCKS + javaLock);
        RawKey byPython = locks.get(PY_LOCKS + pyLock.name());
        assertThat(byPython.value()).hasSize(16);
        assertThat(byPython.lease()).isNotZero().isNotEqualTo(pyMember.lease());
        assertThat(locks.get(PY_LOCKS + javaLock).lease()).isNotZero().isNotEqualTo(javaMember.lease());
        assertThat(java.getLock(pyLock.name()).holder()).contains("python-tooz:" + hex(byPython.value()));
        assertThat(rawKeys(LOCKS + prefix)).isEmpty();

        assertThat(pyLock.release()).isEqualTo(true);
        assertThat(javaLease.release()).isTrue();
        assertThat(rawLockKeys()).isEmpty();
    }

    @Test
    void aLockPythonHoldsExcludesJavaUntilPythonReleasesIt() throws Exception {
        PythonLock py = pythonLock(python("py-first"), name("python-first"));
        LockInterop.assertPythonHoldsOffJavaUntilItReleases(py, java("java-next"), PYTHON_HOLDER);
    }

    /**
     * Java holds the lock: Python's non-blocking acquire returns False; once Java releases, Python takes it and Java is
     * held off. A Python acquire that has to wait (blocking, or with a timeout) raises TypeError on Debian bookworm:
     * python-etcd3 0.12.0 hands tenacity a wait callback of the pre-8.0 signature, which tenacity 8.2 calls with one
     * argument (kragniz/python-etcd3#2149; no release since fixed it). That is Python's alone: the Java side is the
     * same whether Python can wait or not.
     */
    @Test
    void aLockJavaHoldsExcludesPythonUntilJavaReleasesIt() {
        PythonLock py = pythonLock(python("py-next"), name("java-first"));
        Coordinator java = java("java-first");
        LockLease lease = java.getLock(py.name()).acquire(TIMEOUT);
        assertThat(lease.fencingToken()).isPositive();
        assertThat(py.acquire(false)).as("Python trying a lock Java holds").isEqualTo(false);
        for (Object blocking : new Object[] {0.5, true}) {
            assertThat(py.acquireFailing(blocking))
                    .as("Python waiting (blocking=%s) for a lock Java holds, with Debian's tenacity 8.2", blocking)
                    .startsWith("TypeError")
                    .contains("delay_since_first_attempt");
        }
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lease.release()).isTrue();

        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(java.getLock(py.name()).tryAcquire())
                .as("Java trying the lock Python now holds")
                .isEmpty();
        assertThat(java.getLock(py.name()).holder())
                .hasValueSatisfying(h -> assertThat(h).matches(PYTHON_HOLDER));
        assertThat(py.release()).isEqualTo(true);
        LockLease again = java.getLock(py.name()).acquire(TIMEOUT);
        assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
        assertThat(again.release()).isTrue();
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
     * Python never heartbeats here, so its lock's lease runs out after {@code lock_timeout}; etcd deletes the key and
     * the waiting Java acquire gets the lock. Python's later release compares its uuid, finds Java's value, and leaves
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
                .as("Python releasing a lock it lost: its uuid no longer matches")
                .isEqualTo(false);
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lease.release()).isTrue();
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(py.release()).isEqualTo(true);
    }

    /** Python's watchers re-read the members on {@code run_watchers}: they see a Java member join and leave. */
    @Test
    void aPythonWatcherSeesAJavaMemberJoinAndLeave() {
        PythonPeer py = python("py-watcher");
        Coordinator java = java("java-joins");
        String group = name("g");
        py.call("create_group", "group", group);
        py.call("watch_join_group", "group", group);
        py.call("watch_leave_group", "group", group);
        java.joinGroup(group).get(TIMEOUT);
        awaitPythonEvent(py, event("join", group, "java-joins"));
        java.leaveGroup(group).get(TIMEOUT);
        awaitPythonEvent(py, event("leave", group, "java-joins"));
    }
}
