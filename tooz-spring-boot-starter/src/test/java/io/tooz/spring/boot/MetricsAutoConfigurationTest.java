package io.tooz.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tooz.Coordinator;
import io.tooz.micrometer.ToozMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** With tooz-micrometer on the classpath the coordinator the starter builds feeds a {@link ToozMetrics} bean. */
class MetricsAutoConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ToozAutoConfiguration.class, ToozMetricsAutoConfiguration.class));

    @Test
    void lockAcquisitionsAreCountedWithTheBackendAndLockTags() {
        runner.withPropertyValues("tooz.url=memory://metrics-" + System.nanoTime())
                .run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(ToozMetrics.class).bindTo(registry);
                    Coordinator c = context.getBean(Coordinator.class);
                    c.getLock("invoices").acquire(Duration.ofSeconds(1)).release();

                    assertThat(registry.get("tooz.lock.acquire")
                                    .tags("backend", "memory", "lock", "invoices", "outcome", "acquired")
                                    .timer()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void lockNamesCanBeLeftOutOfTheTags() {
        runner.withPropertyValues("tooz.url=memory://metrics-" + System.nanoTime(), "tooz.metrics.lock-names=false")
                .run(context -> {
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(ToozMetrics.class).bindTo(registry);
                    context.getBean(Coordinator.class)
                            .getLock("order-4711")
                            .acquire(Duration.ofSeconds(1))
                            .release();

                    assertThat(registry.get("tooz.lock.acquire").timers())
                            .singleElement()
                            .satisfies(t -> assertThat(t.getId().getTag("lock")).isNull());
                });
    }

    @Test
    void noMetricsBeanWithoutAUrl() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ToozMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(ToozMetrics.class));
    }
}
