package io.tooz.driver.memcached;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues;
import io.tooz.spi.DriverLockQueues.Enqueued;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import io.tooz.tck.StubDriverContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue facet on real memcached servers, driven directly: order and numbering, release, refresh and expiry on the
 * server's clock, breaks, what each operation costs in round trips, the guard of a young server, and a CAS unique
 * from before a restart never sent after it.
 */
@Timeout(60)
@ServerTest
class MemcachedLockQueuesTest {
    /** For expiry: entries live at least 2 s and at most 3 s unless refreshed (whole seconds, plus memcached's tick). */
    private static final Duration SHORT = Duration.ofSeconds(2);
    /** Elsewhere: nothing refreshes, and entries must outlive a slow machine's test. */
    private static final Duration LONG = Duration.ofSeconds(30);

    private final String name = "q-" + UUID.randomUUID();
    private final QueueDrivers drivers = new QueueDrivers();

    @BeforeAll
    static void serverIsUp() {
        SharedServer.MEMCACHED.require();
    }

    @AfterEach
    void close() {
        drivers.close();
    }

    @Test
    void entriesComeInSequenceOrderAndNumbersNeverRepeatEvenAfterTheQueueEmpties() {
        DriverLockQueues a = drivers.start(11211, "a");
        DriverLockQueues b = drivers.start(11211, "b");
        LockId id = LockId.readWrite(name);
        Enqueued w = a.enqueue(id, "a", "write");
        Enqueued r1 = b.enqueue(id, "b", "read");
        Enqueued r2 = a.enqueue(id, "a", "read");
        assertThat(w.entries()).extracting(QueueEntry::tag).containsExactly("write");
        assertThat(r2.entries())
                .extracting(QueueEntry::holder, QueueEntry::tag)
                .containsExactly(tuple("a", "write"), tuple("b", "read"), tuple("a", "read"));
        long[] tokens = {
            w.lease().fencingToken(), r1.lease().fencingToken(), r2.lease().fencingToken()
        };
        assertThat(tokens).isSorted().doesNotHaveDuplicates();
        assertThat(b.entries(id)).extracting(QueueEntry::sequence).containsExactly(tokens[0], tokens[1], tokens[2]);

        assertThat(a.release(w.lease())).isTrue();
        assertThat(b.release(r1.lease())).isTrue();
        assertThat(a.release(r2.lease())).isTrue();
        assertThat(a.entries(id)).isEmpty();
        Enqueued again = b.enqueue(id, "b", "write");
        assertThat(again.lease().fencingToken()).isGreaterThan(tokens[2]);
        assertThat(again.entries())
                .extracting(QueueEntry::sequence)
                .containsExactly(again.lease().fencingToken());
        b.release(again.lease());
    }

