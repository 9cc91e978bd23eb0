package io.tooz.interop;

import static io.tooz.interop.InteropContract.pythonLock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Java member and a Python tooz 3.1.0 member (Debian python3-tooz with pymemcache) on one memcached see each
 * other's groups, capabilities, liveness, locks and leader locks. The Python peer passes lock names as bytes, which
 * 3.1.0's memcached driver needs. Python polls a held lock once a second; Java with backoff up to 500 ms.
 */
class MemcachedInteropTest extends MemcachedInteropFixture implements InteropContract {

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

    /** memcached's clock ticks once a second (CI saw a 4 s key expire 3.97 s after its last heartbeat). */
    @Override
    public Duration expiryGranularity() {
        return Duration.ofSeconds(1);
    }

    @Override
    public IdTypeInterop.PythonHas pythonHas() {
        return new IdTypeInterop.PythonHas(true, true);
    }

    /**
     * The limit of typing a group list's ids alike: in an empty list Java's id is bytes (tooz's documented type), and a
     * Python member passing the id as str deletes the group's key but then fails to remove the id from the list.
     */
    @Test
    void aPythonPassingStrGroupIdsCannotDeleteAGroupJavaCreatedInAnEmptyList() {
        PythonPeer py = python("py-str");
        Coordinator java = java("java-first");
        java.createGroup("by-java").get(TIMEOUT);
        assertThat(py.strings("get_groups")).containsExactly("by-java");
        assertThat(py.callFailing("delete_group", "group", "by-java")).startsWith("KeyError");
    }

    /** Python's lock and leader lock hold its member id. */
    @Override
    public String pythonHolder(String memberId) {
        return Pattern.quote(memberId);
    }

    /** The stopped Python leader, started again, reads the Java leader. */
    @Override
    public void pythonSeesTheJavaLeader(PythonPeer stopped, String group, String javaLeader) {
        assertThat(stopped.call("start", "url", url(), "member", stopped.memberId))
                .isEqualTo(true);
        assertThat(stopped.call("get_leader", "group", group)).isEqualTo(javaLeader);
    }
}
