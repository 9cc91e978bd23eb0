package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lock.LockResponse;
import io.tooz.LossReason;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.StubDriverContext;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue facet on the shared etcd, through the driver alone (no coordinator: nothing refreshes unless a test does),
 * with two-second lock leases.
 */
@Timeout(60)
@ServerTest
@SuppressWarnings("try") // the watches are opened for their calls and closed at the end of each block
class EtcdLockQueuesTest {
    private static final long TTL_SECONDS = 2;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "etcd-queues-test");
        t.setDaemon(true);
        return t;
    });
    private final List<EtcdDriver> drivers = new java.util.ArrayList<>();
    private final Map<DriverLease, LossReason> lost = new ConcurrentHashMap<>();
    private final LockId rw = LockId.readWrite("rw/" + UUID.randomUUID()); // a '/' in the name stays in its part
    private final LockId sem = LockId.semaphore("sem " + UUID.randomUUID());

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ETCD.require();
    }

    @AfterEach
    void close() {
        drivers.forEach(EtcdDriver::close);
        scheduler.shutdownNow();
    }

    private EtcdDriver driver(String member) {
        EtcdSettings settings = new EtcdSettings(
                EtcdScheme.GATEWAY_HTTP,
                List.of(URI.create("http://" + SharedServer.ETCD.hostPort())),
                null,
                null,
                Duration.ofSeconds(10), // a first client in a JVM on a busy machine takes seconds to start
                5,
                TTL_SECONDS,
                null,
                null,
                null);
        EtcdDriver d = new EtcdDriver(
                new StubDriverContext(
                        member,
                        ConnectionUrl.parse("etcd3+http://" + SharedServer.ETCD.hostPort()),
                        new DriverOptions("etcd3+http", Map.of()),
                        scheduler,
                        lost::put),
                settings);
        d.start();
        drivers.add(d);
        return d;
    }

    private static DriverLockQueues queues(EtcdDriver d) {
        return d.facets().lockQueues();
    }

    @Test
    void enqueueListsTheQueueInSequenceOrderWithTagsAndHoldersAsGiven() {
        DriverLockQueues a = queues(driver("a"));
        DriverLockQueues b = queues(driver("member b ☃"));
        DriverLockQueues.Enqueued first = a.enqueue(rw, "a", "write");
        assertThat(first.entries()).singleElement().satisfies(e -> {
            assertThat(e.sequence()).isEqualTo(first.lease().fencingToken());
            assertThat(e.holder()).isEqualTo("a");
            assertThat(e.tag()).isEqualTo("write");
        });
        DriverLockQueues.Enqueued second = b.enqueue(rw, "member b ☃", "read");
        assertThat(second.lease().fencingToken()).isGreaterThan(first.lease().fencingToken());
        assertThat(second.entries())
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first.lease().fencingToken(), "a", "write"),
                        org.assertj.core.groups.Tuple.tuple(second.lease().fencingToken(), "member b ☃", "read"));
        assertThat(a.entries(rw))
                .extracting(QueueEntry::sequence)
                .containsExactly(first.lease().fencingToken(), second.lease().fencingToken());
        assertThat(a.entries(LockId.readWrite(rw.name() + "x"))).isEmpty(); // another name's prefix holds nothing
        assertThat(a.entries(LockId.semaphore(rw.name()))).isEmpty(); // nor another kind's
    }

    @Test
    void sequencesKeepGrowingAfterTheQueueEmpties() {
        DriverLockQueues a = queues(driver("a"));
        DriverLease one = a.enqueue(sem, "a", "permits:2").lease();
        assertThat(a.release(one)).isTrue();
        assertThat(a.release(one)).isFalse();
        assertThat(a.entries(sem)).isEmpty();
        DriverLease two = a.enqueue(sem, "a", "permits:2").lease();
        assertThat(two.fencingToken()).isGreaterThan(one.fencingToken());
        assertThat(((EtcdLocks.Held) two.handle()).key)
                .as("the key of a released entry is reused, so the prefix does not fill with deleted keys")
                .isEqualTo(((EtcdLocks.Held) one.handle()).key);
        DriverLease three = a.enqueue(sem, "a", "permits:2").lease();
        assertThat(((EtcdLocks.Held) three.handle()).key).isNotEqualTo(((EtcdLocks.Held) two.handle()).key);
        assertThat(three.fencingToken()).isGreaterThan(two.fencingToken());
        assertThat(a.entries(sem)).extracting(QueueEntry::holder).containsExactly("a", "a");
        assertThat(a.isStillOwner(two)).isTrue();
        assertThat(a.isStillOwner(one)).isFalse();
    }

    @Test
    void releaseRemovesThatEntryOnlyAndWakesTheWatcherOfItOnly() throws Exception {
        DriverLockQueues a = queues(driver("a"));
        DriverLockQueues b = queues(driver("b"));
        DriverLease first = a.enqueue(sem, "a", "permits:1").lease();
        DriverLease second = a.enqueue(sem, "a", "permits:1").lease();
        List<QueueEntry> seen = b.enqueue(sem, "b", "permits:1").entries();
        AtomicInteger firstGone = new AtomicInteger();
        AtomicInteger secondGone = new AtomicInteger();
        try (AutoCloseable w1 = b.watchRemoval(sem, seen.get(0), firstGone::incrementAndGet);
                AutoCloseable w2 = b.watchRemoval(sem, seen.get(1), secondGone::incrementAndGet)) {
            assertThat(a.release(second)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> secondGone.get() == 1);
            assertThat(b.entries(sem)).extracting(QueueEntry::sequence).doesNotContain(second.fencingToken());
            assertThat(a.release(first)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> firstGone.get() == 1);
            assertThat(secondGone).hasValue(1); // each watch hears its own key, once
        }
    }

    @Test
    void aWatchOnAnEntryGoneSinceItWasListedFiresAtOnce() throws Exception {
        DriverLockQueues a = queues(driver("a"));
        DriverLease held = a.enqueue(rw, "a", "read").lease();
        QueueEntry listed = a.entries(rw).get(0);
        a.release(held);
        AtomicInteger gone = new AtomicInteger();
        try (AutoCloseable w = a.watchRemoval(rw, listed, gone::incrementAndGet)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> gone.get() == 1);
        }
    }

    @Test
    void anEntryNobodyConfirmsExpiresAfterTheTtlNotBeforeWhileARefreshedOneStays() throws Exception {
        EtcdDriver quiet = driver("a");
        DriverLockQueues b = queues(driver("b"));
        DriverLease refreshed = b.enqueue(rw, "b", "read").lease();
        DriverLease entry = queues(quiet).enqueue(rw, "a", "write").lease();
        QueueEntry listed = b.entries(rw).get(1);
        long[] goneAt = new long[1];
        try (AutoCloseable w = b.watchRemoval(rw, listed, () -> goneAt[0] = System.nanoTime())) {
            await().atMost(Duration.ofSeconds(TTL_SECONDS + 8))
                    .pollInterval(Duration.ofMillis(TTL_SECONDS * 1000 / 4))
                    .until(() -> b.refresh(List.of(refreshed)).isEmpty() && goneAt[0] != 0);
        }
        assertThat(goneAt[0] - entry.confirmedNanos())
                .as("the entry lived at least the TTL after the request that confirmed it was sent")
                .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(TTL_SECONDS));
        assertThat(b.entries(rw)).extracting(QueueEntry::sequence).containsExactly(refreshed.fencingToken());
        assertThat(b.isStillOwner(refreshed)).isTrue();
        assertThat(queues(quiet).refresh(List.of(entry))).containsExactly(entry); // its lease went with it
        assertThat(lost).isEmpty();
    }

    @Test
    void refreshReportsBrokenEntries() {
        DriverLockQueues a = queues(driver("a"));
        DriverLease kept = a.enqueue(rw, "a", "read").lease();
        DriverLease other = a.enqueue(sem, "a", "permits:3").lease();
        assertThat(a.refresh(List.of(kept, other))).isEmpty();
        assertThat(lost).isEmpty();
        assertThat(a.forceBreak(sem)).isTrue();
        assertThat(a.refresh(List.of(kept, other))).isEmpty();
        assertThat(lost).containsOnly(Map.entry(other, LossReason.BROKEN));
        assertThat(a.isStillOwner(other)).isFalse();
        assertThat(a.isStillOwner(kept)).isTrue();
    }

    @Test
    void forceBreakRemovesHoldersAndWaitersAndTheirWatchersHear() throws Exception {
        DriverLockQueues a = queues(driver("a"));
        DriverLockQueues b = queues(driver("b"));
        a.enqueue(rw, "a", "write");
        b.enqueue(rw, "b", "read");
        List<QueueEntry> seen = b.enqueue(rw, "b", "write").entries();
        assertThat(seen).hasSize(3);
        AtomicInteger gone = new AtomicInteger();
        try (AutoCloseable w = b.watchRemoval(rw, seen.get(0), gone::incrementAndGet)) {
            assertThat(a.forceBreak(rw)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> gone.get() == 1);
        }
        assertThat(b.entries(rw)).isEmpty();
        assertThat(a.forceBreak(rw)).isFalse();
    }

    @Test
    void etcdsOwnLockOnTheQueuesPrefixIsAWriterInTheQueue() throws Exception {
        DriverLockQueues a = queues(driver("a"));
        DriverLease reader = a.enqueue(rw, "a", "read").lease();
        String queue = EtcdKeys.queue(rw);
        ByteSequence name = ByteSequence.from(queue.substring(0, queue.length() - 1), StandardCharsets.UTF_8);
        try (Client raw = Client.builder()
                .endpoints("http://" + SharedServer.ETCD.hostPort())
                .build()) {
            long lease = raw.getLeaseClient().grant(10).get(5, TimeUnit.SECONDS).getID();
            CompletableFuture<LockResponse> etcdLock = raw.getLockClient().lock(name, lease);
            await().atMost(Duration.ofSeconds(5)).until(() -> a.entries(rw).size() == 2);
            QueueEntry foreign = a.entries(rw).get(1);
            assertThat(foreign.tag()).isEqualTo("write");
            assertThat(foreign.holder()).startsWith("etcd-lock:" + queue);
            assertThat(foreign.sequence()).isGreaterThan(reader.fencingToken());
            assertThat(etcdLock).isNotDone(); // it waits for the reader ahead of it, as a writer does
            a.release(reader);
            ByteSequence key = etcdLock.get(5, TimeUnit.SECONDS).getKey();
            assertThat(a.enqueue(rw, "a", "read").entries().get(0).holder())
                    .isEqualTo("etcd-lock:" + key.toString(StandardCharsets.UTF_8));
            raw.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void watchHolderHearsGrantsAndReleasesOfLocksAndLeaderships() throws Exception {
        DriverLocks a = driver("a").facets().locks();
        DriverLocks b = driver("b").facets().locks();
        for (LockId id : List.of(LockId.lock("held " + UUID.randomUUID()), LockId.leader("g-" + UUID.randomUUID()))) {
            AtomicInteger changes = new AtomicInteger();
            try (AutoCloseable w = b.watchHolder(id, changes::incrementAndGet)) {
                DriverLease lease = a.acquire(id, "a", 0).orElseThrow();
                await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() >= 1);
                int afterGrant = changes.get();
                a.release(lease);
                await().atMost(Duration.ofSeconds(5)).until(() -> changes.get() > afterGrant);
            }
        }
    }
}
