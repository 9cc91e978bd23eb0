package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.schedule.FailureLog.Verdict;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failure repeated at every retry is logged once per kind, then summarized every 5 minutes, until it works again. */
class FailureLogTest {
    private final AtomicLong now = new AtomicLong();
    private final FailureLog log =
            new FailureLog(LoggerFactory.getLogger(FailureLogTest.class), "reading the test source", now::get);

    @Test
    void eachKindOnceThenASummaryEveryFiveMinutes() {
        assertThat(log.failed(new IllegalStateException("db down"))).isEqualTo(Verdict.LOGGED);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
            assertThat(log.failed(new IllegalStateException("db down"))).isEqualTo(Verdict.REPEATED);
        }
        assertThat(log.failed(new IllegalArgumentException("db down"))).isEqualTo(Verdict.LOGGED);
        assertThat(log.failed(new IllegalStateException("other"))).isEqualTo(Verdict.LOGGED);
        now.addAndGet(FailureLog.SUMMARY_NANOS);
        assertThat(log.failed(new IllegalStateException("db down"))).isEqualTo(Verdict.SUMMARIZED);
        assertThat(log.failed(new IllegalStateException("db down"))).isEqualTo(Verdict.REPEATED);
        assertThat(log.failures()).isEqualTo(105);
    }

    @Test
    void workingAgainIsToldOnceAndForgetsTheKinds() {
        assertThat(log.succeeded()).as("nothing to report").isFalse();
        log.failed(new IllegalStateException("db down"));
        assertThat(log.succeeded()).isTrue();
        assertThat(log.succeeded()).isFalse();
        assertThat(log.failures()).isZero();
        assertThat(log.failed(new IllegalStateException("db down")))
                .as("a failure after a recovery is news again")
                .isEqualTo(Verdict.LOGGED);
    }

    @Test
    void manyDistinctKindsAreCappedAndSummarized() {
        for (int i = 0; i < FailureLog.MAX_DISTINCT; i++) {
            assertThat(log.failed(new IllegalStateException("row " + i))).isEqualTo(Verdict.LOGGED);
        }
        assertThat(log.failed(new IllegalStateException("row 9999"))).isEqualTo(Verdict.REPEATED);
    }

    @Test
    void retriesBackOffFromAQuarterPeriodUpToThePeriodAndThirtySeconds() {
        assertThat(Track.backoffMillis(1_000, 1)).isEqualTo(250);
        assertThat(Track.backoffMillis(1_000, 2)).isEqualTo(500);
        assertThat(Track.backoffMillis(1_000, 3)).isEqualTo(1_000);
        assertThat(Track.backoffMillis(1_000, 50)).isEqualTo(1_000);
        assertThat(Track.backoffMillis(100, 1)).isEqualTo(50);
        assertThat(Track.backoffMillis(100, 9)).isEqualTo(100);
        assertThat(Track.backoffMillis(3_600_000, 1)).isEqualTo(1_000);
        assertThat(Track.backoffMillis(3_600_000, 5)).isEqualTo(16_000);
        assertThat(Track.backoffMillis(3_600_000, 6)).isEqualTo(30_000);
        assertThat(Track.backoffMillis(3_600_000, Integer.MAX_VALUE)).isEqualTo(30_000);
    }
}
