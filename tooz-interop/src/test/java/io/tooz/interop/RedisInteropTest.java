package io.tooz.interop;

import static io.tooz.interop.InteropContract.pythonLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.OutputCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with redis-py) on one Redis namespace see each
 * other's groups, capabilities, liveness, locks and leader locks.
 *
 * <p>Java runs with {@code lock_key_format=legacy} and the Python peer passes lock names as bytes, so both use 3.1.0's
 * lock keys. Python acts only when called: it refreshes its liveness key on {@code heartbeat}, fires watchers in
 * {@code run_watchers} and publishes nothing, so Java notices its changes by re-reading watched groups every {@code
 * watch_interval} (1 s) and polls locks Python holds every 100 ms. {@code timeout=4} makes both the membership
 * and the lock TTL 4 s.
 */
class RedisInteropTest extends RedisInteropFixture implements InteropContract {
    /** What a redis-py lock stores, and so what Java reports as the holder of a lock Python holds. */
    static final String REDIS_PY_TOKEN = "[0-9a-f]{32}";

    /** 3.1.0's lock and leader lock hold a redis-py token, not the member id: Java sees that someone holds them. */
    @Override
    public String pythonHolder(String memberId) {
        return REDIS_PY_TOKEN;
    }

    /** 3.1.0's Redis driver has watchers but no get_leader. */
    @Override
    public IdTypeInterop.PythonHas pythonHas() {
        return new IdTypeInterop.PythonHas(true, false);
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

    /**
     * A Java coordinator on the default modern keys meets Python tooz 3.1.0: its acquires find 3.1.0's key of the same
     * lock held (and take the lock beside it), and its member reads find a member with 3.1.0's default capabilities
     * {@code b''}; it logs one WARN of each kind, naming {@code lock_key_format=legacy}, however often it meets them.
     */
    @Test
    void aModernJavaCoordinatorWarnsOnceOfEachKindWhenItMeetsPython310() {
        PythonPeer py = python("py-310");
        py.call("create_group", "group", "g");
        py.call("join_group", "group", "g");
        try (OutputCapture out = new OutputCapture()) {
            Coordinator modern =
                    java(Coordinator.builder(url()).memberId("java-modern").option("lock_key_format", "modern"));
            for (String name : List.of("shared", "shared", "other")) {
                assertThat(pythonLock(py, "lock_acquire", name, "blocking", false))
                        .isEqualTo(true);
                LockLease beside = modern.getLock(name).tryAcquire().orElseThrow();
                assertThat(beside.release()).isTrue();
                assertThat(pythonLock(py, "lock_release", name)).isEqualTo(true);
                py.call("heartbeat");
                assertThat(modern.getMembers("g").get(TIMEOUT)).containsExactly("py-310");
            }
            assertThat(warnings(out, "is also held under the key"))
                    .as(out.text())
                    .isEqualTo(1);
            assertThat(warnings(out, "joined with capabilities b''"))
                    .as(out.text())
                    .isEqualTo(1);
            assertThat(out.text())
                    .contains("java-modern: lock shared is also held under the key b'" + namespace
                            + "'_b'shared'_lock of Python tooz 8.1 and earlier (Debian's 3.1.0)")
                    .contains("java-modern: member py-310 of group g joined with capabilities b''")
                    .contains("set lock_key_format=legacy");
        }
    }

    /** The same for a leadership: a modern Java contender is elected beside 3.1.0's leader, and says why. */
    @Test
    void aModernJavaLeaderWarnsWhenPython310LeadsTheSameGroup() {
        PythonPeer py = python("py-leads");
        py.call("create_group", "group", "g");
        py.call("watch_elected_as_leader", "group", "g");
        assertThat(py.call("run_watchers")).isEqualTo(List.of(event("elected", "g", "py-leads")));
        try (OutputCapture out = new OutputCapture()) {
            Coordinator modern =
                    java(Coordinator.builder(url()).memberId("java-modern").option("lock_key_format", "modern"));
            modern.watchElectedAsLeader("g", e -> {});
            await().atMost(WAIT).until(() -> modern.getLeader("g").get(TIMEOUT).equals(Optional.of("java-modern")));
            py.call("heartbeat");
            assertThat(warnings(out, "is also held under the key"))
                    .as(out.text())
                    .isEqualTo(1);
            assertThat(out.text())
                    .contains("the leadership of group g is also held under the key b'" + namespace
                            + "'_b'leader_of_g'_lock")
                    .contains("set lock_key_format=legacy");
        }
    }

    /** With {@code lock_key_format=legacy} (this class's URL) the same meetings are shared, and nothing is logged. */
    @Test
    void aLegacyJavaCoordinatorMeetingPython310WarnsOfNothing() {
        PythonPeer py = python("py-310");
        py.call("create_group", "group", "g");
        py.call("join_group", "group", "g");
        try (OutputCapture out = new OutputCapture()) {
            Coordinator legacy = java("java-legacy");
            assertThat(pythonLock(py, "lock_acquire", "shared", "blocking", false))
                    .isEqualTo(true);
            assertThat(legacy.getLock("shared").tryAcquire()).isEmpty();
            assertThat(pythonLock(py, "lock_release", "shared")).isEqualTo(true);
            assertThat(legacy.getMembers("g").get(TIMEOUT)).containsExactly("py-310");
            assertThat(warnings(out, "lock_key_format")).as(out.text()).isZero();
        }
    }
}
