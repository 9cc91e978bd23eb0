package io.tooz.driver.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.tck.MemberProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A member in a process of its own killed with SIGKILL: the OS drops its POSIX lock, so another coordinator takes the
 * lock at once with a higher fencing token; its member file goes stale and is removed, so the group can be deleted.
 * A lock held by another process is broken by unlinking its file.
 */
@Timeout(90)
class FileKillTest {

    @Test
    void aKilledMembersLockIsFreedByTheOsAndItsMembershipExpires() throws Exception {
        Path dir = TempDirs.create("tooz-file-kill");
        Path log = Files.createTempFile("tooz-file-member", ".log");
        String url = "file://" + dir + "?timeout=2";
        try (Coordinator observer =
                Coordinator.builder(url).memberId("observer").build()) {
            observer.start();
            try (MemberProcess member = MemberProcess.start(url, "doomed", "g", "the-lock", log)) {
                String ready = member.nextLine(Duration.ofSeconds(30));
                assertThat(ready).as("member log: %s", log).startsWith("READY ");
                long token = Long.parseLong(ready.substring(6));
                assertThat(observer.getMembers("g").get()).containsExactly("doomed");
                assertThat(observer.getLock("the-lock").holder()).contains("doomed");
                assertThat(observer.getLock("the-lock").tryAcquire()).isEmpty();

                member.signal("KILL");
                LockLease taken = observer.getLock("the-lock").acquire(Duration.ofSeconds(5));
                assertThat(taken.fencingToken()).isGreaterThan(token);
                assertThat(observer.getLock("the-lock").holder()).contains("observer");

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> observer.getMembers("g").get().isEmpty());
                observer.deleteGroup("g").get();
                assertThat(observer.getGroups().get()).doesNotContain("g");
                taken.release();
            }
        } finally {
            Files.deleteIfExists(log);
            TempDirs.remove(dir);
        }
    }

    @Test
    void breakingALockHeldByAnotherProcessUnlinksItsFileAndTheHolderLearnsItIsLost() throws Exception {
        Path dir = TempDirs.create("tooz-file-break");
        Path log = Files.createTempFile("tooz-file-member", ".log");
        String url = "file://" + dir + "?timeout=2";
        try (Coordinator breaker = Coordinator.builder(url).memberId("breaker").build()) {
            breaker.start();
            try (MemberProcess member = MemberProcess.start(url, "holder", "g", "the-lock", log)) {
                String ready = member.nextLine(Duration.ofSeconds(30));
                assertThat(ready).as("member log: %s", log).startsWith("READY ");
                long token = Long.parseLong(ready.substring(6));

                assertThat(breaker.getLock("the-lock").forceBreak()).isTrue();
                LockLease taken = breaker.getLock("the-lock").acquire(Duration.ofSeconds(5));
                assertThat(taken.fencingToken()).isGreaterThan(token);
                assertThat(member.nextLine(Duration.ofSeconds(10))).startsWith("LOST ");
                assertThat(taken.isStillOwner()).isTrue();
                taken.release();
            }
        } finally {
            Files.deleteIfExists(log);
            TempDirs.remove(dir);
        }
    }
}
