package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.DriverLockQueues.Enqueued;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The read-write lock and semaphore queues ({@link ZkQueues}) and the lock holder watch, at the driver level, on the
 * shared ZooKeeper: two coordinators in a namespace of this test's own, and a raw client for kazoo's node layout.
 */
@Timeout(60)
@ServerTest
class ZooKeeperLockQueuesTest {
    private static final Duration SOON = Duration.ofSeconds(10);
    private final String ns = ZkFaultKit.namespace();
    private Coordinator a;
    private Coordinator b;

    @BeforeEach
    void start() {
        SharedServer.ZOOKEEPER.require();
        a = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "a", 4, ns);
        b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", 4, ns);
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    private static DriverLockQueues queues(Coordinator c) {
        return CoreHooks.driver(c).facets().lockQueues();
    }

    private static DriverLocks locks(Coordinator c) {
        return CoreHooks.driver(c).facets().locks();
    }

    @Test
    void enqueueListsTheQueueInSequenceOrderWithHoldersAndTagsInOneAnswer() {
        LockId id = LockId.readWrite("rw");
        Enqueued w = queues(a).enqueue(id, "a_1%x", "write");
        Enqueued r = queues(b).enqueue(id, "b", "read");

        assertThat(r.entries()).extracting(QueueEntry::holder).containsExactly("a_1%x", "b");
        assertThat(r.entries()).extracting(QueueEntry::tag).containsExactly("write", "read");
        assertThat(r.entries()).extracting(QueueEntry::sequence).containsExactly(0L, 1L);
        assertThat(w.lease().fencingToken()).isZero();
        assertThat(r.lease().fencingToken()).isEqualTo(1);
        assertThat(w.entries()).hasSize(1);
        assertThat(queues(a).entries(id)).isEqualTo(r.entries());
        assertThat(queues(a).leaseTtl(id)).contains(Duration.ofSeconds(4));
        assertThat(queues(a).entries(LockId.readWrite("never-used"))).isEmpty();
    }

    @Test
    void entriesAreKazooReadAndWriteLockContendersAtTheirOwnPath() throws Exception {
        LockId id = LockId.readWrite("shared");
        queues(a).enqueue(id, "a", "write");
        ZooKeeper raw = new ZooKeeper(SharedServer.ZOOKEEPER.hostPort(), 4000, e -> {});
        try {
            String dir = "/" + ns + "/rwlocks/shared";
            // what kazoo's ReadLock("/<ns>/rwlocks/shared", "python") creates
            raw.create(
                    dir + "/" + UUID.randomUUID().toString().replace("-", "") + "__rlock__",
                    "python".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL);
            Enqueued sem = queues(b).enqueue(LockId.semaphore("shared"), "b", "permits:3");

            List<String> names = raw.getChildren(dir, false).stream().sorted().toList();
            assertThat(names).hasSize(2);
            assertThat(names).anyMatch(n -> n.matches("[0-9a-f]{32}\\.a__lock__0000000000"));
            assertThat(ZkLayout.sequence(names.stream()
                            .filter(n -> n.contains(".a__"))
                            .findFirst()
                            .orElseThrow()))
                    .isZero(); // kazoo's contender pattern: a WriteLock or ReadLock waits for it
            assertThat(queues(b).entries(id))
                    .extracting(QueueEntry::holder, QueueEntry::tag, QueueEntry::sequence)
                    .containsExactly(tuple("a", "write", 0L), tuple("python", "read", 1L));
            assertThat(raw.getChildren("/" + ns + "/semaphores/shared", false))
                    .singleElement()
                    .satisfies(n -> assertThat(n).endsWith(".b__permits:3__0000000000"));
            assertThat(sem.entries())
                    .singleElement()
                    .extracting(QueueEntry::tag)
                    .isEqualTo("permits:3");
            assertThat(a.getGroups().toCompletableFuture().join()).doesNotContain("rwlocks", "semaphores");
        } finally {
            raw.close();
        }
    }

    @Test
    void sequencesKeepIncreasingAfterTheQueueEmpties() {
        LockId id = LockId.semaphore("s");
        long last = -1;
        for (int i = 0; i < 3; i++) {
            Enqueued e = queues(a).enqueue(id, "a", "permits:1");
            assertThat(e.lease().fencingToken()).isGreaterThan(last);
            assertThat(e.entries())
                    .singleElement()
                    .extracting(QueueEntry::sequence)
                    .isEqualTo(e.lease().fencingToken());
            last = e.lease().fencingToken();
            assertThat(queues(a).release(e.lease())).isTrue();
            assertThat(queues(a).entries(id)).isEmpty();
        }
        Enqueued other = queues(b).enqueue(id, "b", "permits:1");
        assertThat(other.lease().fencingToken()).isGreaterThan(last);
    }

