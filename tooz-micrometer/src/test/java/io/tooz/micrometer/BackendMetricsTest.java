package io.tooz.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.LossReason;
import io.tooz.schedule.PeriodicScheduler;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The meters of {@link ToozMetrics} on a real backend, read back from a {@link SimpleMeterRegistry}: one subclass per
 * backend gives the URL. {@code observed} reports to the metrics; {@code other} is a second member that contends.
 */
abstract class BackendMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ToozMetrics metrics;
    Coordinator observed;
    Coordinator other;

    /** The backend's URL, with options that keep this test's data apart from other tests'. */
    abstract String url();

    /** The URL's scheme, the expected {@code backend} tag. */
    abstract String scheme();

    @BeforeEach
    void start() {
        metrics = ToozMetrics.forUrl(url());
        observed = Coordinator.builder(url())
                .memberId("observed")
                .observer(metrics)
                .build();
        other = Coordinator.builder(url()).memberId("other").build();
        metrics.bindTo(registry);
        observed.start();
        other.start();
    }

    @AfterEach
    void stop() {
        observed.close();
        other.close();
    }

    RequiredSearch meter(String name, String... tags) {
        return registry.get(name).tag("backend", scheme()).tags(tags);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    @Test
    void acquisitionsAreTimedByOutcomeAndLeasesByHoldTime() {
        String lock = unique("lock");
        LockLease held = other.getLock(lock).acquire();
        assertThat(observed.getLock(lock).tryAcquire()).isEmpty();
        long t0 = System.nanoTime();
        assertThat(observed.getLock(lock).tryAcquire()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> observed.getLock(lock).acquire(Duration.ofMillis(200)))
                .isInstanceOf(io.tooz.LockAcquireFailedException.class);
        held.release();
        observed.getLock(lock).acquire(Duration.ofSeconds(5)).release();

        Timer timedOut = meter("tooz.lock.acquire", "kind", "lock", "lock", lock, "outcome", "timed_out")
                .timer();
        assertThat(timedOut.count()).isEqualTo(3);
        assertThat(timedOut.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(200);
        assertThat(timedOut.max(TimeUnit.NANOSECONDS)).isLessThanOrEqualTo(System.nanoTime() - t0);
        assertThat(meter("tooz.lock.acquire", "lock", lock, "outcome", "acquired")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.find("tooz.lock.acquire")
                        .tag("lock", lock)
                        .tag("outcome", "failed")
                        .timer())
                .isNull();
        assertThat(meter("tooz.lock.held", "kind", "lock", "lock", lock).timer().count())
                .isEqualTo(1);
        assertThat(meter("tooz.backend.request", "operation", "acquire", "outcome", "success")
                        .timer()
                        .count())
                .isGreaterThanOrEqualTo(4);
        assertThat(meter("tooz.backend.request", "operation", "release").timer().count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void aLeaseLostToAForcedBreakCountsItsReason() throws Exception {
        String lock = unique("broken");
        LockLease lease = observed.getLock(lock).acquire();
        assertThat(other.getLock(lock).forceBreak()).isTrue();
        assertThat(lease.lost().toCompletableFuture().get(20, TimeUnit.SECONDS)).isEqualTo(LossReason.BROKEN);
        assertThat(meter("tooz.lease.lost", "kind", "lock", "lock", lock, "reason", "broken")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meter("tooz.lock.held", "lock", lock).timer().count()).isEqualTo(1);
        assertThat(registry.find("tooz.lease.lost").tag("reason", "expired").counter())
                .isNull();
    }

    @Test
    void watchedGroupsAndLeadershipsAreMeasured() {
        String group = unique("group");
        observed.joinGroupCreate(group);
        observed.watchJoinGroup(group, e -> {});
        assertThat(meter("tooz.group.members", "group", group).gauge().value()).isEqualTo(1);
        other.joinGroup(group).get();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> meter("tooz.group.members", "group", group).gauge().value() == 2);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> registry.find("tooz.watch.event.delay")
                                .tag("type", "member_joined")
                                .timer()
                        != null);
        assertThat(meter("tooz.watch.event.delay", "type", "member_joined")
                        .timer()
                        .count())
                .isEqualTo(1);

        observed.watchElectedAsLeader(group, e -> {});
        await().atMost(Duration.ofSeconds(20))
                .until(() -> registry.find("tooz.leadership.gained")
                                .tag("group", group)
                                .counter()
                        != null);
        assertThat(meter("tooz.leadership.gained", "group", group).counter().count())
                .isEqualTo(1);
        assertThat(meter("tooz.leadership.leading", "group", group).gauge().value())
                .isEqualTo(1);
        assertThat(observed.standDownGroupLeader(group)).isTrue();
        assertThat(meter("tooz.leadership.lost", "group", group).counter().count())
                .isEqualTo(1);
        assertThat(meter("tooz.lock.held", "kind", "leader", "lock", group)
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void schedulerRunsAndClaimsCountUp() {
        String group = unique("scheduled");
        try (PeriodicScheduler scheduler = PeriodicScheduler.builder(observed, group)
                .task("a", Duration.ofMillis(500), run -> {})
                .task("b", Duration.ofMillis(500), run -> {})
                .build()) {
            metrics.bindScheduler(scheduler);
            scheduler.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meter("tooz.scheduler.runs", "group", group)
                                    .functionCounter()
                                    .count()
                            >= 4);
            double runs = meter("tooz.scheduler.runs", "group", group)
                    .functionCounter()
                    .count();
            assertThat(meter("tooz.scheduler.claims", "group", group)
                            .functionCounter()
                            .count())
                    .isGreaterThanOrEqualTo(runs);
            assertThat(meter("tooz.scheduler.run.duration", "group", group, "outcome", "success")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(4);
            assertThat(meter("tooz.scheduler.owned", "group", group).gauge().value())
                    .isEqualTo(2);
            assertThat(meter("tooz.scheduler.failed", "group", group)
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(meter("tooz.backend.request", "operation", "claim")
                            .timer()
                            .count())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void theConnectionIsConnectedWhileStarted() {
        assertThat(meter("tooz.connection.state", "state", "connected").gauge().value())
                .isEqualTo(1);
        assertThat(meter("tooz.connection.state", "state", "suspended").gauge().value())
                .isZero();
        observed.stop();
        assertThat(meter("tooz.connection.state", "state", "connected").gauge().value())
                .isZero();
        assertThat(meter("tooz.connection.transitions", "state", "closed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
