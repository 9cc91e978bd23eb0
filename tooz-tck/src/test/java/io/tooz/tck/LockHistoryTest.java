package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.tck.LockHistory.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker on synthetic histories; times are milliseconds from an arbitrary origin. */
class LockHistoryTest {
    private static final long T0 = 1_000_000_000_000L;

    private static long ms(long millis) {
        return T0 + millis * 1_000_000;
    }

    private final LockHistory h = new LockHistory();

    @Test
    void aSafeHistoryWithEveryKindOfFaultPasses() {
        h.grant("p1", "p1#1", 1, ms(0));
        h.write("p1", "p1#1", 1, ms(10));
        h.write("p1", "p1#1", 1, ms(60));
        h.release("p1", "p1#1", ms(100));
        // a partitioned holder is told 400 ms before the take-over
        h.grant("p2", "p2#1", 2, ms(150));
        h.partition("p2", ms(200));
        h.write("p2", "p2#1", 2, ms(250));
        h.lost("p2", "p2#1", "CONNECTION_LOST", ms(1700));
        h.grant("p3", "p3#1", 3, ms(2100));
        h.heal("p2", ms(3500));
        h.release("p3", "p3#1", ms(4000));
        // a frozen holder overlaps the next one and writes with its older token after the thaw
        h.grant("p1", "p1#2", 4, ms(4100));
        h.stop("p1", ms(4200));
        h.grant("p2", "p2#2", 5, ms(6500));
        h.write("p2", "p2#2", 5, ms(6550));
        h.cont("p1", ms(8000));
        h.write("p1", "p1#2", 4, ms(8010));
        h.lost("p1", "p1#2", "EXPIRED", ms(8020));
        h.release("p2", "p2#2", ms(9000));
        // a killed holder's interval ends at the kill
        h.grant("p3", "p3#2", 6, ms(9100));
        h.kill("p3", ms(9200));
        h.grant("p1", "p1#3", 7, ms(11500));
        h.release("p1", "p1#3", ms(12000));
        // a fault on no holder
        h.partition("p2", ms(12100));
        h.heal("p2", ms(12500));

        LockHistoryReport r = h.assertSafe();

        assertThat(r.safe()).isTrue();
        assertThat(r.grants()).isEqualTo(7);
        assertThat(r.writes()).isEqualTo(5);
        assertThat(r.pausedOverlaps()).hasSize(1);
        assertThat(r.pausedOverlaps().get(0).lower().grantId()).isEqualTo("p1#2");
        assertThat(r.pausedOverlaps().get(0).higher().grantId()).isEqualTo("p2#2");
        assertThat(r.lostMargins()).containsExactly(Duration.ofMillis(400));
        assertThat(r.worstLostMargin()).contains(Duration.ofMillis(400));
        assertThat(r.medianLostMargin()).contains(Duration.ofMillis(400));
        assertThat(r.longestUnavailability()).isEqualTo(Duration.ofMillis(2300));
        assertThat(r.longestBeliefAfterThaw()).isEqualTo(Duration.ofMillis(20));
        assertThat(r.faults(Kind.PARTITION)).isEqualTo(2);
        assertThat(r.faultsOnHolder(Kind.PARTITION)).isEqualTo(1);
        assertThat(r.faultsOnHolder(Kind.STOP)).isEqualTo(1);
        assertThat(r.faultsOnHolder(Kind.KILL)).isEqualTo(1);
        assertThat(r.faults(Kind.SERVER_RESTART)).isZero();
        assertThat(r.violations()).isEmpty();
        assertThat(r.summary()).contains("grants: 7", "overlaps (rule a): 0", "safe: true");
    }

