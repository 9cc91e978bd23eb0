package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.LossReason;
import io.tooz.spi.DriverLease;
import io.tooz.spi.DriverLockQueues.Enqueued;
import io.tooz.spi.LockId;
import io.tooz.spi.QueueEntry;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;

/**
 * The queues of read-write locks and semaphores below the core, on the real servers: the table keeps entries in
 * sequence order with numbers that never go back, refreshes them in one statement, expires them no sooner than the
 * TTL after the request that made them was sent, breaks them, and (PostgreSQL) pushes releases and leader grants to
 * watchers; after a restart it shows blockers until the server has been up for the TTL.
 */
@Timeout(120)
@ServerTest
class JdbcLockQueuesTest {
    private static final String PREFIX = "queues_";
    private final QueueDrivers drivers = new QueueDrivers(PREFIX);

    @BeforeAll
    static void serversAreUp() throws Exception {
        SharedServer.POSTGRESQL.require();
        SharedServer.MYSQL.require();
        // a first connection loads the JDBC drivers' classes, which under load takes longer than the tests' timeout
        new JdbcAdmin(true).connect().close();
        new JdbcAdmin(false).connect().close();
    }

    @AfterEach
    void closeDrivers() {
        drivers.close();
    }

    private static LockId readWrite() {
        return LockId.readWrite("rw-" + UUID.randomUUID());
    }

