package io.tooz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.CoordinatorObserver.AcquireOutcome;
import io.tooz.CoordinatorObserver.BackendCall;
import io.tooz.CoordinatorObserver.ConnectionState;
import io.tooz.CoordinatorObserver.GroupMembers;
import io.tooz.CoordinatorObserver.Leadership;
import io.tooz.CoordinatorObserver.LeaseLost;
import io.tooz.CoordinatorObserver.LeaseReleased;
import io.tooz.CoordinatorObserver.LockAcquire;
import io.tooz.CoordinatorObserver.LockKind;
import io.tooz.CoordinatorObserver.WatchDelivery;
import io.tooz.internal.hooks.CoreHooks;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every event a {@link CoordinatorObserver} hears, on memory://, with the values it carries. */
class CoordinatorObserverTest {
    private final String name = "observed-" + UUID.randomUUID();
    private final String url = "memory://" + name;
    private final RecordingObserver seen = new RecordingObserver();
    private final Coordinator observed =
            Coordinator.builder(url).memberId("a").observer(seen).build();
    private final Coordinator other = Coordinator.builder(url).memberId("b").build();

    @AfterEach
    void close() {
        CoreHooks.setMemoryBackendAvailable(name, true);
        observed.close();
        other.close();
    }

    private void startBoth() {
        observed.start();
        other.start();
    }

    private List<LockAcquire> acquires() {
        return seen.of(LockAcquire.class);
    }

    @Test
    void lockAcquisitionsReportTheirOutcomeAndWait() throws Exception {
        startBoth();
        LockLease lease = observed.getLock("l").acquire(Duration.ofSeconds(1));
        assertThat(acquires()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(LockKind.LOCK);
            assertThat(e.name()).isEqualTo("l");
            assertThat(e.outcome()).isEqualTo(AcquireOutcome.ACQUIRED);
        });
        lease.release();

