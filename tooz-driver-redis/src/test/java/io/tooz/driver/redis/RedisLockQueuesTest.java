package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues.Enqueued;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The queue facet on the shared Redis, without the core: two drivers (coordinators) alice and bob, a one-second lock
 * TTL; the restart guard on a private server that has just started.
 */
@ServerTest
@Timeout(60)
class RedisLockQueuesTest {
    private static final String NS = "_tooz_queues_" + UUID.randomUUID();
    private static final Map<String, String> OPTIONS = Map.of("timeout", "2", "lock_timeout", "1", "namespace", NS);
    private static final long WAIT_S = 5;

    private DirectDriver alice;
    private DirectDriver bob;

    @BeforeEach
    void start() {
        SharedServer.REDIS.require();
        alice = new DirectDriver("redis://" + SharedServer.REDIS.hostPort(), "alice", OPTIONS);
        bob = new DirectDriver("redis://" + SharedServer.REDIS.hostPort(), "bob", OPTIONS);
    }

    @AfterEach
    void stop() {
        for (DirectDriver d : new DirectDriver[] {alice, bob}) {
            if (d != null) {
                d.close();
            }
        }
    }

    private static String name() {
        return "q-" + UUID.randomUUID();
    }

    @Test
    void entriesComeInSequenceOrderAndNumbersNeverRepeatEvenAfterTheQueueEmpties() {
        LockId id = LockId.readWrite(name());
        long before = System.nanoTime();
        Enqueued first = alice.queues().enqueue(id, "alice", "read");
        long after = System.nanoTime();
        assertThat(first.lease().confirmedNanos()).isBetween(before, after);
        assertThat(first.lease().id()).isEqualTo(id);
        assertThat(first.entries())
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(tuple(first.lease().fencingToken(), "alice", "read"));
        Enqueued second = bob.queues().enqueue(id, "bob with spaces", "write");
        Enqueued third = alice.queues().enqueue(id, "alice", "read");
        long t1 = first.lease().fencingToken();
        long t2 = second.lease().fencingToken();
        long t3 = third.lease().fencingToken();
        assertThat(t2).isGreaterThan(t1);
        assertThat(t3).isGreaterThan(t2);
        assertThat(third.entries())
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(
                        tuple(t1, "alice", "read"), tuple(t2, "bob with spaces", "write"), tuple(t3, "alice", "read"));
        assertThat(bob.queues().entries(id)).isEqualTo(third.entries());

        String base = NS + "_rwlock:{" + id.name().length() + ":" + id.name() + "}";
        assertThat(pttl(base + ":" + t1)).isBetween(1L, 1000L);
        assertThat(pttl(base + ":seq")).as("the counter never expires").isEqualTo(-1);
        assertThat(type(base + ":index")).isEqualTo("zset");

        assertThat(alice.queues().release(first.lease())).isTrue();
        assertThat(bob.queues().release(second.lease())).isTrue();
        assertThat(alice.queues().release(third.lease())).isTrue();
        assertThat(alice.queues().entries(id)).isEmpty();
        assertThat(type(base + ":index")).as("an empty index is gone").isEqualTo("none");
        Enqueued again = bob.queues().enqueue(id, "bob", "write");
        assertThat(again.lease().fencingToken()).isGreaterThan(t3);
        assertThat(again.entries())
                .extracting(QueueEntry::sequence)
                .containsExactly(again.lease().fencingToken());
        bob.queues().release(again.lease());
    }

    @Test
    void aSemaphoreAndAReadWriteLockOfOneNameAreSeparateQueues() {
        String name = name();
        Enqueued rw = alice.queues().enqueue(LockId.readWrite(name), "alice", "write");
        Enqueued sem = bob.queues().enqueue(LockId.semaphore(name), "bob", "permits:3");
        assertThat(rw.entries()).extracting(QueueEntry::tag).containsExactly("write");
        assertThat(sem.entries())
                .extracting(QueueEntry::holder, QueueEntry::tag)
                .containsExactly(tuple("bob", "permits:3"));
        alice.queues().release(rw.lease());
        assertThat(bob.queues().entries(LockId.semaphore(name))).hasSize(1);
        bob.queues().release(sem.lease());
    }