    private static List<Long> sequences(List<QueueEntry> entries) {
        return entries.stream().map(QueueEntry::sequence).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.POSTGRESQL, QueueDrivers.MYSQL, QueueDrivers.MYSQL_COUNTERS})
    void entriesAreListedInSequenceOrderAndNumbersKeepGrowingAfterTheQueueEmpties(String server) {
        JdbcLockQueues q = drivers.start(server, 5).queues();
        LockId id = readWrite();
        Enqueued first = q.enqueue(id, "m1", "write");
        Enqueued second = q.enqueue(id, "m2", "read");
        long a = first.lease().fencingToken();
        long b = second.lease().fencingToken();
        assertThat(b).isGreaterThan(a);
        assertThat(sequences(first.entries())).containsExactly(a);
        assertThat(second.entries())
                .extracting(QueueEntry::sequence, QueueEntry::holder, QueueEntry::tag)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(a, "m1", "write"),
                        org.assertj.core.groups.Tuple.tuple(b, "m2", "read"));
        assertThat(q.entries(id)).isEqualTo(second.entries());
        assertThat(q.entries(LockId.semaphore(id.name())))
                .as("another kind, another queue")
                .isEmpty();

        assertThat(q.release(first.lease())).isTrue();
        assertThat(q.release(first.lease())).as("released already").isFalse();
        assertThat(sequences(q.entries(id))).containsExactly(b);
        assertThat(q.release(second.lease())).isTrue();
        assertThat(q.entries(id)).isEmpty();

        Enqueued third = q.enqueue(id, "m3", "permits:2");
        assertThat(third.lease().fencingToken()).isGreaterThan(b);
        assertThat(third.entries()).singleElement().satisfies(e -> assertThat(e.tag())
                .isEqualTo("permits:2"));
        q.release(third.lease());
    }

    /** Two drivers, four threads each, one queue: every listing holds every entry numbered before its own. */
    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.POSTGRESQL, QueueDrivers.MYSQL, QueueDrivers.MYSQL_COUNTERS})
    void concurrentEnqueuesSeeEveryEarlierEntry(String server) throws Exception {
        List<JdbcLockQueues> queues = List.of(
                drivers.start(server, 30).queues(), drivers.start(server, 30).queues());
        LockId id = readWrite();
        List<Enqueued> made = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                JdbcLockQueues q = queues.get(t % 2);
                String holder = "t" + t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        made.add(q.enqueue(id, holder, i % 3 == 0 ? "write" : "read"));
                    }
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        TreeSet<Long> all = new TreeSet<>(sequences(queues.get(0).entries(id)));
        assertThat(all).hasSize(120);
        for (Enqueued e : made) {
            long own = e.lease().fencingToken();
            assertThat(sequences(e.entries()))
                    .as("the listing of entry %d", own)
                    .startsWith(all.headSet(own, true).toArray(Long[]::new));
        }
        for (Enqueued e : made) {
            queues.get(0).release(e.lease());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.POSTGRESQL, QueueDrivers.MYSQL})
    void anEntryNobodyRefreshesExpiresNoSoonerThanTheTtlAndRefreshReturnsIt(String server) {
        JdbcLockQueues q = drivers.start(server, 2).queues();
        assertThat(q.leaseTtl(readWrite())).contains(Duration.ofSeconds(2));
        LockId id = LockId.semaphore("sem-" + UUID.randomUUID());
        Enqueued kept = q.enqueue(id, "m1", "permits:2");
        Enqueued left = q.enqueue(id, "m2", "permits:2");
        long sent = left.lease().confirmedNanos();
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    assertThat(q.refresh(List.of(kept.lease()))).isEmpty();
                    return !sequences(q.entries(id)).contains(left.lease().fencingToken());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(sequences(q.entries(id))).containsExactly(kept.lease().fencingToken());
        assertThat(q.refresh(List.of(kept.lease(), left.lease()))).containsExactly(left.lease());
        assertThat(q.isStillOwner(left.lease())).isFalse();
        assertThat(q.isStillOwner(kept.lease())).isTrue();
        assertThat(q.release(left.lease())).as("expired, so not released").isFalse();
        assertThat(q.release(kept.lease())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.POSTGRESQL, QueueDrivers.MYSQL})
    void aBreakRemovesHoldersAndWaitersWhoAreToldItWasABreak(String server) {
        QueueDrivers.Started one = drivers.start(server, 5);
        QueueDrivers.Started two = drivers.start(server, 5);
        LockId id = readWrite();
        Enqueued holder = one.queues().enqueue(id, "m1", "read");
        Enqueued waiter = two.queues().enqueue(id, "m2", "write");
        one.queues().watchLoss(holder.lease());
        JdbcLockQueues operator = drivers.start(server, 5).queues();
        assertThat(operator.forceBreak(id)).isTrue();
        assertThat(operator.entries(id)).isEmpty();
        assertThat(operator.forceBreak(id)).as("nothing left to break").isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> one.losses().containsKey(holder.lease()));
        assertThat(one.losses()).containsEntry(holder.lease(), LossReason.BROKEN);
        assertThat(two.queues().refresh(List.of(waiter.lease())))
                .as("reported, not returned")
                .isEmpty();
        assertThat(two.losses()).containsEntry(waiter.lease(), LossReason.BROKEN);
        assertThat(two.queues().isStillOwner(waiter.lease())).isFalse();
        Enqueued after = two.queues().enqueue(id, "m2", "write");
        assertThat(sequences(after.entries())).containsExactly(after.lease().fencingToken());
        assertThat(after.lease().fencingToken()).isGreaterThan(waiter.lease().fencingToken());
        two.queues().release(after.lease());
    }

    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.MYSQL, QueueDrivers.MYSQL_COUNTERS})
    void mySqlPushesNothing(String server) {
        QueueDrivers.Started d = drivers.start(server, 5);
        LockId id = readWrite();
        Enqueued e = d.queues().enqueue(id, "m1", "write");
        assertThat(d.queues().watchRemoval(id, e.entries().get(0), () -> {})).isNull();
        assertThat(d.locks().watchHolder(LockId.lock("l-" + UUID.randomUUID()), () -> {}))
                .isNull();
        d.queues().release(e.lease());
    }

    @org.junit.jupiter.api.Test
    void postgresPushesReleasesToWatchersAndNotifiesOnlyWatchedQueues() throws Exception {
        QueueDrivers.Started one = drivers.start(QueueDrivers.POSTGRESQL, 2);
        QueueDrivers.Started two = drivers.start(QueueDrivers.POSTGRESQL, 2);
        LockId id = readWrite();
        try (Connection listener = new JdbcAdmin(true).connect();
                Statement st = listener.createStatement()) {
            st.execute("LISTEN " + PREFIX + "locks");
            Enqueued unwatched = one.queues().enqueue(id, "m1", "write");
            one.queues().release(unwatched.lease());
            assertThat(notifications(listener, 300))
                    .as("nobody watches: no NOTIFY")
                    .isEmpty();

            Enqueued first = one.queues().enqueue(id, "m1", "write");
            Enqueued second = two.queues().enqueue(id, "m2", "write");
            AtomicInteger removed = new AtomicInteger();
            AutoCloseable watch = two.queues().watchRemoval(id, second.entries().get(0), removed::incrementAndGet);
            awaitMarker(listener, id);
            assertThat(removed).as("the entry is there").hasValue(0);
            one.queues().release(first.lease());
            await().atMost(Duration.ofSeconds(5)).untilAtomic(removed, org.hamcrest.Matchers.greaterThan(0));
            assertThat(notifications(listener, 1000)).contains("READ_WRITE:" + id.name());
            watch.close();

            // an entry gone before the watch began: heard at once
            AtomicInteger gone = new AtomicInteger();
            two.queues().watchRemoval(id, first.entries().get(0), gone::incrementAndGet);
            await().atMost(Duration.ofSeconds(2)).untilAtomic(gone, org.hamcrest.Matchers.greaterThan(0));
            two.queues().release(second.lease());
        }
    }

    @org.junit.jupiter.api.Test
    void postgresPushesLockReleasesAndLeaderGrantsToHolderWatchers() {
        QueueDrivers.Started one = drivers.start(QueueDrivers.POSTGRESQL, 5);
        QueueDrivers.Started two = drivers.start(QueueDrivers.POSTGRESQL, 5);
        LockId lock = LockId.lock("l-" + UUID.randomUUID());
        DriverLease held = one.locks().acquire(lock, "m1", 0).orElseThrow();
        AtomicInteger changes = new AtomicInteger();
        two.locks().watchHolder(lock, changes::incrementAndGet);
        await().atMost(Duration.ofSeconds(2)).untilAtomic(changes, org.hamcrest.Matchers.equalTo(1));
        one.locks().release(held);
        await().atMost(Duration.ofSeconds(2)).untilAtomic(changes, org.hamcrest.Matchers.greaterThan(1));

        LockId leader = LockId.leader("g-" + UUID.randomUUID());
        AtomicInteger leaders = new AtomicInteger();
        two.locks().watchHolder(leader, leaders::incrementAndGet);
        await().atMost(Duration.ofSeconds(2)).untilAtomic(leaders, org.hamcrest.Matchers.equalTo(1));
        DriverLease elected = one.locks().acquire(leader, "m1", 0).orElseThrow();
        await().atMost(Duration.ofSeconds(2)).untilAtomic(leaders, org.hamcrest.Matchers.greaterThan(1));
        one.locks().release(elected);
    }

    /** As after a restart that may have emptied the table: blockers stand first until the server is up a TTL. */
    @ParameterizedTest
    @ValueSource(strings = {QueueDrivers.POSTGRESQL, QueueDrivers.MYSQL})
    void aServerUpForLessThanTheTtlListsBlockersFirstUntilItHasBeenUpThatLong(String server) throws Exception {
        QueueDrivers.Started d = drivers.start(server, 2, "0.5");
        LockId id = readWrite();
        Enqueued e = d.queues().enqueue(id, "m1", "read");
        assertThat(e.entries()).hasSize(2);
        QueueEntry blocker = e.entries().get(0);
        assertThat(blocker.tag()).isEqualTo("write");
        assertThat(blocker.sequence()).isLessThan(e.lease().fencingToken());
        AtomicInteger left = new AtomicInteger();
        d.queues().watchRemoval(id, blocker, left::incrementAndGet);
        await().atMost(Duration.ofSeconds(4)).untilAtomic(left, org.hamcrest.Matchers.equalTo(1));
        assertThat(sequences(d.queues().entries(id))).containsExactly(e.lease().fencingToken());

        LockId sem = LockId.semaphore("sem-" + UUID.randomUUID());
        QueueDrivers.Started young = drivers.start(server, 2, "0.5");
        Enqueued permit = young.queues().enqueue(sem, "m1", "permits:3");
        assertThat(permit.entries())
                .extracting(QueueEntry::tag)
                .containsExactly("permits:3", "permits:3", "permits:3", "permits:3");
        d.queues().release(e.lease());
        young.queues().release(permit.lease());
    }

    private static List<String> notifications(Connection c, int waitMillis) throws Exception {
        List<String> out = new ArrayList<>();
        org.postgresql.PGNotification[] got = c.unwrap(PGConnection.class).getNotifications(waitMillis);
        for (org.postgresql.PGNotification n : got == null ? new org.postgresql.PGNotification[0] : got) {
            out.add(n.getParameter());
        }
        return out;
    }

    /** Waits until a listening session holds the id's marker. */
    private static void awaitMarker(Connection c, LockId id) {
        long key = LockWatches.marker(id);
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE locktype ="
                    + " 'advisory' AND mode = 'ShareLock' AND granted AND classid::bigint = ? AND objid::bigint = ?"
                    + " AND objsubid = 1")) {
                ps.setLong(1, key >>> 32);
                ps.setLong(2, key & 0xffffffffL);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }
}