    @Test
    void concurrentEnqueuesFromTwoCoordinatorsEachGetTheirOwnNumberInQueueOrder() throws Exception {
        List<DriverLockQueues> both = List.of(drivers.start(11211, "a"), drivers.start(11211, "b"));
        LockId id = LockId.semaphore(name);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<List<DriverLease>>> made = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                DriverLockQueues q = both.get(t % 2);
                String holder = t % 2 == 0 ? "a" : "b";
                made.add(pool.submit(() -> {
                    List<DriverLease> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        mine.add(q.enqueue(id, holder, "permits:1").lease());
                    }
                    return mine;
                }));
            }
            List<Long> tokens = new java.util.ArrayList<>();
            for (var f : made) {
                f.get().forEach(l -> tokens.add(l.fencingToken()));
            }
            assertThat(tokens).hasSize(48).doesNotHaveDuplicates();
            assertThat(both.get(1).entries(id))
                    .extracting(QueueEntry::sequence)
                    .isSorted()
                    .containsExactlyInAnyOrderElementsOf(tokens);
            List<java.util.concurrent.Future<Boolean>> released = new java.util.ArrayList<>();
            for (var f : made) {
                for (DriverLease l : f.get()) {
                    DriverLockQueues q = both.get(made.indexOf(f) % 2);
                    released.add(pool.submit(() -> q.release(l)));
                }
            }
            for (var r : released) {
                assertThat(r.get()).isTrue();
            }
            assertThat(both.get(0).entries(id)).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleasedEntryIsGoneForEveryoneAndASecondReleaseSaysSo() {
        DriverLockQueues a = drivers.start(11211, "a");
        DriverLockQueues b = drivers.start(11211, "b");
        LockId id = LockId.semaphore(name);
        Enqueued first = a.enqueue(id, "a", "permits:2");
        Enqueued second = b.enqueue(id, "b", "permits:2");
        assertThat(a.release(first.lease())).isTrue(); // a's guess of the index is stale: it reads it again
        assertThat(b.entries(id)).extracting(QueueEntry::holder).containsExactly("b");
        assertThat(b.isStillOwner(second.lease())).isTrue();
        assertThat(b.release(second.lease())).isTrue(); // b's guess is current
        assertThat(a.release(first.lease())).isFalse();
        assertThat(a.isStillOwner(first.lease())).isFalse();
        assertThat(b.entries(id)).isEmpty();
    }

    @Test
    void refreshedEntriesOutliveTheTtlAndTheOthersExpireOnTheServersClock() throws InterruptedException {
        DriverLockQueues a = drivers.start(11211, "a", SHORT);
        LockId id = LockId.readWrite(name);
        Enqueued kept = a.enqueue(id, "a", "read");
        Enqueued left = a.enqueue(id, "a", "read");
        assertThat(a.leaseTtl(id)).contains(SHORT);
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(300); // time must pass: the other entry expires meanwhile
            assertThat(a.refresh(List.of(kept.lease()))).isEmpty();
        }
        assertThat(a.entries(id))
                .extracting(QueueEntry::sequence)
                .containsExactly(kept.lease().fencingToken());
        assertThat(a.refresh(List.of(kept.lease(), left.lease()))).containsExactly(left.lease());
        assertThat(a.isStillOwner(left.lease())).isFalse();
        assertThat(a.release(left.lease())).isFalse();
        assertThat(a.release(kept.lease())).isTrue();
    }

    @Test
    void aBreakEmptiesTheQueueAndItsHoldersHearBrokenAtTheirNextRefresh() {
        DriverLockQueues a = drivers.start(11211, "a");
        DriverLockQueues b = drivers.start(11211, "b");
        LockId id = LockId.readWrite(name);
        Enqueued held = a.enqueue(id, "a", "write");
        Enqueued waiting = a.enqueue(id, "a", "read");
        assertThat(b.forceBreak(id)).isTrue();
        assertThat(b.forceBreak(id)).isFalse();
        assertThat(a.entries(id)).isEmpty();
        assertThat(a.refresh(List.of(held.lease(), waiting.lease()))).isEmpty();
        assertThat(drivers.losses("a"))
                .containsEntry(held.lease(), LossReason.BROKEN)
                .containsEntry(waiting.lease(), LossReason.BROKEN);
        Enqueued after = b.enqueue(id, "b", "write");
        assertThat(after.lease().fencingToken()).isGreaterThan(waiting.lease().fencingToken());
        assertThat(b.refresh(List.of(after.lease()))).isEmpty();
        assertThat(drivers.losses("b")).isEmpty();
        assertThat(b.release(after.lease())).isTrue();
        assertThat(a.release(held.lease())).isFalse();
    }

    @Test
    void anUncontendedAcquireAndReleaseIsOneRoundTripEachAndARefreshOneForAll() {
        DriverLockQueues a = drivers.start(11211, "a");
        MemcachedClient c = drivers.client("a");
        LockId id = LockId.readWrite(name);
        a.release(a.enqueue(id, "a", "read").lease()); // the index exists and this driver saw its last version
        long before = c.roundTrips();
        Enqueued read = a.enqueue(id, "a", "read");
        assertThat(c.roundTrips() - before).as("enqueue").isEqualTo(1);
        assertThat(a.release(read.lease())).isTrue();
        assertThat(c.roundTrips() - before).as("enqueue + release").isEqualTo(2);

        LockId other = LockId.semaphore(name);
        List<DriverLease> leases = List.of(
                a.enqueue(id, "a", "read").lease(),
                a.enqueue(id, "a", "read").lease(),
                a.enqueue(other, "a", "permits:1").lease());
        before = c.roundTrips();
        assertThat(a.refresh(leases)).isEmpty();
        assertThat(a.entries(id)).hasSize(2);
        assertThat(c.roundTrips() - before).as("refresh + entries").isEqualTo(2);
        leases.forEach(a::release);
    }

    @Test
    void aServerYoungerThanTheTtlHoldsEveryPermitUntilItIsOldEnough() throws Exception {
        try (PrivateMemcached m = PrivateMemcached.start()) {
            DriverLockQueues a = drivers.start(m.port, "a", SHORT); // the guard lasts a TTL: keep it short
            LockId rw = LockId.readWrite(name);
            Enqueued read = a.enqueue(rw, "a", "read");
            assertThat(read.entries())
                    .extracting(QueueEntry::holder, QueueEntry::tag)
                    .containsExactly(tuple(MemcachedQueueGuard.GUARD_HOLDER, "write"), tuple("a", "read"));
            Enqueued permit = a.enqueue(LockId.semaphore(name), "a", "permits:3");
            assertThat(permit.entries())
                    .extracting(QueueEntry::tag)
                    .containsOnly("permits:3")
                    .hasSize(4);
            assertThat(permit.entries().get(3).holder()).isEqualTo("a");
            assertThat(permit.entries())
                    .extracting(QueueEntry::sequence)
                    .isSorted()
                    .doesNotHaveDuplicates();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(a.refresh(List.of(read.lease(), permit.lease())))
                                .isEmpty();
                        assertThat(a.entries(rw)).extracting(QueueEntry::holder).containsExactly("a");
                    });
        }
    }

    @Test
    void anIndexVersionSeenBeforeARestartIsNeverWrittenOverTheNewIndex() throws Exception {
        try (PrivateMemcached m = PrivateMemcached.start();
                MemcachedClient raw = new MemcachedClient("127.0.0.1", m.port, Duration.ofSeconds(2), 1)) {
            LockId id = LockId.readWrite(name);
            String indexKey = MemcachedKeys.queue(id);
            DriverLockQueues a = drivers.start(m.port, "a");
            Enqueued old = a.enqueue(id, "a", "write");
            long casBefore = raw.gets(indexKey).orElseThrow().cas();

            m.kill();
            m.restart();
            DriverLockQueues b = drivers.start(m.port, "b"); // the same commands as a's, so the same CAS uniques
            Enqueued fresh = b.enqueue(id, "b", "write");
            assertThat(raw.gets(indexKey).orElseThrow().cas())
                    .as("the new index has the CAS unique a saw before the restart")
                    .isEqualTo(casBefore);

            assertThat(a.release(old.lease())).isFalse();
            assertThat(b.entries(id))
                    .extracting(QueueEntry::sequence)
                    .contains(fresh.lease().fencingToken());
            assertThat(b.isStillOwner(fresh.lease())).isTrue();
        }
    }

    /** Drivers made directly, each with its own member id and the losses it reported. */
    private static final class QueueDrivers implements AutoCloseable {
        private final Map<String, MemcachedDriver> started = new ConcurrentHashMap<>();
        private final Map<String, Map<DriverLease, LossReason>> losses = new ConcurrentHashMap<>();

        DriverLockQueues start(int port, String member) {
            return start(port, member, LONG);
        }

        DriverLockQueues start(int port, String member, Duration ttl) {
            Map<DriverLease, LossReason> lost = new ConcurrentHashMap<>();
            losses.put(member, lost);
            MemcachedSettings settings = new MemcachedSettings(
                    "127.0.0.1", port, Duration.ofSeconds(2), ttl, ttl, ttl, 4, Duration.ofMillis(100));
            MemcachedDriver d = new MemcachedDriver(
                    new StubDriverContext(
                            member,
                            io.tooz.spi.ConnectionUrl.parse("memcached://127.0.0.1:" + port),
                            new io.tooz.spi.DriverOptions("memcached", Map.of()),
                            null,
                            lost::put),
                    settings,
                    Clock.systemUTC());
            d.start();
            started.put(member, d);
            return d.facets().lockQueues();
        }

        MemcachedClient client(String member) {
            return started.get(member).client();
        }

        Map<DriverLease, LossReason> losses(String member) {
            return losses.get(member);
        }

        @Override
        public void close() {
            started.values().forEach(MemcachedDriver::close);
        }
    }

    /** The little of a core a driver needs here: a member id and where losses go. */
}