        LockLease held = other.getLock("l").acquire();
        assertThat(observed.getLock("l").tryAcquire()).isEmpty();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> observed.getLock("l").acquire(Duration.ofMillis(50)))
                .isInstanceOf(LockAcquireFailedException.class);
        Duration blocked = Duration.ofNanos(System.nanoTime() - t0);
        assertThatThrownBy(() -> observed.getLock("l")
                        .acquireAsync(Duration.ofMillis(30))
                        .toCompletableFuture()
                        .join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(LockAcquireFailedException.class);
        List<LockAcquire> timedOut = acquires().subList(1, 4);
        assertThat(timedOut).extracting(LockAcquire::outcome).containsOnly(AcquireOutcome.TIMED_OUT);
        assertThat(timedOut.get(1).waited()).isBetween(Duration.ofMillis(50), blocked);
        held.release();

        LockLease async = observed.getLock("l")
                .acquireAsync(Duration.ofSeconds(1))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertThat(acquires().get(4).outcome()).isEqualTo(AcquireOutcome.ACQUIRED);
        async.release();

        CoreHooks.setMemoryBackendAvailable(name, false);
        assertThatThrownBy(() -> observed.getLock("l").tryAcquire()).isInstanceOf(ToozConnectionException.class);
        assertThat(acquires()).last().extracting(LockAcquire::outcome).isEqualTo(AcquireOutcome.FAILED);
        assertThat(acquires()).hasSize(6);
    }

    @Test
    void readWriteLocksAndSemaphoresReportTheirKind() {
        startBoth();
        ReadWriteLock rw = observed.getReadWriteLock("rw");
        LockLease read = rw.readLock().acquire(Duration.ofSeconds(1));
        assertThat(rw.writeLock().tryAcquire()).isEmpty();
        read.release();
        LockLease permit = observed.getSemaphore("s", 1).acquire(Duration.ofSeconds(1));
        assertThat(observed.getSemaphore("s", 1)
                        .acquireAsync(Duration.ofMillis(20))
                        .toCompletableFuture()
                        .handle((l, e) -> e)
                        .join())
                .isInstanceOf(LockAcquireFailedException.class);
        permit.release();
        seen.await(LockAcquire.class, e -> e.kind() == LockKind.PERMIT && e.outcome() == AcquireOutcome.TIMED_OUT);

        assertThat(acquires())
                .extracting(e -> e.kind() + " " + e.name() + " " + e.outcome())
                .containsExactly("READ rw ACQUIRED", "WRITE rw TIMED_OUT", "PERMIT s ACQUIRED", "PERMIT s TIMED_OUT");
        assertThat(seen.of(LeaseReleased.class))
                .extracting(e -> e.kind() + " " + e.name())
                .containsExactly("READ rw", "PERMIT s");
    }

    @Test
    void releasedAndLostLeasesReportHowLongTheyWereHeld() throws Exception {
        startBoth();
        LockLease lease = observed.getLock("l").acquire();
        long t0 = System.nanoTime();
        Thread.sleep(20);
        lease.release();
        Duration outer = Duration.ofNanos(System.nanoTime() - t0);
        LeaseReleased released = seen.of(LeaseReleased.class).get(0);
        assertThat(released.kind()).isEqualTo(LockKind.LOCK);
        assertThat(released.held()).isBetween(Duration.ofMillis(20), outer.plusMillis(5));
        assertThat(lease.release()).isFalse();
        assertThat(seen.of(LeaseReleased.class)).hasSize(1);

        LockLease broken = observed.getLock("l").acquire();
        assertThat(other.getLock("l").forceBreak()).isTrue();
        assertThat(broken.lost().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(LossReason.BROKEN);
        LeaseLost lost = seen.await(LeaseLost.class, e -> true);
        assertThat(lost.name()).isEqualTo("l");
        assertThat(lost.reason()).isEqualTo(LossReason.BROKEN);

        LockLease rwHeld = observed.getReadWriteLock("rw").writeLock().acquire();
        assertThat(other.getReadWriteLock("rw").writeLock().forceBreak()).isTrue();
        assertThat(rwHeld.lost().toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(LossReason.BROKEN);
        seen.await(LeaseLost.class, e -> e.kind() == LockKind.WRITE && e.reason() == LossReason.BROKEN);

        observed.getLock("kept").acquire();
        observed.stop();
        assertThat(seen.of(LeaseLost.class))
                .extracting(e -> e.name() + " " + e.reason())
                .containsExactly("l BROKEN", "rw BROKEN", "kept COORDINATOR_STOPPED");
    }

    @Test
    void leadershipGainedAndLost() {
        startBoth();
        observed.createGroup("g").get();
        observed.watchElectedAsLeader("g", e -> {});
        seen.await(Leadership.class, Leadership::gained);
        assertThat(observed.standDownGroupLeader("g")).isTrue();
        seen.await(Leadership.class, e -> !e.gained());
        assertThat(seen.of(Leadership.class)).first().isEqualTo(new CoordinatorObserver.Leadership("g", true));
        LeaseReleased tenure = seen.await(LeaseReleased.class, e -> e.kind() == LockKind.LEADER);
        assertThat(tenure.name()).isEqualTo("g");
        assertThat(acquires()).as("a candidate's wait is no lock acquisition").isEmpty();
    }

    @Test
    void watchedGroupsReportTheirMembersAndDeliveryDelays() {
        startBoth();
        observed.joinGroupCreate("g");
        observed.watchJoinGroup("g", e -> {});
        assertThat(seen.of(GroupMembers.class)).containsExactly(new GroupMembers("g", 1));
        other.joinGroup("g").get();
        seen.await(GroupMembers.class, e -> e.count() == 2);
        WatchDelivery d = seen.await(WatchDelivery.class, e -> true);
        assertThat(d.event()).isEqualTo(new GroupEvent.MemberJoined("g", "b"));
        assertThat(d.delay()).isBetween(Duration.ZERO, Duration.ofSeconds(5));
        other.leaveGroup("g").get();
        seen.await(
                GroupMembers.class,
                e -> e.count() == 1 && seen.of(GroupMembers.class).size() == 3);
        assertThat(seen.of(GroupMembers.class)).extracting(GroupMembers::count).containsExactly(1, 2, 1);
    }

    @Test
    void manualWatchDelaysIncludeTheWaitForRunWatchers() throws Exception {
        RecordingObserver manual = new RecordingObserver();
        try (Coordinator c = Coordinator.builder(url)
                .memberId("m")
                .watchMode(WatchMode.MANUAL)
                .observer(manual)
                .build()) {
            c.start();
            other.start();
            c.joinGroupCreate("g");
            c.watchJoinGroup("g", e -> {});
            c.watchLeaveGroup("g", e -> {});
            other.joinGroup("g").get();
            assertThat(c.runWatchers(Duration.ofSeconds(5))).hasSize(1);
            long t0 = System.nanoTime();
            other.leaveGroup("g").get();
            assertThat(c.runWatchers(Duration.ofSeconds(5))).hasSize(1); // reads the change, delivers it at once
            assertThat(manual.of(WatchDelivery.class))
                    .extracting(e -> e.event().getClass().getSimpleName())
                    .containsExactly("MemberJoined", "MemberLeft");
            assertThat(manual.of(WatchDelivery.class).get(1).delay())
                    .isLessThanOrEqualTo(Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    @Test
    void backendCallsAreTimedByOperationWithTheirErrors() {
        startBoth();
        observed.joinGroupCreate("g");
        observed.getLock("l").acquire().release();
        List<String> ops =
                seen.of(BackendCall.class).stream().map(BackendCall::operation).toList();
        assertThat(ops).contains("createGroup", "joinGroup", "acquire", "release");
        assertThat(ops).as("no-I/O methods pass straight through").doesNotContain("leaseTtl", "equals", "hashCode");
        assertThat(seen.of(BackendCall.class)).allSatisfy(c -> {
            assertThat(c.error() instanceof ToozConnectionException).isFalse();
            assertThat(c.took()).isGreaterThanOrEqualTo(Duration.ZERO);
        });
        assertThat(seen.of(BackendCall.class))
                .filteredOn(c -> c.error() != null)
                .extracting(c -> c.operation() + " " + c.error().getClass().getSimpleName())
                .containsExactly("joinGroup GroupNotCreatedException"); // joinGroupCreate's first try
        observed.heartbeat();
        assertThat(seen.of(BackendCall.class))
                .extracting(BackendCall::operation)
                .contains("heartbeat");

        CoreHooks.setMemoryBackendAvailable(name, false);
        assertThatThrownBy(() -> observed.getMembers("g").get()).isInstanceOf(ToozConnectionException.class);
        assertThat(seen.of(BackendCall.class).stream().filter(c -> c.operation().equals("getMemberIds")))
                .last()
                .satisfies(c -> assertThat(c.error()).isInstanceOf(ToozConnectionException.class));
    }

    @Test
    void connectionStateFollowsCallsOutagesAndSessions() throws Exception {
        RecordingObserver states = new RecordingObserver();
        try (Coordinator c = Coordinator.builder(url + "?timeout=0.3")
                .memberId("s")
                .observer(states)
                .build()) {
            c.start();
            c.joinGroupCreate("g");
            CoreHooks.setMemoryBackendAvailable(name, false);
            assertThatThrownBy(() -> c.getMembers("g").get()).isInstanceOf(ToozConnectionException.class);
            CoreHooks.setMemoryBackendAvailable(name, true);
            c.getMembers("g").get();
            assertThat(states.states())
                    .containsExactly(
                            ConnectionState.CLOSED,
                            ConnectionState.CONNECTED,
                            ConnectionState.SUSPENDED,
                            ConnectionState.CONNECTED);

            LockLease lease = c.getLock("l").acquire();
            CoreHooks.pauseHeartbeats(c, true); // the session expires: the backend ends it
            assertThat(lease.lost().toCompletableFuture().get(5, TimeUnit.SECONDS))
                    .isIn(LossReason.SESSION_EXPIRED, LossReason.CONNECTION_LOST);
            states.await(CoordinatorObserver.ConnectionChange.class, e -> e.current() == ConnectionState.LOST);
            CoreHooks.pauseHeartbeats(c, false); // a new session: the member joins again
            states.await(
                    CoordinatorObserver.ConnectionChange.class,
                    e -> e.current() == ConnectionState.CONNECTED
                            && states.states().contains(ConnectionState.LOST));
            c.stop();
            assertThat(states.states()).last().isEqualTo(ConnectionState.CLOSED);
            assertThat(states.of(CoordinatorObserver.ConnectionChange.class))
                    .extracting(CoordinatorObserver.ConnectionChange::memberId)
                    .containsOnly("s");
        }
    }
}
