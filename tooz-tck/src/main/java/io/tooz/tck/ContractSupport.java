package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.Feature;
import io.tooz.GroupEvent;
import io.tooz.WatchMode;
import io.tooz.spi.ConnectionUrl;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * The base of every contract: the driver's {@link #fixture()}, coordinators that are closed after each test, random
 * names, and bounded waits derived from the fixture's TTL. Every test has a 60-second limit.
 *
 * <p>Coordinators created through {@code newCoordinator} are tracked per test instance and closed, newest first, after
 * the test; a {@code close()} that throws fails the test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public interface ContractSupport {

    /** The driver under test. */
    DriverFixture fixture();

    /** The features the test class declares with {@link Backend}. */
    default Set<Feature> declaredFeatures() {
        return Declaration.required(getClass()).features();
    }

    /**
     * The backend's TCP address exactly as the fixture URL writes it (its first {@code host:port}, as {@code
     * getHostString() + ":" + getPort()}), for the contracts that put something between a driver and its server.
     */
    default InetSocketAddress backendAddress() {
        List<ConnectionUrl.HostPort> hosts =
                ConnectionUrl.parse(fixture().url()).hosts();
        if (hosts.isEmpty() || hosts.get(0).port() <= 0) {
            throw new AssertionError("the fixture URL " + fixture().url() + " names no host:port");
        }
        return new InetSocketAddress(hosts.get(0).host(), hosts.get(0).port());
    }

    /**
     * Fails, saying how to start it, unless the {@link SharedServer} of a test that offers {@link Offer#NETWORK}
     * listens (checked once per JVM).
     */
    @BeforeEach
    default void requireServer() {
        if (Declaration.of(getClass())
                .filter(d -> d.offers().contains(Offer.NETWORK))
                .isPresent()) {
            SharedServer.onPort(backendAddress().getPort()).ifPresent(SharedServer::require);
        }
    }

    // ---- coordinators ----

    /** A builder for the fixture's URL with its options; not tracked until built by {@link #track}. */
    default CoordinatorBuilder builder() {
        return Coordinator.builder(fixture().url()).options(fixture().options());
    }

    /** A started coordinator with a random member id, closed after the test. */
    default Coordinator newCoordinator() {
        return newCoordinator(b -> {});
    }

    /** A started coordinator with the given member id, closed after the test. */
    default Coordinator newCoordinator(String memberId) {
        return newCoordinator(b -> b.memberId(memberId));
    }

    /** A started coordinator with the given watch mode, closed after the test. */
    default Coordinator newCoordinator(WatchMode mode) {
        return newCoordinator(b -> b.watchMode(mode));
    }

    /** A started coordinator configured by {@code customizer} on top of the fixture, closed after the test. */
    default Coordinator newCoordinator(Consumer<CoordinatorBuilder> customizer) {
        Coordinator c = newUnstartedCoordinator(customizer);
        c.start();
        return c;
    }

    /** A built but not started coordinator, closed after the test. */
    default Coordinator newUnstartedCoordinator(Consumer<CoordinatorBuilder> customizer) {
        CoordinatorBuilder b = builder();
        customizer.accept(b);
        return track(b.build());
    }

    /** Registers a coordinator to be closed after the test. */
    default <C extends AutoCloseable> C track(C coordinator) {
        Tracker.track(this, coordinator);
        return coordinator;
    }

    /** Closes every coordinator this test created. */
    @AfterEach
    default void closeTrackedCoordinators() {
        Tracker.closeAll(this);
    }

    // ---- names ----

    /** A fresh group id. */
    default String randomGroupId() {
        return "tck-group-" + UUID.randomUUID();
    }

    /** Has {@code creator} create a group with a fresh id ({@code createGroup}), then {@code joining} join it. */
    default String newGroup(Coordinator creator, Coordinator... joining) {
        String g = randomGroupId();
        creator.createGroup(g).get();
        for (Coordinator c : joining) {
            c.joinGroup(g).get();
        }
        return g;
    }

    /** Has {@code first} create and join a group with a fresh id ({@code joinGroupCreate}), then {@code others} join it. */
    default String joinedGroup(Coordinator first, Coordinator... others) {
        String g = randomGroupId();
        first.joinGroupCreate(g);
        for (Coordinator c : others) {
            c.joinGroup(g).get();
        }
        return g;
    }

    /** A fresh lock name. */
    default String randomLockName() {
        return "tck-lock-" + UUID.randomUUID();
    }

    /** A fresh member id. */
    default String randomMemberId() {
        return "tck-member-" + UUID.randomUUID();
    }

    // ---- time ----

    /** The fixture's membership TTL. */
    default Duration ttl() {
        return fixture().ttl();
    }

    /** How long an event may take to arrive. */
    default Duration eventTimeout() {
        return fixture().eventTimeout();
    }

    /** How long a member or lease may take to expire once its heartbeats stop: 3 × TTL plus a second. */
    default Duration expiryTimeout() {
        return ttl().multipliedBy(3).plusSeconds(1);
    }

    /** An Awaitility wait bounded by {@link #eventTimeout()}, polling every 20 ms. */
    default ConditionFactory await() {
        return await(eventTimeout());
    }

    /** An Awaitility wait bounded by {@code atMost}, polling every 20 ms. */
    default ConditionFactory await(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20));
    }

    // ---- watchers ----

    /** A recorder of the join events {@code watcher} sees in group {@code g} (registered with watchJoinGroup). */
    default EventRecorder<GroupEvent.MemberJoined> recordJoins(Coordinator watcher, String g) {
        EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>("joins");
        watcher.watchJoinGroup(g, joins);
        return joins;
    }

    /** A recorder of the leave events {@code watcher} sees in group {@code g} (registered with watchLeaveGroup). */
    default EventRecorder<GroupEvent.MemberLeft> recordLeaves(Coordinator watcher, String g) {
        EventRecorder<GroupEvent.MemberLeft> leaves = new EventRecorder<>("leaves");
        watcher.watchLeaveGroup(g, leaves);
        return leaves;
    }

    /**
     * Waits until {@code condition} holds, letting {@code c} deliver events meanwhile: in {@link WatchMode#MANUAL} by
     * calling {@link Coordinator#runWatchers(Duration)}, in {@link WatchMode#AUTO} by waiting for the dispatcher.
     *
     * @return the events {@code runWatchers} reported running (always empty in AUTO mode)
     */
    default List<GroupEvent> deliverUntil(Coordinator c, WatchMode mode, Duration atMost, Callable<Boolean> condition) {
        List<GroupEvent> ran = Collections.synchronizedList(new ArrayList<>());
        await(atMost).until(() -> {
            if (mode == WatchMode.MANUAL) {
                ran.addAll(c.runWatchers(Duration.ofMillis(50)));
            }
            return condition.call();
        });
        return List.copyOf(ran);
    }

    /** {@link #deliverUntil(Coordinator, WatchMode, Duration, Callable)} bounded by {@link #eventTimeout()}. */
    default List<GroupEvent> deliverUntil(Coordinator c, WatchMode mode, Callable<Boolean> condition) {
        return deliverUntil(c, mode, eventTimeout(), condition);
    }

    /**
     * Checks that {@code invariant} keeps holding for the fixture's quiet period while {@code c} may deliver events
     * (through {@code runWatchers} in MANUAL mode). A bounded negative check: it cannot fail a correct driver.
     */
    default void assertStaysTrue(Coordinator c, WatchMode mode, Duration period, Callable<Boolean> invariant) {
        Awaitility.await()
                .during(period)
                .atMost(period.plusSeconds(2))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    if (c != null && mode == WatchMode.MANUAL) {
                        c.runWatchers(Duration.ofMillis(10));
                    }
                    return invariant.call();
                });
    }

    /** {@link #assertStaysTrue(Coordinator, WatchMode, Duration, Callable)} over the fixture's quiet period. */
    default void assertStaysTrue(Coordinator c, WatchMode mode, Callable<Boolean> invariant) {
        assertStaysTrue(c, mode, fixture().quietPeriod(), invariant);
    }

    /** Checks that {@code invariant} keeps holding for the quiet period, without delivering events. */
    default void assertStaysTrue(Callable<Boolean> invariant) {
        assertStaysTrue(null, WatchMode.AUTO, invariant);
    }

    // ---- faults ----

    /**
     * Ends {@code c}'s session at the backend as the death of its process would, beyond what stopping its heartbeats
     * does: the fixture's job, done against the backend itself. Needed where the backend does not expire a silent
     * member and its locks by TTL: a ZooKeeper session, which its client keeps alive (a second client on the same
     * session ends it), or file:// locks, which the process holds. By default nothing for a driver with {@link
     * Feature#HEARTBEAT_EXPIRY}; for one without, the default fails the test.
     */
    default void expireSession(Coordinator c) {
        if (!c.features().contains(Feature.HEARTBEAT_EXPIRY)) {
            throw new AssertionError(getClass().getSimpleName() + " cannot end a session, and " + c.features()
                    + " lacks HEARTBEAT_EXPIRY: the fixture must override expireSession(Coordinator)");
        }
    }

    /**
     * Makes {@code c} look dead to the backend for good: pauses its heartbeats and has the fixture end its session
     * ({@link #expireSession}). Its memberships, locks and leadership go within {@link #expiryTimeout()}.
     */
    default void kill(Coordinator c) {
        Faults.pauseHeartbeats(c);
        expireSession(c);
    }
}
