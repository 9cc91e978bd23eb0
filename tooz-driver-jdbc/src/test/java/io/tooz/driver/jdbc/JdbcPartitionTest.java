package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.tck.DriverFixture;
import io.tooz.tck.FaultPorts;
import io.tooz.tck.Faults;
import io.tooz.tck.PartitionContract;
import io.tooz.tck.ServerTest;
import io.tooz.tck.WrongService;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link PartitionContract} on a database of {@code scripts/backends.sh}, with {@code timeout=2}: the server ends a
 * lock's session after 2 s of silence. Besides the contract, the bounds this driver promises: a cut-off holder is
 * told within the idle limit less the core's margin, and others get the lock within the idle limit of the holder's last
 * refresh; a request the server leaves unanswered ends within {@code timeout}; idle lock connections the server ended
 * are replaced unseen.
 */
@ServerTest
abstract class JdbcPartitionTest implements PartitionContract {
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DriverFixture fixture;
    private final InetSocketAddress backend;

    JdbcPartitionTest(String url, int port, Map<String, String> options) {
        Map<String, String> all = new HashMap<>(options);
        all.put("timeout", Long.toString(TIMEOUT.toSeconds()));
        all.put("table_prefix", "part_");
        all.put("watch_interval", "200ms");
        this.fixture = DriverFixture.of(url, TIMEOUT, all);
        this.backend = new InetSocketAddress("127.0.0.1", port);
    }

    @Override
    public DriverFixture fixture() {
        return fixture;
    }

    @Override
    public InetSocketAddress backendAddress() {
        return backend;
    }

    private Coordinator via(BlackHoleProxy proxy) {
        return newCoordinatorVia(proxy, b -> {});
    }

    /**
     * Partitions a holder three times; each time its lost() comes before another member's waiting acquire returns,
     * and that acquire returns within the idle limit (2 s) and a second of the partition: the server ended the
     * holder's session after 2 s of silence, counted from the holder's last refresh before the partition.
     */
    @Test
    void aCutOffHolderIsToldFirstAndOthersGetTheLockWithinTheIdleLimit() throws Exception {
        BlackHoleProxy proxy = newProxy();
        Coordinator holder = via(proxy);
        Coordinator other = newCoordinator();
        for (int round = 0; round < 3; round++) {
            String name = randomLockName();
            LockLease lease = holder.getLock(name).acquire(eventTimeout());
            AtomicLong lostAt = new AtomicLong();
            CompletableFuture<LossReason> lost =
                    lease.lost().toCompletableFuture().whenComplete((r, e) -> lostAt.set(System.nanoTime()));
            Thread.sleep(500 + 400 * round); // the partition falls at various points between two refreshes
            CompletableFuture<LockLease> taken =
                    CompletableFuture.supplyAsync(() -> other.getLock(name).acquire(eventTimeout()));
            long partitionedAt = System.nanoTime();
            proxy.partition();
            LockLease next = taken.get(eventTimeout().toMillis(), TimeUnit.MILLISECONDS);
            long takenAt = System.nanoTime();
            assertThat(lost).as("lost() by the time the other got the lock").isDone();
            long lostMs = TimeUnit.NANOSECONDS.toMillis(lostAt.get() - partitionedAt);
            long takenMs = TimeUnit.NANOSECONDS.toMillis(takenAt - partitionedAt);
            System.out.printf(
                    "%s round %d: lost() %d ms, other's grant %d ms after the partition%n",
                    getClass().getSimpleName(), round, lostMs, takenMs);
            assertThat(lostAt.get())
                    .as("lost() at %d ms, grant at %d ms", lostMs, takenMs)
                    .isLessThan(takenAt);
            assertThat(lost.get()).isEqualTo(LossReason.CONNECTION_LOST);
            assertThat(Duration.ofMillis(takenMs)).isLessThan(TIMEOUT.plusSeconds(1));
            assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
            proxy.heal();
            assertThat(next.release()).isTrue();
            assertThat(lease.release()).isFalse();
        }
    }

