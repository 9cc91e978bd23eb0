package io.tooz.driver.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.GroupEvent;
import io.tooz.LockLease;
import io.tooz.tck.EventRecorder;
import io.tooz.tck.MemberProcess;
import io.tooz.tck.ServerTest;
import io.tooz.tck.SharedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A tooz member in a process of its own, frozen with SIGSTOP past its {@code membership_timeout}: the others see it
 * leave and take its lock; resumed, it learns its lock was lost, joins its group again under a new lease and says so.
 */
@Timeout(90)
@ServerTest
class EtcdPauseTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String URL = "etcd3+http://" + SharedServer.ETCD.hostPort() + "?timeout=2";

    @BeforeAll
    static void serverIsUp() {
        SharedServer.ETCD.require();
    }

    @Test
    void aFrozenMemberIsSeenLeavingAndOnResumeLearnsItsLockWasLostAndRejoinsSayingWhy() throws Exception {
        String g = "pause-" + UUID.randomUUID();
        String lock = "pause-" + UUID.randomUUID();
        Path log = Files.createTempFile("tooz-etcd-member", ".log");
        try (Coordinator observer =
                Coordinator.builder(URL).memberId("observer").build()) {
            observer.start();
            observer.createGroup(g).get();
            EventRecorder<GroupEvent.MemberLeft> leaves = new EventRecorder<>();
            EventRecorder<GroupEvent.MemberJoined> joins = new EventRecorder<>();
            observer.watchLeaveGroup(g, leaves);
            observer.watchJoinGroup(g, joins);

            try (MemberProcess member = MemberProcess.start(URL, "frozen", g, lock, log)) {
                String ready = member.nextLine(Duration.ofSeconds(30));
                assertThat(ready).as("member log: %s", log).startsWith("READY ");
                long frozenToken = Long.parseLong(ready.substring(6));
                await().atMost(WAIT).until(() -> joins.contains(new GroupEvent.MemberJoined(g, "frozen")));

                member.signal("STOP");
                await().atMost(WAIT).until(() -> leaves.contains(new GroupEvent.MemberLeft(g, "frozen")));
                LockLease taken = observer.getLock(lock).acquire(WAIT);
                assertThat(taken.fencingToken()).isGreaterThan(frozenToken);

                member.signal("CONT");
                assertThat(member.nextLine(WAIT)).isIn("LOST CONNECTION_LOST", "LOST EXPIRED");
                await().atMost(WAIT).until(() -> joins.count(new GroupEvent.MemberJoined(g, "frozen")) == 2);
                assertThat(observer.getMembers(g).get()).containsExactly("frozen");
                assertThat(taken.isStillOwner()).isTrue();
                assertThat(Files.readString(log))
                        .contains("member frozen: its etcd membership lease expired")
                        .contains("it has a new lease")
                        .contains("member frozen joined group " + g + " again");
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
