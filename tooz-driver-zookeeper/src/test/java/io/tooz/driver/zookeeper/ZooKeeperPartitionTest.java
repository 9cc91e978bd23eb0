package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozException;
import io.tooz.junit.BlackHoleProxy;
import io.tooz.tck.Faults;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ZooKeeper's side of partitions, beyond {@link io.tooz.tck.PartitionContract} (which {@link ZooKeeperContractTest}
 * runs): one coordinator reaches the server through a {@link BlackHoleProxy} that stops forwarding without closing
 * anything, the other directly. Measures over several rounds, at random points of the refresh cycle, how long before
 * the next grant or election a cut-off holder or leader is told, on the server of {@code scripts/backends.sh} (2 s
 * tick) and on one with a 100 ms tick (which expires sessions on time to the tick); checks that calls queued during an
 * outage end once it has lasted two thirds of the timeout, that a member whose session expired in a partition comes
 * back on a new one with its watches, and that a lease lost at its deadline on a live session is deleted in the
 * background. Margins are printed ({@code -Dtooz.zk.partitionRounds=N} for more rounds).
 */
@ServerTest
class ZooKeeperPartitionTest {
    private static final int TIMEOUT_S = 4;
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Duration CALL_BOUND = Duration.ofSeconds(TIMEOUT_S).plus(SLACK);
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 2181);
    private static final Capabilities CAPS = Capabilities.of(Map.of("zone", "eu-1", "weight", 3));
    private static final String GROUP = "workers";
    private static final int ROUNDS = Integer.getInteger("tooz.zk.partitionRounds", 2);

    // ---- a partitioned holder hears first ----

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aPartitionedLockHolderIsToldBeforeAnotherClientGetsTheLock() throws Exception {
        SharedServer.ZOOKEEPER.require();
        lockRounds("backends.sh server (tick 2 s)", SERVER);
    }

    /**
     * The same against a server with a 100 ms tick, which expires sessions within 100 ms of their timeout (a 2 s tick
     * rounds expiry up by as much as 2 s): the margin left is close to the core's safety margin.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aPartitionedLockHolderIsToldBeforeAnotherClientGetsTheLockFromAFastTickingServer() throws Exception {
        InstanceSpec spec = new InstanceSpec(
                (java.io.File) null,
                -1,
                -1,
                -1,
                true,
                -1,
                100,
                -1,
                Map.of("minSessionTimeout", "200", "maxSessionTimeout", "60000"),
                "127.0.0.1");
        try (TestingServer server = new TestingServer(spec, true)) {
            lockRounds("in-process server (tick 100 ms)", new InetSocketAddress("127.0.0.1", server.getPort()));
        }
    }

    private static void lockRounds(String what, InetSocketAddress target) throws Exception {
        String ns = ZkFaultKit.namespace();
        String direct = target.getHostString() + ":" + target.getPort();
        List<Long> margins = new ArrayList<>();
        try (BlackHoleProxy proxy = BlackHoleProxy.start(target);
                Coordinator a = ZkFaultKit.coordinator(proxy.hostPort(), "a", TIMEOUT_S, ns);
                Coordinator b = ZkFaultKit.coordinator(direct, "b", TIMEOUT_S, ns)) {
            for (int round = 1; round <= ROUNDS; round++) {
                LockLease held =
                        eventually("a takes the lock", () -> a.getLock("job").tryAcquire());
                CompletableFuture<Long> lostAt = stamp(held.lost().toCompletableFuture());
                // anywhere in the refresh cycle (a third of the session timeout)
                Thread.sleep(ThreadLocalRandom.current().nextLong(TimeUnit.SECONDS.toMillis(TIMEOUT_S) / 3 + 200));

                proxy.partition();
                long partitioned = System.nanoTime();
                CompletableFuture<Grant> next = CompletableFuture.supplyAsync(() -> {
                    LockLease l = b.getLock("job").acquire(Duration.ofSeconds(60));
                    return new Grant(l, System.nanoTime());
                });
                Grant granted = next.get(60, TimeUnit.SECONDS);
                assertThat(lostAt).as("a was told before b's acquire returned").isCompleted();
                long lost = lostAt.get();
                assertThat(held.lost().toCompletableFuture().get()).isEqualTo(LossReason.CONNECTION_LOST);
                assertThat(lost).as("lost() before the next grant").isLessThan(granted.at());
                assertThat(granted.lease().fencingToken()).isGreaterThan(held.fencingToken());
                margins.add(ms(granted.at() - lost));
                System.out.printf(
                        "lock round %d on %s: a told %d ms after the partition, b's acquire returned after %d ms:"
                                + " margin %d ms%n",
                        round, what, ms(lost - partitioned), ms(granted.at() - partitioned), ms(granted.at() - lost));

                granted.lease().release();
                proxy.heal();
            }
        }
        System.out.println("lock margins on " + what + " (ms): " + margins);
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aPartitionedLeaderIsToldBeforeAnotherMemberIsElected() throws Exception {
        SharedServer.ZOOKEEPER.require();
        String ns = ZkFaultKit.namespace();
        List<Long> margins = new ArrayList<>();
        try (BlackHoleProxy proxy = BlackHoleProxy.start(SERVER);
                Coordinator a = ZkFaultKit.coordinator(proxy.hostPort(), "a", TIMEOUT_S, ns);
                Coordinator b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", TIMEOUT_S, ns)) {
            a.createGroup(GROUP).get();
            List<Stamped> events = new CopyOnWriteArrayList<>();
            a.watchElectedAsLeader(GROUP, e -> events.add(new Stamped(e, System.nanoTime())));
            a.watchLeadershipLost(GROUP, e -> events.add(new Stamped(e, System.nanoTime())));
            await("a elected").atMost(Duration.ofSeconds(10)).until(() -> first(events, "a", true) != null);
            b.watchElectedAsLeader(GROUP, e -> events.add(new Stamped(e, System.nanoTime())));
            for (int round = 1; round <= ROUNDS; round++) {
                events.clear();
                if (!a.leadershipTerm(GROUP).isPresent()) {
                    b.standDownGroupLeader(GROUP); // b won the last round: let a lead again
                    await("a re-elected").atMost(Duration.ofSeconds(30)).until(() -> a.leadershipTerm(GROUP)
                            .isPresent());
                    events.clear();
                }
                Thread.sleep(ThreadLocalRandom.current().nextLong(TimeUnit.SECONDS.toMillis(TIMEOUT_S) / 3 + 200));
                proxy.partition();
                long partitioned = System.nanoTime();
                await("b elected").atMost(Duration.ofSeconds(60)).until(() -> first(events, "b", true) != null);
                Stamped elected = first(events, "b", true);
                Stamped lost = first(events, "a", false);
                assertThat(lost)
                        .as("a was told it lost the leadership before b was elected")
                        .isNotNull();
                assertThat(lost.at()).isLessThan(elected.at());
                margins.add(ms(elected.at() - lost.at()));
                System.out.printf(
                        "leader round %d: a's LeadershipLost %d ms after the partition, b's LeaderElected after %d"
                                + " ms: margin %d ms%n",
                        round,
                        ms(lost.at() - partitioned),
                        ms(elected.at() - partitioned),
                        ms(elected.at() - lost.at()));
                proxy.heal();
                await("a reconnected")
                        .atMost(Duration.ofSeconds(30))
                        .ignoreExceptions()
                        .until(() -> a.getLeader(GROUP).get().isPresent());
            }
        }
        System.out.println("leadership margins (ms): " + margins);
    }

    /** The first leadership event of {@code member} ({@code elected}: LeaderElected, else LeadershipLost). */
    private static Stamped first(List<Stamped> events, String member, boolean elected) {
        for (Stamped s : events) {
            boolean match = elected
                    ? s.event() instanceof GroupEvent.LeaderElected e
                            && e.memberId().equals(member)
                    : s.event() instanceof GroupEvent.LeadershipLost l
                            && l.memberId().equals(member);
            if (match) {
                return s;
            }
        }
        return null;
    }

    // ---- calls during a partition, and the recovery after it ----

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void callsDuringAPartitionEndInTimeAndTheMemberRecoversAfterIt() throws Exception {
        SharedServer.ZOOKEEPER.require();
        String ns = ZkFaultKit.namespace();
        try (BlackHoleProxy proxy = BlackHoleProxy.start(SERVER);
                Coordinator a = ZkFaultKit.coordinator(proxy.hostPort(), "a", TIMEOUT_S, ns);
                Coordinator b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", TIMEOUT_S, ns)) {
            a.joinGroupCreate(GROUP, CAPS);
            List<String> seenByA = new CopyOnWriteArrayList<>();
            a.watchJoinGroup(GROUP, e -> seenByA.add("joined " + e.memberId()));
            LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
            long session = ZkFaultKit.sessionId(a);

            proxy.partition();
            long partitioned = System.nanoTime();
            assertFailsInTime("getMembers", proxy, () -> a.getMembers(GROUP).get(Duration.ofSeconds(60)));
            assertFailsInTime("tryAcquire", proxy, () -> a.getLock("other").tryAcquire());
            Duration third = assertFailsInTime("updateCapabilities", proxy, () -> a.updateCapabilities(GROUP, CAPS)
                    .get(Duration.ofSeconds(60)));
            assertThat(third)
                    .as("a call made once the connection has been down for 2/3 of the timeout ends at once")
                    .isLessThan(Duration.ofMillis(500));
            assertThat(lease.lost().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo(LossReason.CONNECTION_LOST);
            // long enough for the server to expire a's session (and its znodes): b sees a leave
            await("the server expired a's session")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !b.getMembers(GROUP).get().contains("a"));
            System.out.printf("partition: b saw a leave after %d ms%n", ms(System.nanoTime() - partitioned));

            proxy.heal();
            long healed = System.nanoTime();
            await("a works again")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> a.getMembers(GROUP).get().contains("a"));
            System.out.printf("heal: a's calls work again after %d ms%n", ms(System.nanoTime() - healed));
            assertThat(ZkFaultKit.sessionId(a)).isNotEqualTo(session);
            assertThat(b.getMemberCapabilities(GROUP, "a").get()).isEqualTo(CAPS);
            try (LockLease again = a.getLock("job").acquire(Duration.ofSeconds(10))) {
                assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
            }
            // a's watch was re-armed on its new session
            b.joinGroup(GROUP, Capabilities.none()).get();
            await("a's watcher sees b join").atMost(Duration.ofSeconds(10)).until(() -> seenByA.contains("joined b"));
        }
    }

    private static Duration assertFailsInTime(String what, BlackHoleProxy proxy, Runnable call) {
        long start = System.nanoTime();
        Throwable failure = catchThrowable(call::run);
        Duration took = since(start);
        System.out.printf("partition: %s failed after %d ms: %s%n", what, took.toMillis(), failure);
        assertThat(failure).as(what).isInstanceOf(ToozException.class).hasMessageContaining(proxy.hostPort());
        assertThat(took).as(what + " ended within the timeout plus slack").isLessThan(CALL_BOUND);
        return took;
    }

    // ---- a lease lost at its deadline on a live session is released ----

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLeaseLostAtItsDeadlineOnALiveSessionIsReleasedInTheBackground() throws Exception {
        SharedServer.ZOOKEEPER.require();
        String ns = ZkFaultKit.namespace();
        try (Coordinator a = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "a", TIMEOUT_S, ns);
                Coordinator b = ZkFaultKit.coordinator(SharedServer.ZOOKEEPER.hostPort(), "b", TIMEOUT_S, ns)) {
            LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5));
            long session = ZkFaultKit.sessionId(a);

            Faults.pauseHeartbeats(a); // no lease refresh: the deadline passes while the session lives on
            assertThat(lease.lost().toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo(LossReason.CONNECTION_LOST);
            assertThat(ZkFaultKit.sessionId(a)).isEqualTo(session);
            assertThat(b.getLock("job").holder()).as("a's node is still there").contains("a");

            Faults.resumeHeartbeats(a); // the core releases the lost lease: our node goes
            try (LockLease next = b.getLock("job").acquire(Duration.ofSeconds(10))) {
                assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
            }
            assertThat(ZkFaultKit.sessionId(a)).isEqualTo(session);
        }
    }

    // ---- helpers ----

    private record Grant(LockLease lease, long at) {}

    private record Stamped(GroupEvent event, long at) {}

    private static CompletableFuture<Long> stamp(CompletableFuture<?> f) {
        return f.thenApply(x -> System.nanoTime());
    }

    private static <T> T eventually(String what, Supplier<Optional<T>> attempt) {
        List<T> got = new ArrayList<>(1);
        await(what).atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            Optional<T> t = attempt.get();
            t.ifPresent(got::add);
            return t.isPresent();
        });
        return got.get(0);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
