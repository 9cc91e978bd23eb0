package io.tooz.driver.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.MemberProcess;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * Faults against a redis-server of the test's own: the server restarting under a held lock, every connection being
 * dropped, and a member process frozen with SIGSTOP past its membership timeout.
 */
@Timeout(90)
@ServerTest
class RedisFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static Coordinator coordinator(PrivateRedis redis, String member, String extra) {
        Coordinator c = Coordinator.builder(redis.url() + "?timeout=2&watch_interval=200ms" + extra)
                .memberId(member)
                .build();
        c.start();
        return c;
    }

    /**
     * A server that restarts empty forgot the grant, but grants nothing until it has been up a lock TTL, so the
     * holder has been told before the next grant (at its refresh, or at its deadline).
     */
    @Test
    void aServerRestartLosesTheLeaseTheHolderIsToldFirstAndTheNextHolderGetsAHigherToken() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Coordinator c1 = coordinator(redis, "c1", "");
                Coordinator c2 = coordinator(redis, "c2", "")) {
            LockLease first = c1.getLock("x").acquire();

            redis.kill();
            redis.restart(); // empty: no persistence

            LockLease second = c2.getLock("x").acquire(WAIT);
            assertThat(first.lost().toCompletableFuture().isDone())
                    .as("the old holder was told before the grant")
                    .isTrue();
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
            assertThat(first.lost().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isIn(LossReason.EXPIRED, LossReason.CONNECTION_LOST);
            assertThat(first.isStillOwner()).isFalse();
            assertThat(second.isStillOwner()).isTrue();
        }
    }

    @Test
    void droppedConnectionsComeBackWithLocksAndPushedEventsIntact() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Coordinator holder = coordinator(redis, "holder", "");
                // no periodic check: a join can only arrive pushed, over a re-established pub/sub connection
                Coordinator watcher = coordinator(redis, "watcher", "&watch_interval=1h");
                Coordinator joiner = coordinator(redis, "joiner", "")) {
            holder.joinGroupCreate("g");
            LockLease lease = holder.getLock("x").acquire();
            EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
            watcher.watchJoinGroup("g", joins);
            await().atMost(WAIT).until(() -> watcher.getMembers("g").get().contains("holder"));

            try (Jedis admin = new Jedis("127.0.0.1", redis.port)) {
                assertThat(admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL)))
                        .isPositive();
                assertThat(admin.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB)))
                        .isPositive();
            }

            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> holder.getMembers("g").get().contains("holder"));
            await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
                joiner.joinGroup("g").get();
            });
            await().atMost(WAIT).until(() -> joins.contains(new GroupEvent.MemberJoined("g", "joiner")));
            assertThat(lease.isStillOwner()).isTrue();
            assertThat(lease.lost().toCompletableFuture().isDone()).isFalse();
        }
    }

    @Test
    void aFrozenMemberIsSeenLeavingAndOnResumeLearnsItsLeaseWasLostAndRejoins() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start();
                Coordinator observer = coordinator(redis, "observer", "")) {
            observer.createGroup("g").get();
            EventRecorder<GroupEvent.MemberLeft> leaves = new EventRecorder<>();
            EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
            observer.watchLeaveGroup("g", leaves);
            observer.watchJoinGroup("g", joins);

            java.nio.file.Path log = java.nio.file.Files.createTempFile("tooz-redis-member", ".log");
            try (MemberProcess member = MemberProcess.start(redis.url() + "?timeout=2", "frozen", "g", "x", log)) {
                String ready = member.nextLine(java.time.Duration.ofSeconds(30));
                assertThat(ready).as("member log: %s", log).startsWith("READY ");
                long frozenToken = Long.parseLong(ready.substring(6));
                await().atMost(WAIT).until(() -> joins.contains(new GroupEvent.MemberJoined("g", "frozen")));

                member.signal("STOP");
                await().atMost(WAIT).until(() -> leaves.contains(new GroupEvent.MemberLeft("g", "frozen")));
                LockLease taken = observer.getLock("x").acquire(WAIT);
                assertThat(taken.fencingToken()).isGreaterThan(frozenToken);

                member.signal("CONT");
                // at resume the lease clock (deadline passed) and the refresh (key gone) race to tell it first
                assertThat(member.nextLine(WAIT)).isIn("LOST CONNECTION_LOST", "LOST EXPIRED");
                await().atMost(WAIT).until(() -> joins.count(new GroupEvent.MemberJoined("g", "frozen")) == 2);
                assertThat(observer.getMembers("g").get()).contains("frozen");
                assertThat(taken.isStillOwner()).isTrue();
            } finally {
                java.nio.file.Files.deleteIfExists(log);
            }
        }
    }
}
