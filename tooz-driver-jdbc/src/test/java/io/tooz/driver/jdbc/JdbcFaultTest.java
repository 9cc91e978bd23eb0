package io.tooz.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.ToozConnectionException;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults on the real database: an operator killing a held lock's connection, and the server restarting while members
 * are joined and a lock is held. The restart uses {@code scripts/backends.sh}, so the suite must not share the server
 * with another running test.
 */
@Timeout(180)
@ServerTest
abstract class JdbcFaultTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PREFIX = "fault_";

    abstract String url();

    abstract JdbcAdmin admin();

    private Coordinator coordinator(String member) {
        Coordinator c = Coordinator.builder(url() + "?timeout=2&table_prefix=" + PREFIX + "&watch_interval=200ms")
                .memberId(member + "-" + UUID.randomUUID())
                .build();
        c.start();
        return c;
    }

    @Test
    void killingTheLocksConnectionSignalsTheLossAndTheNextHolderGetsAHigherToken() throws Exception {
        String name = "fault-lock-" + UUID.randomUUID();
        try (Coordinator c1 = coordinator("c1");
                Coordinator c2 = coordinator("c2")) {
            LockLease first = c1.getLock(name).acquire();
            assertThat(c2.getLock(name).tryAcquire()).isEmpty();

            admin().kill(admin().lockSessionOf(PREFIX, c1.memberId(), name));

            assertThat(first.lost().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isEqualTo(LossReason.CONNECTION_LOST);
            LockLease second = c2.getLock(name).acquire(WAIT);
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
            assertThat(first.release()).isFalse();
            assertThat(second.isStillOwner()).isTrue();
            assertThat(c1.getLock(name).tryAcquire()).as("held by c2").isEmpty();
            second.release();
            assertThat(c1.getLock(name).tryAcquire()).isPresent();
        }
    }

    @Test
    void aListenedLeaseLearnsOfItsKilledConnectionWithinSecondsNotAtTheNextHeartbeat() throws Exception {
        String name = "fault-lock-" + UUID.randomUUID();
        try (Coordinator c = Coordinator.builder(url() + "?membership_timeout=120&table_prefix=" + PREFIX)
                .memberId("slow-beat-" + UUID.randomUUID())
                .build()) {
            c.start();
            LockLease lease = c.getLock(name).acquire();
            java.util.concurrent.CompletableFuture<LossReason> lost =
                    lease.lost().toCompletableFuture();
            long killed = System.nanoTime();
            admin().kill(admin().lockSessionOf(PREFIX, c.memberId(), name));
            assertThat(lost.get(10, TimeUnit.SECONDS)).isEqualTo(LossReason.CONNECTION_LOST);
            assertThat(Duration.ofNanos(System.nanoTime() - killed))
                    .as("heartbeats come every 60 s here; a listened lease is checked every second")
                    .isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRestartFailsOperationsClearlyLosesTheLockAndThenMembershipIsBack() throws Exception {
        String group = "fault-group-" + UUID.randomUUID();
        String name = "fault-lock-" + UUID.randomUUID();
        try (Coordinator member = coordinator("member");
                Coordinator watcher = coordinator("watcher")) {
            member.joinGroupCreate(group);
            LockLease lease = member.getLock(name).acquire();
            EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>("joins");
            watcher.watchJoinGroup(group, joins);

            admin().stop();
            try {
                assertThatThrownBy(() -> watcher.getMembers(group).get())
                        .isInstanceOf(ToozConnectionException.class)
                        .hasMessageContaining("127.0.0.1")
                        .hasMessageContaining("runs there and that the URL's host and port are right")
                        .hasMessageNotContaining("backends.sh")
                        .hasMessageNotContaining("tooz:tooz");
                assertThat(lease.lost().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("noticed while the server is down")
                        .isEqualTo(LossReason.CONNECTION_LOST);
            } finally {
                admin().start();
            }

            await().atMost(WAIT)
                    .ignoreExceptions()
                    .until(() -> watcher.getMembers(group).get().contains(member.memberId()));
            LockLease again = watcher.getLock(name).acquire(WAIT);
            assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
            member.leaveGroup(group).get();
            await().atMost(WAIT).until(() -> !watcher.getMembers(group).get().contains(member.memberId()));
        }
    }

    /**
     * A restart frees every lock at once, and a waiter reconnects as soon as the server is back, while the holder
     * (pinging every third of its 15 s TTL) may not have noticed yet: the server is too young to grant until it has
     * been up a TTL, so the holder has been told when the next acquire returns.
     */
    @Test
    void aQuickRestartGrantsTheLockOnlyAfterTheCutOffHolderWasTold() throws Exception {
        String name = "fault-lock-" + UUID.randomUUID();
        String slow = url() + "?timeout=15&table_prefix=" + PREFIX;
        try (Coordinator c1 = Coordinator.builder(slow)
                        .memberId("holder-" + UUID.randomUUID())
                        .build();
                Coordinator c2 = Coordinator.builder(slow)
                        .memberId("next-" + UUID.randomUUID())
                        .build()) {
            c1.start();
            c2.start();
            LockLease first = c1.getLock(name).acquire();

            admin().stop();
            admin().start();

            LockLease second = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (second == null) {
                try {
                    second = c2.getLock(name).acquire(Duration.ofSeconds(20));
                } catch (ToozConnectionException reconnecting) {
                    assertThat(System.nanoTime() - deadline)
                            .as("acquire works again within 60 s")
                            .isNegative();
                    Thread.sleep(50);
                }
            }
            assertThat(first.lost().toCompletableFuture().isDone())
                    .as("the holder was told before the lock was granted again")
                    .isTrue();
            assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
            second.release();
        }
    }
}
