package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.Coordinator;
import io.tooz.InvalidNameException;
import io.tooz.ToozConfigurationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad scheduler settings fail at the builder, with a typed exception naming the value and what is allowed. */
class PeriodicSchedulerBuilderTest {
    private final Coordinator coordinator =
            Coordinator.builder("memory://builder-test").build();

    private PeriodicSchedulerBuilder builder() {
        return PeriodicScheduler.builder(coordinator, "g");
    }

    @Test
    void badTaskIdsAndPeriodsAreNamed() {
        assertThatThrownBy(() -> builder().task("", Duration.ofSeconds(1), run -> {}))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("task id must be a non-empty string");
        assertThatThrownBy(() -> builder().task("x".repeat(256), Duration.ofSeconds(1), run -> {}))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("256 UTF-8 bytes");
        assertThatThrownBy(() -> builder()
                        .task("t", Duration.ofSeconds(1), run -> {})
                        .task("t", Duration.ofSeconds(2), run -> {}))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("'t' was given twice");
        assertThatThrownBy(() -> builder().task("t", Duration.ofMillis(50), run -> {}))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("at least 100 ms, got PT0.05S");
        assertThatThrownBy(() -> builder().tasks(() -> null, Duration.ofNanos(1_500_000_500L), run -> {}))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("whole number of milliseconds");
        assertThatThrownBy(() -> PeriodicScheduler.builder(coordinator, ""))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("group id");
    }

    @Test
    void badTuningIsNamed() {
        assertThatThrownBy(() -> builder().threads(0)).hasMessageContaining("threads must be 1..1024, got 0");
        assertThatThrownBy(() -> builder().weight(0)).hasMessageContaining("weight must be 1..1000, got 0");
        assertThatThrownBy(() -> builder().maxLoad(0.5)).hasMessageContaining("maxLoad must be at least 1.0, got 0.5");
        assertThatThrownBy(() -> builder().pointsPerWeight(0)).hasMessageContaining("got 0");
        assertThatThrownBy(() -> builder().claimTtl(Duration.ofMillis(10)))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("claimTtl must be at least 1 s");
    }

    @Test
    void aClaimTtlShorterThanThePeriodIsRefusedNamingBoth() {
        assertThatThrownBy(() -> builder()
                        .claimTtl(Duration.ofSeconds(5))
                        .task("short", Duration.ofSeconds(1), run -> {})
                        .task("report", Duration.ofSeconds(10), run -> {})
                        .build())
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("claimTtl 5 s is shorter than the period of task 'report', 10 s")
                .hasMessageContaining("give claimTtl(10 s) or more");
        assertThatThrownBy(() -> builder()
                        .tasks(() -> java.util.List.of("a"), Duration.ofMinutes(2), run -> {})
                        .claimTtl(Duration.ofSeconds(90))
                        .build())
                .hasMessageContaining("claimTtl 90 s is shorter")
                .hasMessageContaining("the tasks of a TaskSource, 2 min");
        assertThatThrownBy(() -> builder()
                        .task("t", Duration.ofSeconds(3), run -> {})
                        .missedPeriods(MissedPeriods.RUN_ONCE_LATE)
                        .claimTtl(Duration.ofSeconds(5))
                        .build())
                .hasMessageContaining("claimTtl 5 s is shorter than two periods of task 't', 3 s")
                .hasMessageContaining("RUN_ONCE_LATE")
                .hasMessageContaining("claimTtl(6 s)");
        builder()
                .task("t", Duration.ofSeconds(3), run -> {})
                .claimTtl(Duration.ofSeconds(3))
                .build()
                .close();
        builder().task("t", Duration.ofHours(1), run -> {}).build().close();
    }

    @Test
    void durationsInMessagesReadAsPeopleWriteThem() {
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofSeconds(10))).isEqualTo("10 s");
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofSeconds(90))).isEqualTo("90 s");
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofMinutes(2))).isEqualTo("2 min");
        assertThat(PeriodicSchedulerBuilder.human(Duration.ofHours(3))).isEqualTo("3 h");
    }
}
