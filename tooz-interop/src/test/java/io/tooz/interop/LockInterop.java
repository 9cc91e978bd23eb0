package io.tooz.interop;

import static io.tooz.interop.InteropFixture.TIMEOUT;
import static io.tooz.interop.InteropFixture.WAIT;
import static io.tooz.interop.InteropFixture.asyncResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.LockAcquireFailedException;
import io.tooz.LockLease;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The lock scenarios the interop tests of the SQL backends and etcd run on one lock that Python tooz 3.1.0 and the
 * Java driver derive alike from the lock's name: a {@code GET_LOCK} name or an advisory lock id, which both hold on a
 * connection of their own, or the etcd key {@code /tooz/locks<name>}, which both create under a lease of their own. A
 * Java waiter is woken by the backend as soon as Python releases (the server grants it the lock, or etcd reports the
 * key's deletion to its watch); Python's blocking acquire polls ({@code pg_try_advisory_lock}, {@code GET_LOCK(name,
 * 0)} or etcd's create transaction) at least once a second.
 */
final class LockInterop {
    private LockInterop() {}

    /**
     * Python holds the lock: Java can neither take it nor wait it out briefly, and sees a holder outside its own
     * grants ({@code pythonHolder}, a regex); a waiting Java acquire gets it, with a fencing token, as soon as Python
     * releases, and then holds Python off.
     */
    static void assertPythonHoldsOffJavaUntilItReleases(PythonLock py, Coordinator java, String pythonHolder)
            throws Exception {
        DistributedLock lock = java.getLock(py.name());
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(lock.tryAcquire()).as("Java trying a lock Python holds").isEmpty();
        assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(300))).isInstanceOf(LockAcquireFailedException.class);
        assertThat(lock.holder()).hasValueSatisfying(h -> assertThat(h).matches(pythonHolder));

        CompletableFuture<LockLease> waiting = CompletableFuture.supplyAsync(() -> lock.acquire(WAIT));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        long released = System.nanoTime();
        assertThat(py.release()).isEqualTo(true);
        LockLease lease = waiting.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - released))
                .as("the backend hands the lock to the waiting Java coordinator when Python releases it")
                .isLessThan(Duration.ofSeconds(1));
        assertThat(lease.fencingToken()).isPositive();
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lock.holder()).contains(java.memberId());

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
     * Java holds the lock: Python's non-blocking acquire returns False and a timed one runs out; a blocking Python
     * acquire waits while Java holds on and succeeds once Java releases, after which Java is held off.
     */
    static void assertJavaHoldsOffPythonUntilItReleases(PythonLock py, Coordinator java) {
        DistributedLock lock = java.getLock(py.name());
        LockLease lease = lock.acquire(TIMEOUT);
        assertThat(lease.fencingToken()).isPositive();
        assertThat(py.acquire(false)).as("Python trying a lock Java holds").isEqualTo(false);
        // tooz 3.1.0 lets tenacity's RetryError escape when a timed acquire runs out, instead of returning False
        assertThat(py.acquireFailing(0.5)).startsWith("RetryError");

        py.acquireAsync(20);
        assertThat(py.asyncResult(1.5))
                .as("Python must still wait while Java holds the lock")
                .isEqualTo(asyncResult(false, null));
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lease.release()).isTrue();
        assertThat(py.asyncResult(10.0)).isEqualTo(asyncResult(true, true));
        assertThat(lock.tryAcquire())
                .as("Java trying the lock Python now holds")
                .isEmpty();
        assertThat(py.release()).isEqualTo(true);
        assertThat(lock.acquire(TIMEOUT).release()).isTrue();
    }

    /** The short check, for many names: each side's grant holds the other off, and a release frees it for the other. */
    static void assertOneLockOnBothSides(PythonLock py, Coordinator java) {
        DistributedLock lock = java.getLock(py.name());
        assertThat(py.acquire(false)).as("Python acquiring '%s'", py.name()).isEqualTo(true);
        assertThat(lock.tryAcquire())
                .as("Java trying '%s' while Python holds it", py.name())
                .isEmpty();
        assertThat(py.release()).isEqualTo(true);
        LockLease lease = lock.tryAcquire().orElseThrow(() -> new AssertionError("Java could not take " + py.name()));
        assertThat(py.acquire(false))
                .as("Python trying '%s' while Java holds it", py.name())
                .isEqualTo(false);
        assertThat(lease.release()).isTrue();
        assertThat(py.acquire(false)).isEqualTo(true);
        assertThat(py.release()).isEqualTo(true);
    }
}