    @Test
    void releaseRefreshAndOwnership() {
        LockId id = LockId.readWrite("r");
        DriverLease held = queues(a).enqueue(id, "a", "read").lease();
        DriverLease broken = queues(a).enqueue(id, "a", "read").lease();
        assertThat(queues(a).refresh(List.of(held, broken))).isEmpty();
        assertThat(queues(a).isStillOwner(broken)).isTrue();

        assertThat(queues(b).forceBreak(id)).isTrue();
        assertThat(queues(b).forceBreak(id)).isFalse();

        assertThat(queues(a).refresh(List.of(held, broken))).containsExactlyInAnyOrder(held, broken);
        assertThat(queues(a).isStillOwner(broken)).isFalse();
        DriverLease next = queues(a).enqueue(id, "a", "write").lease();
        assertThat(next.fencingToken()).isGreaterThan(broken.fencingToken());
        assertThat(queues(a).release(next)).isTrue();
        assertThat(queues(a).release(next)).isFalse();
        assertThat(queues(a).refresh(List.of(next))).containsExactly(next);
    }

    @Test
    void watchRemovalFiresOnReleaseOnSessionEndAndForAnEntryAlreadyGone() throws Exception {
        LockId id = LockId.semaphore("w");
        Enqueued first = queues(a).enqueue(id, "a", "permits:1");
        Enqueued second = queues(a).enqueue(id, "a", "permits:1");
        Enqueued waiter = queues(b).enqueue(id, "b", "permits:1");
        QueueEntry e0 = waiter.entries().get(0);
        QueueEntry e1 = waiter.entries().get(1);
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger closedCalls = new AtomicInteger();
        AutoCloseable w0 = queues(b).watchRemoval(id, e0, released::countDown);
        queues(b).watchRemoval(id, e0, closedCalls::incrementAndGet).close(); // shares w0's watch, leaves it armed
        queues(b).watchRemoval(id, e1, expired::countDown);
        queues(b)
                .watchRemoval(id, waiter.entries().get(2), closedCalls::incrementAndGet)
                .close();

        assertThat(queues(a).release(first.lease())).isTrue();
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
        w0.close(); // after it fired: harmless

        ZkFaultKit.expireSession(a); // the session's entries go with it: the TTL passed unconfirmed
        assertThat(expired.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(SOON).until(() -> queues(b).entries(id).size() == 1);
        // a refresh on the expired session throws (confirming nothing); on the next session it reports the entry lost
        await().atMost(SOON)
                .ignoreExceptions()
                .until(() -> queues(a).refresh(List.of(second.lease())).contains(second.lease()));

        CountDownLatch gone = new CountDownLatch(1);
        queues(b).watchRemoval(id, e0, gone::countDown);
        assertThat(gone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queues(b).release(waiter.lease())).isTrue();
        assertThat(closedCalls).hasValue(0);
    }

    @Test
    void watchHolderPushesAReleaseAndANewHolderOfALockAndALeadership() throws Exception {
        for (LockId id : Set.of(LockId.lock("h"), LockId.leader("g"))) {
            AtomicInteger calls = new AtomicInteger();
            AutoCloseable watch = locks(b).watchHolder(id, calls::incrementAndGet);
            DriverLease lease = locks(a).acquire(id, "a", 0).orElseThrow(); // the directory did not exist
            await().atMost(SOON).until(() -> calls.get() >= 1);
            int afterGrant = calls.get();
            assertThat(locks(a).release(lease)).isTrue();
            await().atMost(SOON).until(() -> calls.get() > afterGrant);
            int afterRelease = calls.get();
            DriverLease again = locks(a).acquire(id, "a", 0).orElseThrow(); // an existing, empty directory
            await().atMost(SOON).until(() -> calls.get() > afterRelease);

            watch.close();
            int atClose = calls.get();
            assertThat(locks(a).release(again)).isTrue();
            DriverLease last = locks(a).acquire(id, "a", 0).orElseThrow();
            locks(a).release(last);
            assertThat(locks(b).holder(id)).isEmpty(); // a round trip on b's session after the events
            assertThat(calls).hasValue(atClose);
        }
    }

    @Test
    void watchHolderOutlivesTheWatchersSessionExpiry() throws Exception {
        LockId id = LockId.lock("e");
        AtomicInteger calls = new AtomicInteger();
        try (AutoCloseable watch = locks(b).watchHolder(id, calls::incrementAndGet)) {
            ZkFaultKit.expireSession(b); // the new session has none of the old one's watches
            await().atMost(SOON).until(() -> calls.get() >= 1); // the holder may have changed meanwhile
            await().atMost(SOON).ignoreExceptions().until(() -> locks(b).holder(id)
                    .isEmpty());
            int before = calls.get();
            DriverLease lease = locks(a).acquire(id, "a", 0).orElseThrow();
            await().atMost(SOON).until(() -> calls.get() > before);
            locks(a).release(lease);
        }
    }
}