    @Test
    void releaseAndIsStillOwner() {
        LockId id = LockId.semaphore(name());
        Enqueued e = alice.queues().enqueue(id, "alice", "permits:1");
        assertThat(alice.queues().isStillOwner(e.lease())).isTrue();
        assertThat(alice.queues().release(e.lease())).isTrue();
        assertThat(alice.queues().isStillOwner(e.lease())).isFalse();
        assertThat(alice.queues().release(e.lease())).as("released twice").isFalse();
    }

    @Test
    void refreshExtendsTheTtlAndReturnsTheEntriesGone() {
        LockId id = LockId.readWrite(name());
        Enqueued kept = alice.queues().enqueue(id, "alice", "read");
        Enqueued gone = alice.queues().enqueue(id, "alice", "read");
        String keptKey = key(kept.lease());
        alice.driver.commands().call("shortening", r -> r.pexpire(keptKey, 100));
        assertThat(alice.queues().refresh(List.of(kept.lease(), gone.lease()))).isEmpty();
        assertThat(pttl(keptKey)).isGreaterThan(500);

        alice.driver.commands().call("expiring", r -> r.del(key(gone.lease())));
        assertThat(alice.queues().refresh(List.of(kept.lease(), gone.lease()))).containsExactly(gone.lease());
        assertThat(alice.losses).as("an expiry is no break").isEmpty();
        alice.queues().release(kept.lease());
    }

    @Test
    void anEntryNotRefreshedExpiresAfterTheTtlAndItsWatcherHearsAtTheNextRead() throws Exception {
        LockId id = LockId.readWrite(name());
        long sent = System.nanoTime();
        Enqueued e = alice.queues().enqueue(id, "alice", "write");
        CountDownLatch removed = new CountDownLatch(1);
        try (AutoCloseable w = bob.queues().watchRemoval(id, e.entries().get(0), removed::countDown)) {
            await().atMost(Duration.ofSeconds(WAIT_S))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> bob.queues().entries(id).isEmpty());
            assertThat(Duration.ofNanos(System.nanoTime() - sent))
                    .as("kept at least the TTL after the request was sent")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(995));
            assertThat(removed.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(alice.queues().refresh(List.of(e.lease()))).containsExactly(e.lease());
    }

