package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.LockLease;
import org.junit.jupiter.api.Test;

/** {@code tooz lock --timeout} tells who holds the lock while it waits, on memory://. */
class LockCommandTest {
    private final String url = Cli.uniqueUrl();

    @Test
    void waitingSaysWhoHoldsTheLockAndWhenThatChanges() {
        try (Coordinator first = Coordinator.builder(url).memberId("first").build()) {
            first.start();
            LockLease lease = first.getLock("L").tryAcquire().orElseThrow();
            Cli.Running a =
                    Cli.start("lock", "L", "--url", url, "--member-id", "a", "--timeout", "20s", "--hold", "1s");
            Cli.Running b =
                    Cli.start("lock", "L", "--url", url, "--member-id", "b", "--timeout", "20s", "--hold", "1s");
            a.awaitError("tooz: lock L is held by first; waiting up to 20s\n");
            b.awaitError("tooz: lock L is held by first; waiting up to 20s\n");
            lease.release();
            Cli.Result ra = a.result();
            Cli.Result rb = b.result();
            assertThat(ra.exit()).as(ra.toString()).isZero();
            assertThat(rb.exit()).as(rb.toString()).isZero();
            // whichever got the lock second saw the other one holding it
            boolean aSecond = ra.err().contains("tooz: lock L is now held by b\n");
            boolean bSecond = rb.err().contains("tooz: lock L is now held by a\n");
            assertThat(aSecond ^ bSecond).as(ra + "\n" + rb).isTrue();
            assertThat(ra.out()).startsWith("acquired lock L fencing token ");
            assertThat(rb.out()).startsWith("acquired lock L fencing token ");
        }
    }

    @Test
    void waitingUnderJsonIsAJsonLineOnStderr() {
        try (Coordinator first = Coordinator.builder(url).memberId("first").build()) {
            first.start();
            first.getLock("L").tryAcquire().orElseThrow();
            Cli.Result r = Cli.run("lock", "L", "--url", url, "--timeout", "300ms", "--json");
            assertThat(r.exit()).as(r.toString()).isEqualTo(1);
            assertThat(r.err().lines())
                    .containsExactly(
                            "{\"event\":\"waiting\",\"lock\":\"L\",\"holder\":\"first\",\"message\":\"lock L is held by"
                                    + " first; waiting up to 300ms\"}",
                            "{\"error\":\"lock L not acquired within 300ms; held by first\",\"exit\":1,"
                                    + "\"meaning\":\"failed\"}");
        }
    }

    @Test
    void withoutTimeoutItTriesOnceAndSaysWhoHoldsIt() {
        try (Coordinator first = Coordinator.builder(url).memberId("first").build()) {
            first.start();
            first.getLock("L").tryAcquire().orElseThrow();
            Cli.Result r = Cli.run("lock", "L", "--url", url);
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("tooz: lock L not acquired; held by first\n");
        }
    }

    @Test
    void readersShareTheReadWriteLockAndAWriterWaitsForThem() {
        try (Coordinator first = Coordinator.builder(url).memberId("first").build()) {
            first.start();
            LockLease read =
                    first.getReadWriteLock("RW").readLock().tryAcquire().orElseThrow();
            Cli.Result r = Cli.run("lock", "RW", "--read", "--url", url);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("acquired read lock RW fencing token ");
            Cli.Result w = Cli.run("lock", "RW", "--write", "--url", url, "--timeout", "300ms", "--json");
            assertThat(w.exit()).as(w.toString()).isEqualTo(1);
            assertThat(w.err().lines().findFirst().orElseThrow())
                    .isEqualTo("{\"event\":\"waiting\",\"lock\":\"RW\",\"mode\":\"write\",\"holder\":\"first\","
                            + "\"message\":\"write lock RW is held by first; waiting up to 300ms\"}");
            read.release();
            Cli.Result w2 = Cli.run("lock", "RW", "--write", "--url", url);
            assertThat(w2.exit()).as(w2.toString()).isZero();
            assertThat(first.getLock("RW").tryAcquire())
                    .as("the exclusive lock of the same name is another lock")
                    .isPresent();
        }
    }

    @Test
    void readAndWriteTogetherAreAUsageError() {
        Cli.Result r = Cli.run("lock", "RW", "--read", "--write", "--url", url);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--read", "--write");
    }

    @Test
    void aSemaphoreAdmitsPermitsHoldersAndRefusesAnotherCount() {
        try (Coordinator first = Coordinator.builder(url).memberId("first").build()) {
            first.start();
            LockLease one = first.getSemaphore("S", 2).tryAcquire().orElseThrow();
            Cli.Result second = Cli.run("semaphore", "S", "--permits", "2", "--url", url);
            assertThat(second.exit()).as(second.toString()).isZero();
            assertThat(second.out()).startsWith("acquired semaphore S (2 permits) fencing token ");
            LockLease two = first.getSemaphore("S", 2).tryAcquire().orElseThrow();
            Cli.Result third = Cli.run("semaphore", "S", "--permits", "2", "--url", url, "--timeout", "200ms");
            assertThat(third.exit()).as(third.toString()).isEqualTo(1);
            assertThat(third.err()).endsWith("tooz: semaphore S (2 permits) not acquired within 200ms\n");
            Cli.Result other = Cli.run("semaphore", "S", "--permits", "5", "--url", url);
            assertThat(other.exit()).as(other.toString()).isEqualTo(2);
            assertThat(other.err()).contains("semaphore S", "2 permits", "asked for 5");
            one.release();
            two.release();
        }
    }

    @Test
    void leaderWatchPrintsTheLeaderAndEveryChange() {
        try (Coordinator a = Coordinator.builder(url).memberId("cand-a").build();
                Coordinator b = Coordinator.builder(url).memberId("cand-b").build()) {
            a.start();
            b.start();
            a.createGroup("G").get();
            Cli.Running w = Cli.start("leader", "G", "--watch", "--url", url, "--for", "4s");
            w.awaitOutput("leader G -\n");
            a.joinGroup("G").get();
            a.watchElectedAsLeader("G", e -> {});
            w.awaitOutput("leader G cand-a\n");
            b.joinGroup("G").get();
            b.watchElectedAsLeader("G", e -> {});
            a.standDownGroupLeader("G");
            a.stop();
            w.awaitOutput("leader G cand-b\n");
            Cli.Result r = w.result();
            assertThat(r.exit()).as(r.toString()).isZero();
            // between two leaders the group may be seen without one
            assertThat(r.out()).matches("leader G -\nleader G cand-a\n(leader G -\n)?leader G cand-b\n");
        }
    }
}