    /** isStillOwner() and release() on a holder cut off from the server end within timeout, without an answer. */
    @Test
    void ownershipChecksAndReleasesEndWithinTheTimeoutDuringAPartition() {
        BlackHoleProxy proxy = newProxy();
        Coordinator holder = via(proxy);
        LockLease checked = holder.getLock(randomLockName()).acquire(TIMEOUT);
        LockLease released = holder.getLock(randomLockName()).acquire(TIMEOUT);
        proxy.partition();
        long started = System.nanoTime();
        boolean owner;
        try {
            owner = checked.isStillOwner();
        } catch (ToozException e) {
            owner = false;
        }
        assertThat(owner).as("isStillOwner() of a holder cut off").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(1));
        started = System.nanoTime();
        try {
            released.release();
        } catch (ToozException e) {
            // no answer: the server frees it with the session
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(1));
        proxy.heal();
    }

    /** A silent port fails as a timeout naming the option; another protocol fails naming host:port; both as such. */
    @Test
    void startAgainstASilentOrForeignPortFailsWithAConnectionError() {
        try (BlackHoleProxy silent = BlackHoleProxy.silent();
                WrongService foreign = FaultPorts.wrongService()) {
            for (InetSocketAddress a : new InetSocketAddress[] {silent.address(), foreign.address()}) {
                Coordinator c = track(Coordinator.builder(urlVia(a))
                        .options(fixture().options())
                        .build());
                long started = System.nanoTime();
                assertThatThrownBy(c::start)
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining("127.0.0.1:" + a.getPort())
                        .satisfies(e -> {
                            if (a == silent.address()) {
                                assertThat(e.getMessage()).contains("timeout");
                            }
                        });
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(2));
            }
        }
    }

    /**
     * A long partition while getMembers runs: that call and every one queued behind it end within timeout each, and
     * once the partition heals the coordinator works again without being restarted (and re-joins the group its
     * membership expired from meanwhile).
     */
    @Test
    void aCoordinatorCutOffDuringGetMembersWorksAgainOnceThePartitionHeals() throws Exception {
        BlackHoleProxy proxy = newProxy();
        Coordinator c = via(proxy);
        String g = randomGroupId();
        c.joinGroupCreate(g);
        proxy.partition();
        long partitionedAt = System.nanoTime();
        var first = c.getMembers(g).toCompletableFuture();
        var queued = c.getGroups().toCompletableFuture();
        assertThatThrownBy(() -> first.get(TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(ToozException.class);
        assertThatThrownBy(() -> queued.get(TIMEOUT.toMillis() + 2000, TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(ToozException.class);
        Thread.sleep(
                Math.max(0, 3 * TIMEOUT.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - partitionedAt)));
        proxy.heal();
        long healedAt = System.nanoTime();
        c.getMembers(g).get(TIMEOUT.plusSeconds(2));
        assertThat(Duration.ofNanos(System.nanoTime() - healedAt)).isLessThan(TIMEOUT.plusSeconds(2));
        await().until(() -> c.getMembers(g).get().contains(c.memberId())); // its membership expired meanwhile
        LockLease lease = c.getLock(randomLockName()).acquire(TIMEOUT);
        assertThat(lease.release()).isTrue();
    }

    /**
     * Refreshes keep a lock's session alive past many idle limits; a lock connection left idle past the limit is
     * replaced without the caller seeing an error.
     */
    @Test
    void refreshesKeepALockPastTheIdleLimitAndIdleLockConnectionsAreReplacedUnseen() throws Exception {
        Coordinator c = newCoordinator();
        String name = randomLockName();
        LockLease lease = c.getLock(name).acquire(TIMEOUT);
        Thread.sleep(TIMEOUT.multipliedBy(3).toMillis());
        assertThat(lease.lost()).isNotDone();
        assertThat(lease.isStillOwner()).isTrue();
        assertThat(lease.release()).isTrue();
        Thread.sleep(TIMEOUT.plusMillis(500).toMillis()); // longer than the server keeps an idle lock session
        for (int i = 0; i < 3; i++) {
            LockLease again = c.getLock(name).acquire(TIMEOUT);
            assertThat(again.release()).isTrue();
            Thread.sleep(TIMEOUT.toMillis() / 2 + 100);
        }
    }

    /** A holder that stops refreshing (as a process starved of CPU would) is told, then the server frees the lock. */
    @Test
    void aHolderWhoseRefreshesStopIsToldThenTheServerFreesItsLock() throws Exception {
        Coordinator holder = newCoordinator();
        Coordinator other = newCoordinator();
        String name = randomLockName();
        LockLease lease = holder.getLock(name).acquire(TIMEOUT);
        AtomicLong lostAt = new AtomicLong();
        lease.lost().thenRun(() -> lostAt.set(System.nanoTime()));
        long pausedAt = System.nanoTime();
        Faults.pauseHeartbeats(holder);
        LockLease next = other.getLock(name).acquire(eventTimeout());
        long takenAt = System.nanoTime();
        assertThat(lostAt.get())
                .as("lost() before the other's grant")
                .isNotZero()
                .isLessThan(takenAt);
        assertThat(Duration.ofNanos(takenAt - pausedAt)).isLessThan(TIMEOUT.plusSeconds(1));
        next.release();
        Faults.resumeHeartbeats(holder);
    }
}
