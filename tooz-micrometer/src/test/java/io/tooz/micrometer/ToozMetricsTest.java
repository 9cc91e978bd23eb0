package io.tooz.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tooz.Coordinator;
import io.tooz.ToozConnectionException;
import io.tooz.internal.hooks.CoreHooks;
import io.tooz.schedule.PeriodicScheduler;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What {@link ToozMetrics} does beyond recording: naming the backend, dropping lock names, binding, failures. */
class ToozMetricsTest {
    private final String name = "metrics-" + UUID.randomUUID();
    private final String url = "memory://" + name;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void heal() {
        CoreHooks.setMemoryBackendAvailable(name, true);
    }

    @Test
    void theBackendTagIsTheSchemeAndNothingElseOfTheUrl() {
        assertThat(ToozMetrics.forUrl("zookeeper://u:secret@zk1:2181,zk2/chroot?timeout=5")
                        .backend())
                .isEqualTo("zookeeper");
        assertThat(ToozMetrics.forUrl("ETCD3+HTTP://h:2379").backend()).isEqualTo("etcd3+http");
        assertThat(new ToozMetrics("custom").backend()).isEqualTo("custom");
        assertThatThrownBy(() -> ToozMetrics.forUrl("secret-password@host:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("secret");
    }

    @Test
    void withoutLockNamesNoLockTagIsMade() {
        ToozMetrics metrics = ToozMetrics.forUrl(url).withoutLockNames();
        metrics.bindTo(registry);
        try (Coordinator c = Coordinator.builder(url).observer(metrics).build()) {
            c.start();
            for (int i = 0; i < 3; i++) {
                c.getLock("order-" + i).acquire().release();
            }
        }
        assertThat(registry.get("tooz.lock.acquire")
                        .tag("outcome", "acquired")
                        .timer()
                        .count())
                .isEqualTo(3);
        assertThat(registry.get("tooz.lock.held").timer().count()).isEqualTo(3);
        assertThat(registry.getMeters())
                .flatExtracting(m -> m.getId().getTags())
                .noneMatch(t -> t.getKey().equals("lock"));
    }

    @Test
    void eventsBeforeBindingAreDroppedAndEveryBoundRegistryRecords() {
        ToozMetrics metrics = ToozMetrics.forUrl(url);
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        try (Coordinator c = Coordinator.builder(url).observer(metrics).build()) {
            c.start();
            c.getLock("l").acquire().release();
            metrics.bindTo(registry);
            assertThat(registry.find("tooz.lock.acquire").timer()).isNull();
            assertThat(registry.get("tooz.connection.state")
                            .tag("state", "connected")
                            .gauge()
                            .value())
                    .as("gauges show the state, whenever bound")
                    .isEqualTo(1);
            c.getLock("l").acquire().release();
            metrics.bindTo(second);
            c.getLock("l").acquire().release();
        }
        assertThat(registry.get("tooz.lock.acquire").timer().count()).isEqualTo(2);
        assertThat(second.get("tooz.lock.acquire").timer().count()).isEqualTo(1);
        assertThat(second.get("tooz.lock.acquire").timer().getId().getTag("backend"))
                .isEqualTo("memory");
    }

    @Test
    void anOutageIsSeenInFailedAcquisitionsBackendErrorsAndTheConnectionState() {
        ToozMetrics metrics = ToozMetrics.forUrl(url);
        metrics.bindTo(registry);
        try (Coordinator c = Coordinator.builder(url).observer(metrics).build()) {
            c.start();
            CoreHooks.setMemoryBackendAvailable(name, false);
            assertThatThrownBy(() -> c.getLock("l").tryAcquire()).isInstanceOf(ToozConnectionException.class);
            assertThat(registry.get("tooz.lock.acquire")
                            .tag("outcome", "failed")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("tooz.backend.request")
                            .tags("operation", "acquire", "outcome", "error", "exception", "ToozConnectionException")
                            .timer()
                            .count())
                    .isEqualTo(1);
            assertThat(gauge("suspended")).isEqualTo(1);
            assertThat(gauge("connected")).isZero();
            CoreHooks.setMemoryBackendAvailable(name, true);
            c.getLock("l").acquire().release();
            assertThat(gauge("connected")).isEqualTo(1);
            assertThat(registry.get("tooz.connection.transitions")
                            .tag("state", "suspended")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(registry.get("tooz.connection.transitions")
                            .tag("state", "connected")
                            .counter()
                            .count())
                    .as("on start, and after the outage")
                    .isEqualTo(2);
        }
    }

    @Test
    void failedRunsAreCountedAndTimedAsErrors() {
        ToozMetrics metrics = ToozMetrics.forUrl(url);
        try (Coordinator c = Coordinator.builder(url).observer(metrics).build()) {
            c.start();
            try (PeriodicScheduler s = PeriodicScheduler.builder(c, "jobs")
                    .task("boom", Duration.ofMillis(200), run -> {
                        throw new IllegalStateException("boom");
                    })
                    .build()) {
                metrics.bindScheduler(s); // before binding to a registry
                metrics.bindTo(registry);
                s.start();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> registry.get("tooz.scheduler.failed")
                                        .tag("group", "jobs")
                                        .functionCounter()
                                        .count()
                                >= 2);
                assertThat(registry.get("tooz.scheduler.run.duration")
                                .tags("group", "jobs", "outcome", "error")
                                .timer()
                                .count())
                        .isGreaterThanOrEqualTo(1);
                assertThat(registry.get("tooz.scheduler.runs")
                                .tag("group", "jobs")
                                .functionCounter()
                                .count())
                        .isZero();
            }
        }
        assertThat(registry.getMeters()).extracting(Meter::getId).allSatisfy(id -> assertThat(id.getTag("backend"))
                .isEqualTo("memory"));
    }

    private double gauge(String state) {
        return registry.get("tooz.connection.state").tag("state", state).gauge().value();
    }
}