    @Test
    void anOverlapWithoutAPauseIsCaught() {
        h.grant("p1", "a", 1, ms(0));
        h.grant("p2", "b", 2, ms(500));
        h.release("p1", "a", ms(1000));
        h.release("p2", "b", ms(1500));

        LockHistoryReport r = h.check();

        assertThat(r.safe()).isFalse();
        assertThat(r.overlaps()).hasSize(1);
        assertThat(r.overlaps().get(0).length()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(h::assertSafe)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("overlap (rule a): p1's grant a with token 1 [0.0 ms .. 1000.0 ms (RELEASE)]")
                .hasMessageContaining("p2's grant b with token 2 [500.0 ms .. 1500.0 ms (RELEASE)]")
                .hasMessageContaining("500.0 ms GRANT p2 grant b token 2");
    }

    @Test
    void anIntervalStillOpenAtTheEndOverlapsLaterGrants() {
        h.grant("p1", "a", 1, ms(0));
        h.grant("p2", "b", 2, ms(3000));

        assertThat(h.check().overlaps()).hasSize(1);
        assertThat(h.believedHolders()).isEqualTo(Set.of("p1", "p2"));
    }

    @Test
    void anOverlapDuringAPauseWithLowerTokenWritesIsAccepted() {
        pausedOverlapWithLateWrite(1);

        LockHistoryReport r = h.assertSafe();

        assertThat(r.overlaps()).isEmpty();
        assertThat(r.pausedOverlaps()).hasSize(1);
        assertThat(r.pausedOverlaps().get(0).duringPause()).isTrue();
        assertThat(r.fencingViolations()).isEmpty();
    }

    @Test
    void aWriteDuringAPausedOverlapWithAnEqualOrHigherTokenIsCaught() {
        pausedOverlapWithLateWrite(2);
        h.write("p1", "a", 3, ms(3015));

        LockHistoryReport r = h.check();

        assertThat(r.overlaps()).isEmpty();
        assertThat(r.fencingViolations()).hasSize(2);
        assertThat(r.fencingViolations().get(0).write().token()).isEqualTo(2);
        assertThatThrownBy(h::assertSafe)
                .hasMessageContaining("fencing (rule a): p1 wrote with token 2 at 3010.0 ms")
                .hasMessageContaining("a fenced store would accept it");
    }

    private void pausedOverlapWithLateWrite(long token) {
        h.grant("p1", "a", 1, ms(0));
        h.write("p1", "a", 1, ms(50));
        h.stop("p1", ms(100));
        h.grant("p2", "b", 2, ms(2000));
        h.cont("p1", ms(3000));
        h.write("p1", "a", token, ms(3010));
        h.lost("p1", "a", "EXPIRED", ms(3020));
        h.release("p2", "b", ms(4000));
    }

    /** A grant between two others 2 ms after a thawed holder's CONT, before its lease timer ran (seen on etcd). */
    private static void grantJustAfterAThaw(LockHistory history, long grantAt) {
        history.grant("p1", "a", 1, ms(0));
        history.stop("p1", ms(100));
        history.grant("p2", "b", 2, ms(2000));
        history.release("p2", "b", ms(4990));
        history.cont("p1", ms(5000));
        history.grant("p3", "c", 3, ms(grantAt));
        history.release("p1", "a", ms(grantAt + 21)); // the holder noticed soon after
        history.release("p3", "c", ms(6000));
    }

    @Test
    void aGrantWithinTheThawGraceIsLeftToFencing() {
        grantJustAfterAThaw(h, 5002);

        LockHistoryReport r = h.assertSafe();

        assertThat(r.pausedOverlaps()).extracting(o -> o.higher().grantId()).containsExactly("b", "c");
        assertThat(r.longestBeliefAfterThaw()).isEqualTo(Duration.ofMillis(23));
    }

    @Test
    void aGrantAfterTheThawGraceIsCaught() {
        LockHistory strict = new LockHistory(Duration.ZERO);
        grantJustAfterAThaw(strict, 5002);
        grantJustAfterAThaw(h, 5251);

        assertThat(strict.check().overlaps())
                .extracting(o -> o.higher().grantId())
                .containsExactly("c");
        assertThat(h.check().overlaps()).extracting(o -> o.higher().grantId()).containsExactly("c");
        assertThat(h.thawGrace()).isEqualTo(LockHistory.DEFAULT_THAW_GRACE);
    }

    @Test
    void aPauseOfTheHigherGrantsProcessExcusesNothing() {
        h.grant("p1", "a", 1, ms(0));
        h.stop("p2", ms(100));
        h.grant("p2", "b", 2, ms(500));
        h.cont("p2", ms(3000));
        h.release("p1", "a", ms(1000));

        assertThat(h.check().overlaps()).hasSize(1);
    }

    @Test
    void aTokenRegressionIsCaught() {
        h.grant("p1", "a", 5, ms(0));
        h.release("p1", "a", ms(100));
        h.grant("p2", "b", 4, ms(200));
        h.release("p2", "b", ms(300));
        h.grant("p3", "c", 5, ms(400));
        h.release("p3", "c", ms(500));

        LockHistoryReport r = h.check();

        assertThat(r.overlaps()).isEmpty();
        assertThat(r.tokenOrderViolations()).hasSize(2);
        assertThat(r.tokenOrderViolations().get(0).later().grantId()).isEqualTo("b");
        assertThat(r.tokenOrderViolations().get(1).later().grantId()).isEqualTo("c");
        assertThatThrownBy(h::assertSafe).hasMessageContaining("token order (rule b): p2's grant b with token 4");
    }

    @Test
    void aLowerTokenReportedAfterAFreezeIsExcused() {
        // p2's acquire returned just before it was frozen; it reports the grant after the thaw, and then loses it
        h.stop("p2", ms(50));
        h.grant("p1", "a", 5, ms(2100));
        h.cont("p2", ms(3000));
        h.grant("p2", "b", 4, ms(3005));
        h.write("p2", "b", 4, ms(3006));
        h.lost("p2", "b", "CONNECTION_LOST", ms(3010));
        h.release("p1", "a", ms(3500));

        LockHistoryReport r = h.assertSafe();

        assertThat(r.pausedOverlaps()).hasSize(1);
        assertThat(r.pausedOverlaps().get(0).lower().grantId()).isEqualTo("b");
    }

    @Test
    void aTakeoverBeforeLostIsCaught() {
        h.grant("p1", "a", 1, ms(0));
        h.partition("p1", ms(100));
        h.grant("p2", "b", 2, ms(2000));
        h.lost("p1", "a", "CONNECTION_LOST", ms(2100));
        h.heal("p1", ms(4000));
        h.release("p2", "b", ms(4500));

        LockHistoryReport r = h.check();

        assertThat(r.takeoversWithoutLost()).hasSize(1);
        assertThat(r.takeoversWithoutLost().get(0).next().grantId()).isEqualTo("b");
        assertThat(r.overlaps()).hasSize(1);
        assertThat(r.lostMargins()).containsExactly(Duration.ofMillis(-100));
        assertThatThrownBy(h::assertSafe)
                .hasMessageContaining("take-over before lost() (rule c): p1 was partitioned at 100.0 ms");
    }

    @Test
    void aReleaseDuringThePartitionIsNotATakeover() {
        h.grant("p1", "a", 1, ms(0));
        h.partition("p1", ms(100));
        h.release("p1", "a", ms(200));
        h.grant("p2", "b", 2, ms(2000));
        h.heal("p1", ms(4000));

        LockHistoryReport r = h.assertSafe();

        assertThat(r.faultsOnHolder(Kind.PARTITION)).isEqualTo(1);
        assertThat(r.lostMargins()).isEmpty();
        assertThat(r.longestUnavailability()).isEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void aWriteAfterLostIsCaught() {
        h.grant("p1", "a", 1, ms(0));
        h.write("p1", "a", 1, ms(50));
        h.lost("p1", "a", "EXPIRED", ms(100));
        h.write("p1", "a", 1, ms(150));

        LockHistoryReport r = h.check();

        assertThat(r.writesOutsideGrant()).hasSize(1);
        assertThat(r.writesOutsideGrant().get(0).write().nanos()).isEqualTo(ms(150));
        assertThatThrownBy(h::assertSafe)
                .hasMessageContaining("write outside its grant (rule d): p1 wrote with token 1 at 150.0 ms");
    }

    @Test
    void aWriteUnderAGrantNeverMadeIsCaught() {
        h.write("p1", "ghost", 1, ms(0));

        assertThat(h.check().writesOutsideGrant()).hasSize(1);
        assertThatThrownBy(h::assertSafe).hasMessageContaining("ghost, which was never granted");
    }

    @Test
    void aKillEndsTheIntervalAndWritesAfterItAreStray() {
        h.grant("p1", "a", 1, ms(0));
        h.kill("p1", ms(100));
        h.grant("p2", "b", 2, ms(2000));
        h.write("p1", "a", 1, ms(2500));

        LockHistoryReport r = h.check();

        assertThat(r.overlaps()).isEmpty();
        assertThat(r.writesOutsideGrant()).hasSize(1);
        assertThat(r.faultsOnHolder(Kind.KILL)).isEqualTo(1);
        assertThat(h.believedHolders()).containsExactly("p2");
    }

    @Test
    void aGrantWhileAKilledHolderIsDyingIsLeftToFencingButNotOneBeforeTheSignal() {
        // the backend frees a dead process's lock when its connection closes, before the test sees the exit
        h.grant("p1", "a", 1, ms(0));
        h.write("p1", "a", 1, ms(50));
        h.killSent("p1", ms(100));
        h.grant("p2", "b", 2, ms(101));
        h.kill("p1", ms(102));

        LockHistoryReport r = h.assertSafe();

        assertThat(r.pausedOverlaps()).hasSize(1);
        assertThat(r.faults(Kind.KILL)).isEqualTo(1);
        assertThat(r.faults(Kind.KILL_SENT)).isZero();

        LockHistory early = new LockHistory();
        early.grant("p1", "a", 1, ms(0));
        early.grant("p2", "b", 2, ms(99));
        early.killSent("p1", ms(100));
        early.kill("p1", ms(102));
        assertThat(early.check().overlaps()).hasSize(1);
    }

    @Test
    void aServerRestartCountsAgainstWhoeverHeldTheLock() {
        h.grant("p1", "a", 1, ms(0));
        h.serverRestart(ms(100));
        h.lost("p1", "a", "CONNECTION_LOST", ms(1500));
        h.grant("p2", "b", 2, ms(1800));

        LockHistoryReport r = h.assertSafe();

        assertThat(r.faultsOnHolder(Kind.SERVER_RESTART)).isEqualTo(1);
        assertThat(r.lostMargins()).containsExactly(Duration.ofMillis(300));
        assertThat(r.longestUnavailability()).isEqualTo(Duration.ofMillis(1700));
    }

    @Test
    void eventsAreOrderedByTimeWhateverTheOrderTheyArrivedIn() {
        h.release("p1", "a", ms(100));
        h.grant("p2", "b", 2, ms(200));
        h.grant("p1", "a", 1, ms(0));

        assertThat(h.events()).extracting(LockHistory.Event::nanos).containsExactly(ms(0), ms(100), ms(200));
        assertThat(h.assertSafe().grants()).isEqualTo(2);
    }

    @Test
    void theExcerptFoldsConsecutiveWrites() {
        h.grant("p1", "a", 1, ms(0));
        for (int i = 1; i <= 5; i++) {
            h.write("p1", "a", 1, ms(i * 50));
        }
        h.release("p1", "a", ms(300));

        List<String> lines = h.excerpt(ms(0), ms(300), ms(0));

        assertThat(lines)
                .containsExactly(
                        "0.0 ms GRANT p1 grant a token 1",
                        "50.0 ms WRITE p1 grant a token 1 (and 4 more up to 250.0 ms)",
                        "300.0 ms RELEASE p1 grant a");
    }

    // ---- shared grants: read-write locks and semaphores ----

    @Test
    void readersShareButAWriterOverlappingAReaderIsCaught() {
        LockHistory rw = LockHistory.ofReadWriteLock();
        rw.grant("p1", "r1", 2, ms(0), true);
        rw.grant("p2", "r2", 1, ms(10), true); // granted together, reported in the other order
        rw.grant("p3", "r3", 3, ms(20), true);
        rw.release("p1", "r1", ms(100));
        rw.release("p2", "r2", ms(110));
        rw.release("p3", "r3", ms(120));
        rw.grant("p1", "w1", 4, ms(130));
        rw.write("p1", "w1", 4, ms(140));
        rw.release("p1", "w1", ms(200));

        LockHistoryReport safe = rw.assertSafe();

        assertThat(safe.grants()).isEqualTo(4);
        assertThat(safe.sharedGrants()).isEqualTo(3);
        assertThat(safe.mostHeldAtOnce()).isEqualTo(3);
        assertThat(safe.summary()).contains("shared grants: 3", "most held at once: 3");

        rw.grant("p2", "r4", 5, ms(300), true);
        rw.grant("p3", "w2", 6, ms(350));
        rw.release("p2", "r4", ms(400));
        rw.release("p3", "w2", ms(450));

        LockHistoryReport r = rw.check();

        assertThat(r.overlaps()).extracting(o -> o.higher().grantId()).containsExactly("w2");
        assertThatThrownBy(rw::assertSafe)
                .hasMessageContaining("overlap (rule a): p2's shared grant r4 with token 5")
                .hasMessageContaining("350.0 ms GRANT p3 grant w2 token 6\n")
                .hasMessageContaining("300.0 ms GRANT p2 grant r4 token 5 (shared)");
    }

    @Test
    void aWriteGrantOutOfTokenOrderWithAReadIsCaughtAndTwoReadsMustNotShareAToken() {
        LockHistory rw = LockHistory.ofReadWriteLock();
        rw.grant("p1", "w1", 5, ms(0));
        rw.release("p1", "w1", ms(100));
        rw.grant("p2", "r1", 4, ms(200), true);
        rw.grant("p3", "r2", 4, ms(210), true);
        rw.release("p2", "r1", ms(300));
        rw.release("p3", "r2", ms(310));

        LockHistoryReport r = rw.check();

        assertThat(r.overlaps()).isEmpty();
        assertThat(r.tokenOrderViolations())
                .extracting(v -> v.later().grantId())
                .containsExactly("r1", "r2");
    }

    @Test
    void moreSemaphoreHoldersThanPermitsAreCaughtUnlessTheExtraOneWasFrozen() {
        LockHistory sem = LockHistory.ofSemaphore(2);
        sem.grant("p1", "a", 1, ms(0), true);
        sem.grant("p2", "b", 2, ms(10), true);
        sem.release("p1", "a", ms(100));
        sem.grant("p3", "c", 3, ms(100), true); // touching ends do not overlap
        sem.stop("p2", ms(150));
        sem.grant("p1", "d", 4, ms(2000), true); // p2 is frozen past its lease: left to fencing
        sem.cont("p2", ms(3000));
        sem.lost("p2", "b", "EXPIRED", ms(3010));
        sem.release("p3", "c", ms(3100));
        sem.release("p1", "d", ms(3200));

        LockHistoryReport safe = sem.assertSafe();

        assertThat(safe.mostHeldAtOnce()).isEqualTo(3);
        assertThat(safe.crowds()).isEmpty();

        sem.grant("p1", "e", 5, ms(4000), true);
        sem.grant("p2", "f", 6, ms(4010), true);
        sem.grant("p3", "g", 7, ms(4020), true);
        sem.release("p1", "e", ms(4100));

        LockHistoryReport r = sem.check();

        assertThat(r.crowds()).hasSize(1);
        assertThat(r.crowds().get(0).grant().grantId()).isEqualTo("g");
        assertThat(r.crowds().get(0).held())
                .extracting(LockHistory.Interval::grantId)
                .containsExactly("e", "f");
        assertThatThrownBy(sem::assertSafe)
                .hasMessageContaining("too many holders (rule a): p3's shared grant g with token 7")
                .hasMessageContaining("at most 2 in all");
    }

    @Test
    void aPartitionedReaderMayBeJoinedByReadersButNotOvertakenByAWriter() {
        LockHistory rw = LockHistory.ofReadWriteLock();
        rw.grant("p1", "r1", 1, ms(0), true);
        rw.partition("p1", ms(100));
        rw.grant("p2", "r2", 2, ms(200), true);
        rw.release("p2", "r2", ms(300));
        rw.lost("p1", "r1", "CONNECTION_LOST", ms(1500));
        rw.grant("p3", "w", 3, ms(1600));
        rw.heal("p1", ms(2000));
        rw.release("p3", "w", ms(2100));

        assertThat(rw.assertSafe().takeoversWithoutLost()).isEmpty();

        rw.grant("p1", "r3", 4, ms(3000), true);
        rw.partition("p1", ms(3100));
        rw.grant("p2", "w2", 5, ms(3200));
        rw.lost("p1", "r3", "CONNECTION_LOST", ms(3300));

        assertThat(rw.check().takeoversWithoutLost())
                .extracting(t -> t.next().grantId())
                .containsExactly("w2");
    }

    @Test
    void aWriteTheFencedStoreWouldRejectIsCaught() {
        h.grant("p1", "a", 1, ms(0));
        h.write("p1", "a", 1, ms(10));
        h.grant("p2", "b", 2, ms(50));
        h.write("p2", "b", 2, ms(60));
        h.write("p1", "a", 1, ms(70));
        h.release("p1", "a", ms(80));
        h.release("p2", "b", ms(90));

        LockHistoryReport r = h.check();

        assertThat(r.overlaps()).hasSize(1);
        assertThat(r.staleWrites()).hasSize(1);
        assertThat(r.staleWrites().get(0).write().nanos()).isEqualTo(ms(70));
        assertThat(r.staleWrites().get(0).newerGrant().grantId()).isEqualTo("b");
        assertThatThrownBy(h::assertSafe)
                .hasMessageContaining("stale write (rule e): p1 wrote with token 1 at 70.0 ms")
                .hasMessageContaining("after the store had taken token 2 at 60.0 ms");
    }

    @Test
    void aContendersPlanCallsForTheHistoryOfItsPrimitive() {
        Duration hold = Duration.ofMillis(100);
        assertThat(plan("x", hold).newHistory().sharedLimit()).isEqualTo(1);
        assertThat(plan(ContenderProcess.LEADER_PREFIX + "g", hold).newHistory().sharedLimit())
                .isEqualTo(1);
        assertThat(plan(ContenderProcess.READ_OR_WRITE_PREFIX + "x", hold)
                        .newHistory()
                        .sharedLimit())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(plan(ContenderProcess.permitsPrefix(3) + "x", hold)
                        .newHistory()
                        .sharedLimit())
                .isEqualTo(3);
        assertThatThrownBy(() -> ContenderProcess.permitsPrefix(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static ContenderProcess.Plan plan(String lockName, Duration hold) {
        return new ContenderProcess.Plan(lockName, hold, hold, false);
    }
}