    @Test
    void watchRemovalFiresOnTheReleaseOfItsEntryOnlyAndAtOnceForAnEntryAlreadyGone() throws Exception {
        LockId id = LockId.readWrite(name());
        Enqueued writer = alice.queues().enqueue(id, "alice", "write");
        Enqueued reader = bob.queues().enqueue(id, "bob", "read");
        CountDownLatch writerGone = new CountDownLatch(1);
        CountDownLatch readerGone = new CountDownLatch(1);
        try (AutoCloseable w1 = bob.queues().watchRemoval(id, reader.entries().get(0), writerGone::countDown);
                AutoCloseable w2 =
                        bob.queues().watchRemoval(id, reader.entries().get(1), readerGone::countDown)) {
            bob.queues().release(reader.lease());
            assertThat(readerGone.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
            assertThat(writerGone.getCount()).as("another entry's release").isEqualTo(1);
            alice.queues().release(writer.lease());
            assertThat(writerGone.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
        CountDownLatch already = new CountDownLatch(1);
        try (AutoCloseable w = alice.queues().watchRemoval(id, writer.entries().get(0), already::countDown)) {
            assertThat(already.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void forceBreakRemovesEveryEntryAndTheHoldersLearnItWasABreak() throws Exception {
        LockId id = LockId.semaphore(name());
        assertThat(alice.queues().forceBreak(id)).as("an empty queue").isFalse();
        Enqueued listening = alice.queues().enqueue(id, "alice", "permits:1");
        alice.entries.add(listening.lease());
        alice.queues().watchLoss(listening.lease());
        Enqueued waiting = bob.queues().enqueue(id, "bob", "permits:1");
        CountDownLatch removed = new CountDownLatch(1);
        try (AutoCloseable w = alice.queues().watchRemoval(id, waiting.entries().get(1), removed::countDown)) {
            assertThat(bob.queues().forceBreak(id)).isTrue();
            DirectDriver.Loss loss = alice.losses.poll(WAIT_S, TimeUnit.SECONDS);
            assertThat(loss).isEqualTo(new DirectDriver.Loss(listening.lease(), LossReason.BROKEN));
            assertThat(removed.await(WAIT_S, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(alice.queues().entries(id)).isEmpty();
        assertThat(bob.queues().refresh(List.of(waiting.lease())))
                .as("reported as a loss instead")
                .isEmpty();
        assertThat(bob.losses.poll()).isEqualTo(new DirectDriver.Loss(waiting.lease(), LossReason.BROKEN));
        assertThat(bob.queues().release(waiting.lease())).isFalse();
        assertThat(alice.queues().forceBreak(id)).as("broken already").isFalse();

        Enqueued next = alice.queues().enqueue(id, "alice", "permits:1");
        assertThat(next.lease().fencingToken()).isGreaterThan(waiting.lease().fencingToken());
        alice.entries.clear();
        assertThat(alice.queues().refresh(List.of(next.lease()))).isEmpty();
        alice.queues().release(next.lease());
        assertThat(alice.queues().refresh(List.of(next.lease()))).containsExactly(next.lease());
        assertThat(alice.losses).as("released after the break: an expiry").isEmpty();
    }

    @Test
    void watchHolderHearsReleasesBreaksAndNewLeaders() throws Exception {
        BlockingQueue<String> heard = new LinkedBlockingQueue<>();
        LockId lock = LockId.lock(name());
        try (AutoCloseable w = bob.locks().watchHolder(lock, () -> heard.add("changed"))) {
            DriverLease l = alice.locks().acquire(lock, "alice", 0).orElseThrow();
            alice.locks().release(l);
            assertThat(heard.poll(WAIT_S, TimeUnit.SECONDS)).as("a release").isNotNull();
            alice.locks().acquire(lock, "alice", 0).orElseThrow();
            heard.clear();
            assertThat(bob.locks().forceBreak(lock)).isTrue();
            assertThat(heard.poll(WAIT_S, TimeUnit.SECONDS)).as("a break").isNotNull();
        }
        heard.clear();
        LockId leader = LockId.leader(name());
        try (AutoCloseable w = bob.locks().watchHolder(leader, () -> heard.add("changed"))) {
            DriverLease l = alice.locks().acquire(leader, "alice", 0).orElseThrow();
            assertThat(heard.poll(WAIT_S, TimeUnit.SECONDS)).as("a new leader").isNotNull();
            alice.locks().release(l);
            assertThat(heard.poll(WAIT_S, TimeUnit.SECONDS)).as("a leader gone").isNotNull();
        }
    }

    /** A server up for less than a lock TTL may have forgotten entries: guard entries block every grant until then. */
    @Test
    void aServerJustStartedPutsGuardEntriesFirstUntilALockTtlAfterItsStart() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                DirectDriver d = new DirectDriver(redis.url(), "alice", Map.of("timeout", "3"))) {
            LockId rw = LockId.readWrite("guarded");
            Enqueued read = d.queues().enqueue(rw, "alice", "read");
            assertThat(read.entries())
                    .extracting(QueueEntry::holder, QueueEntry::tag)
                    .containsExactly(tuple("tooz:restart-guard", "write"), tuple("alice", "read"));
            LockId sem = LockId.semaphore("guarded");
            Enqueued permit = d.queues().enqueue(sem, "alice", "permits:2");
            assertThat(permit.entries())
                    .extracting(QueueEntry::holder, QueueEntry::tag)
                    .containsExactly(
                            tuple("tooz:restart-guard", "permits:2"),
                            tuple("tooz:restart-guard", "permits:2"),
                            tuple("alice", "permits:2"));
            assertThat(permit.entries().get(1).sequence())
                    .isLessThan(permit.lease().fencingToken());
            await().atMost(Duration.ofSeconds(WAIT_S))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        assertThat(d.queues().refresh(List.of(read.lease(), permit.lease())))
                                .isEmpty();
                        return d.queues().entries(rw).size() == 1
                                && d.queues().entries(sem).size() == 1;
                    });
            assertThat(d.queues().entries(sem).get(0).sequence())
                    .isEqualTo(permit.lease().fencingToken());
        }
    }

    private static String key(DriverLease lease) {
        return ((RedisLockQueues.Entry) lease.handle()).key;
    }

    private long pttl(String key) {
        return alice.driver.commands().call("pttl", r -> r.pttl(key));
    }

    private String type(String key) {
        return alice.driver.commands().call("type", r -> r.type(key));
    }
}
