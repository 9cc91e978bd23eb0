package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.ToozException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/** The timing assertions of {@link PartitionContract}, each reporting the measured times in its failure message. */
final class PartitionChecks {
    private PartitionChecks() {}

    /** Checks that {@code loss} happened, and strictly before {@code takeOver}, reporting both times. */
    static void assertToldFirst(
            TimedCall<?> loss, TimedCall<?> takeOver, long partitionedAt, String signal, String event) {
        String lossTime = loss == null
                ? "had not happened"
                : loss.failure() != null
                        ? "failed (" + loss.failure() + ")"
                        : "came " + loss.endedMillisAfter(partitionedAt) + " ms after the partition";
        assertThat(loss != null && loss.failure() == null && loss.endNanos() < takeOver.endNanos())
                .as(
                        "the partitioned side must get %s strictly before %s; %s %d ms after the partition, %s %s",
                        signal, event, event, takeOver.endedMillisAfter(partitionedAt), signal, lossTime)
                .isTrue();
    }

    /** Checks that {@code call} threw {@code expected} within {@code bound}, reporting the time it took. */
    static void assertEndedInTime(
            TimedCall<?> call, Duration bound, String what, Class<? extends ToozException> expected) {
        assertThat(call.elapsed())
                .as(
                        "%s ended after %d ms (%s); the bound is %d ms",
                        what, call.elapsed().toMillis(), call.describe(), bound.toMillis())
                .isLessThanOrEqualTo(bound);
        assertThat(call.failure())
                .as("%s %s after %d ms", what, call.describe(), call.elapsed().toMillis())
                .isInstanceOf(expected);
    }

    /**
     * Waits until {@code condition} holds, ignoring tooz errors, at most {@code atMost} after {@code fromNanos} (a
     * {@link System#nanoTime()} reading); fails naming {@code what} and the time passed.
     */
    static void awaitAfter(
            ContractSupport tck, long fromNanos, Duration atMost, String what, Callable<Boolean> condition) {
        Duration left = atMost.minusNanos(System.nanoTime() - fromNanos);
        try {
            tck.await(left.compareTo(Duration.ofMillis(100)) > 0 ? left : Duration.ofMillis(100))
                    .ignoreExceptionsInstanceOf(ToozException.class)
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    what + ": not within " + atMost.toMillis() + " ms (" + millisSince(fromNanos) + " ms passed)", e);
        }
    }

    /** Milliseconds since {@code nanos}, a {@link System#nanoTime()} reading. */
    static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }
}
