package io.tooz.tck;

import static io.tooz.tck.PartitionChecks.assertEndedInTime;
import static io.tooz.tck.PartitionChecks.assertToldFirst;
import static io.tooz.tck.PartitionChecks.millisSince;
import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.Feature;
import io.tooz.GroupEvent.LeaderElected;
import io.tooz.GroupEvent.LeadershipLost;
import io.tooz.GroupEvent.MemberJoined;
import io.tooz.GroupEvent.MemberLeft;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.junit.internal.Sockets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Network partitions that close no socket, made with a {@link BlackHoleProxy} between one coordinator and the
 * backend: a partitioned lock holder or leader is told it lost before anyone else takes over, operations and {@code
 * start()} end within their timeouts instead of hanging, and members, lock holders and lock waiters recover once the
 * partition heals.
 *
 * <p>For drivers that reach a server over TCP. The contract rewrites the {@code host:port} of {@link
 * #backendAddress()} in the fixture URL to go through a proxy ({@link #urlVia}), so the driver must connect only to
 * the URL's address, not to addresses the server advertises.
 *
 * <p>A driver test gets it with {@code @Backend(offers = Offer.PROXY)}; a test of its own implements it beside a
 * fixture whose URL names the server by {@code host:port} (see {@link #backendAddress()}).
 *
 * <p>What each test requires; every time is measured with {@link System#nanoTime()} and reported on failure:
 *
 * <ul>
 *   <li><b>lock holder:</b> once the holder is partitioned, its {@link LockLease#lost()} completes ({@code
 *       CONNECTION_LOST}, {@code SESSION_EXPIRED} or {@code EXPIRED}) strictly before another member's waiting
 *       {@code acquire} returns, which must happen within 3 × TTL + {@link #eventTimeout()}; the new fencing token is
 *       higher. After the heal the old holder acquires locks again within event timeout + TTL, and releasing the lost
 *       lease returns {@code false} and leaves the new holder in place.
 *   <li><b>leader:</b> the same for {@link LeadershipLost} against the other candidate's {@link LeaderElected}; after
 *       the heal the former leader reads the new leader within {@link #recoveryTimeout()}.
 *   <li><b>operations:</b> during a partition {@code getMembers(g).get(w)} and {@code acquire(1 s)} throw a {@link
 *       ToozException} within {@link #operationTimeout()} + 2 s; {@code w} is twice that, so the coordinator must end
 *       the call, not the caller's wait.
 *   <li><b>start:</b> against a port that never answers ({@link BlackHoleProxy#silent()}) or speaks another protocol
 *       ({@link FaultPorts#wrongService()}) {@code start()} throws a {@link ToozException} within operation timeout +
 *       2 s; against a refused port ({@link FaultPorts#refused()}) a {@link ToozConnectionException} within 1 s. The
 *       message names the {@code host:port} and the coordinator is left stopped.
 *   <li><b>member:</b> a member's link stays cut until a watcher sees it leave: at most {@link #expiryTimeout()} +
 *       event timeout, and a leave is required, for drivers with {@link Feature#HEARTBEAT_EXPIRY}; at most the expiry
 *       timeout for session drivers. Within the recovery timeout after the heal it is a member again with the same
 *       capabilities, its own operations work, and the watcher saw it join again if it saw it leave.
 *   <li><b>lock waiter:</b> a waiter queued before a partition during which the lock is released holds the lock, or
 *       has failed with a {@link ToozException}, within the recovery timeout after the heal. Its own wait is longer
 *       than that, so a timeout cannot hide a stuck waiter.
 * </ul>
 *
 * <p>No tooz counterpart: tooz tests only a host where nothing listens ({@code test_connection_error_bad_host},
 * {@link UnreachableBackendContract} here).
 */
@Needs(
        features = {Feature.GROUP_WATCH, Feature.LOCKS, Feature.LEADER_ELECTION},
        offers = Offer.PROXY)
public interface PartitionContract extends ProxySupport {

    /** How long a coordinator may take to be whole again once a partition heals: event timeout + 3 × TTL. */
    default Duration recoveryTimeout() {
        return eventTimeout().plus(ttl().multipliedBy(3));
    }

    @Test
    default void aPartitionedLockHolderIsToldBeforeAnotherMemberGetsTheLock() {
        BlackHoleProxy proxy = newProxy();
        Coordinator holder = newCoordinatorVia(proxy);
        Coordinator other = newCoordinator();
        String name = randomLockName();
        LockLease lease = holder.getLock(name).acquire(eventTimeout());
        CompletableFuture<TimedCall<LossReason>> lost = TimedCall.of(lease.lost());
        Duration handOver = ttl().multipliedBy(3).plus(eventTimeout());
        CompletableFuture<TimedCall<LockLease>> taken = TimedCall.start(
                "tck-partition-taker", () -> other.getLock(name).acquire(handOver.plus(eventTimeout())));
        assertThat(lost).as("lost() completed before the partition").isNotDone();

        long partitionedAt = System.nanoTime();
        proxy.partition();
        TimedCall<LockLease> take = TimedCall.await(taken, handOver, "the other member's acquire of " + name);
        LockLease next = take.valueOrFail("the other member's acquire of " + name);
        TimedCall<LossReason> loss = TimedCall.within(lost, fixture().quietPeriod());
        assertToldFirst(loss, take, partitionedAt, "lease.lost()", "the other member got the lock");
        assertThat(loss.value())
                .as("the reason lost() gave")
                .isIn(LossReason.CONNECTION_LOST, LossReason.SESSION_EXPIRED, LossReason.EXPIRED);
        assertThat(next.fencingToken())
                .as("the new grant's fencing token is greater than the partitioned holder's")
                .isGreaterThan(lease.fencingToken());

        proxy.heal();
        long healedAt = System.nanoTime();
        Callable<Boolean> usable = () -> holder.getLock(randomLockName())
                .tryAcquire()
                .map(LockLease::release)
                .orElse(false);
        awaitAfter(healedAt, eventTimeout().plus(ttl()), "the healed holder acquires another lock", usable);
        assertThat(lease.release())
                .as("release() of the lease lost in the partition")
                .isFalse();
        assertThat(next.isStillOwner())
                .as("the new holder still holds the lock after the old holder's release()")
                .isTrue();
        assertThat(next.release()).isTrue();
    }

    @Test
    default void aPartitionedLeaderIsToldBeforeAnotherMemberIsElected() {
        BlackHoleProxy proxy = newProxy();
        Coordinator leader = newCoordinatorVia(proxy);
        Coordinator other = newCoordinator();
        String g = joinedGroup(leader, other);
        CompletableFuture<TimedCall<LeadershipLost>> lost = new CompletableFuture<>();
        CompletableFuture<TimedCall<LeaderElected>> first = new CompletableFuture<>();
        CompletableFuture<TimedCall<LeaderElected>> second = new CompletableFuture<>();
        leader.watchLeadershipLost(g, e -> lost.complete(TimedCall.now(e)));
        leader.watchElectedAsLeader(g, e -> first.complete(TimedCall.now(e)));
        TimedCall.await(first, eventTimeout(), "the election of the first candidate");
        assertThat(lost).as("LeadershipLost before the partition").isNotDone();
        other.watchElectedAsLeader(g, e -> second.complete(TimedCall.now(e)));
        assertThat(second).as("a second leader before the partition").isNotDone();

        long partitionedAt = System.nanoTime();
        proxy.partition();
        Duration handOver = ttl().multipliedBy(3).plus(eventTimeout());
        TimedCall<LeaderElected> elected = TimedCall.await(second, handOver, "the other member's election");
        TimedCall<LeadershipLost> loss = TimedCall.within(lost, fixture().quietPeriod());
        assertToldFirst(loss, elected, partitionedAt, "LeadershipLost", "the other member was elected");
        assertThat(loss.value()).isEqualTo(new LeadershipLost(g, leader.memberId()));
        assertThat(elected.value()).isEqualTo(new LeaderElected(g, other.memberId()));

        proxy.heal();
        long healedAt = System.nanoTime();
        Callable<Boolean> agrees =
                () -> leader.getLeader(g).get(recoveryTimeout()).equals(Optional.of(other.memberId()));
        awaitAfter(healedAt, recoveryTimeout(), "the healed former leader sees the new leader", agrees);
    }

    @Test
    default void operationsEndWithinTheirTimeoutDuringAPartition() {
        BlackHoleProxy proxy = newProxy();
        Coordinator c = newCoordinatorVia(proxy);
        String g = newGroup(c);
        String name = randomLockName();
        Duration bound = operationTimeout().plusSeconds(2);
        Duration callerWait = bound.multipliedBy(2);

        proxy.partition();
        String get = "getMembers(" + g + ").get(" + callerWait.toMillis() + " ms) during a partition";
        TimedCall<?> members = TimedCall.await(
                TimedCall.start(
                        "tck-partition-get-members", () -> c.getMembers(g).get(callerWait)),
                callerWait.plus(bound),
                get);
        assertEndedInTime(members, bound, get, ToozException.class);

        String acquire = "acquire(1 s) of " + name + " during a partition";
        TimedCall<?> acquired = TimedCall.await(
                TimedCall.start("tck-partition-acquire", () -> c.getLock(name).acquire(Duration.ofSeconds(1))),
                callerWait.plus(bound),
                acquire);
        assertEndedInTime(acquired, bound, acquire, ToozException.class);
        proxy.heal();
    }

    @Test
    default void startFailsWithinItsTimeoutWhenNothingAnswers() {
        BlackHoleProxy silent = BlackHoleProxy.silent();
        assertStartFails(silent.address(), silent, operationTimeout().plusSeconds(2), "a port that never answers");
    }

    @Test
    default void startFailsFastWhenTheConnectionIsRefused() {
        InetSocketAddress refused = FaultPorts.refused();
        TimedCall<?> start = assertStartFails(refused, null, Duration.ofSeconds(1), "a port that refuses connections");
        assertThat(start.failure()).isInstanceOf(ToozConnectionException.class);
    }

    @Test
    default void startFailsWithinItsTimeoutOnAPortOfAnotherService() {
        WrongService service = FaultPorts.wrongService();
        assertStartFails(
                service.address(), service, operationTimeout().plusSeconds(2), "a port of another protocol (SSH)");
    }

    @Test
    default void aMemberComesBackAfterAPartitionHeals() {
        BlackHoleProxy proxy = newProxy();
        String g = randomGroupId();
        Capabilities caps = Capabilities.of(Map.of("role", "tck-partition", "weight", 3));
        Coordinator b = newCoordinator();
        b.createGroup(g).get();
        EventRecorder<MemberJoined> joins = new EventRecorder<>("joins");
        EventRecorder<MemberLeft> leaves = new EventRecorder<>("leaves");
        b.watchJoinGroup(g, joins);
        b.watchLeaveGroup(g, leaves);
        Coordinator a = newCoordinatorVia(proxy);
        a.joinGroup(g, caps).get();
        MemberJoined joined = new MemberJoined(g, a.memberId());
        await().until(() -> joins.contains(joined));

        long partitionedAt = System.nanoTime();
        proxy.partition();
        boolean expires = a.features().contains(Feature.HEARTBEAT_EXPIRY);
        Duration leaveBound = expires ? expiryTimeout().plus(eventTimeout()) : expiryTimeout();
        boolean left = holdsWithin(leaveBound, () -> leaves.contains(new MemberLeft(g, a.memberId())));
        assertThat(left || !expires)
                .as(
                        "B saw no leave of the partitioned member A within %d ms; with HEARTBEAT_EXPIRY a member cut off"
                                + " from the backend must expire",
                        leaveBound.toMillis())
                .isTrue();

        proxy.heal();
        long healedAt = System.nanoTime();
        Duration recovery = recoveryTimeout();
        Callable<Boolean> member = () -> b.getMembers(g).get(recovery).contains(a.memberId());
        Callable<Boolean> sameCaps =
                () -> b.getMemberCapabilities(g, a.memberId()).get(recovery).equals(caps);
        Callable<Boolean> aWorks = () -> a.getGroups().get(recovery).contains(g)
                && a.getMembers(g).get(recovery).contains(a.memberId());
        awaitAfter(healedAt, recovery, "B sees A as a member again", member);
        awaitAfter(healedAt, recovery, "B reads A's capabilities as A joined with them", sameCaps);
        awaitAfter(healedAt, recovery, "A's own operations succeed", aWorks);
        if (left) {
            awaitAfter(healedAt, recovery, "B's join watcher sees A join again", () -> joins.count(joined) >= 2);
        }
    }

    @Test
    default void aLockWaiterQueuedBeforeAPartitionIsNotStuckAfterItHeals() {
        BlackHoleProxy proxy = newProxy();
        Coordinator holder = newCoordinator();
        Coordinator waiter = newCoordinatorVia(proxy);
        String name = randomLockName();
        LockLease held = holder.getLock(name).acquire(eventTimeout());
        Duration hold = ttl();
        Duration waitArgument =
                fixture().quietPeriod().plus(hold).plus(recoveryTimeout()).plusSeconds(5);
        CompletableFuture<TimedCall<LockLease>> waiting = TimedCall.start(
                "tck-partition-waiter", () -> waiter.getLock(name).acquire(waitArgument));
        TimedCall<LockLease> early = TimedCall.within(waiting, fixture().quietPeriod());
        assertThat(early)
                .as("the waiter's acquire ended while the lock was held: %s", early == null ? "" : early.describe())
                .isNull();

        proxy.partition();
        assertThat(held.release()).isTrue();
        long releasedAt = System.nanoTime();
        TimedCall.within(waiting, hold);
        proxy.heal();
        long healedAt = System.nanoTime();
        TimedCall<LockLease> outcome = TimedCall.within(waiting, recoveryTimeout());
        assertThat(outcome)
                .as(
                        "the waiter's acquire(%d ms) is stuck: the lock has been free for %d ms, the partition healed"
                                + " %d ms ago (recoveryTimeout() %d ms)",
                        waitArgument.toMillis(),
                        millisSince(releasedAt),
                        millisSince(healedAt),
                        recoveryTimeout().toMillis())
                .isNotNull();
        if (outcome.failure() != null) {
            assertThat(outcome.failure())
                    .as("the waiter's acquire ended %d ms after the heal", outcome.endedMillisAfter(healedAt))
                    .isInstanceOf(ToozException.class);
        } else {
            assertThat(outcome.value().fencingToken()).isGreaterThan(held.fencingToken());
            assertThat(outcome.value().release()).isTrue();
        }
    }

    // ---- helpers ----

    /**
     * Starts a coordinator on {@code address}; checks it fails within {@code bound} naming the address. The {@code
     * port} serving the address, if any, is closed after the test before the coordinator, so that a start() still
     * hanging on it is released.
     */
    private TimedCall<?> assertStartFails(InetSocketAddress address, AutoCloseable port, Duration bound, String what) {
        Coordinator c;
        try {
            c = track(Coordinator.builder(urlVia(address))
                    .options(fixture().options())
                    .build());
        } finally {
            if (port != null) {
                track(port);
            }
        }
        String call = "start() against " + what + " at " + Sockets.hostPort(address);
        TimedCall<?> start = TimedCall.await(
                TimedCall.start("tck-partition-start", () -> {
                    c.start();
                    return "a started coordinator";
                }),
                bound.multipliedBy(2),
                call);
        assertEndedInTime(start, bound, call, ToozException.class);
        assertThat(start.failure()).hasMessageContaining(Sockets.hostPort(address));
        assertThat(c.isStarted()).as("isStarted() after a failed start()").isFalse();
        return start;
    }

    /** {@link PartitionChecks#awaitAfter}. */
    private void awaitAfter(long fromNanos, Duration atMost, String what, Callable<Boolean> condition) {
        PartitionChecks.awaitAfter(this, fromNanos, atMost, what, condition);
    }

    /** Whether {@code condition} comes to hold within {@code atMost}. */
    private boolean holdsWithin(Duration atMost, Callable<Boolean> condition) {
        try {
            await(atMost).until(condition);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }
}
