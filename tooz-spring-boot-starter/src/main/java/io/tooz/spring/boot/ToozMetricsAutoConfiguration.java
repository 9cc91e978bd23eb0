package io.tooz.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.tooz.Coordinator;
import io.tooz.micrometer.ToozMetrics;
import io.tooz.schedule.PeriodicScheduler;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of tooz's meters when {@code tooz-micrometer} and Micrometer are on the classpath: a {@link
 * ToozMetrics} bean (a {@code MeterBinder}, which Spring Boot binds to every {@link MeterRegistry} of the
 * application) observing the coordinator, and binding each {@link PeriodicTasks} scheduler once it starts. Before
 * {@link ToozAutoConfiguration}, so the observer is in place when the coordinator is built.
 */
@AutoConfiguration(before = ToozAutoConfiguration.class)
@ConditionalOnClass({Coordinator.class, ToozMetrics.class, MeterRegistry.class})
@ConditionalOnProperty(prefix = "tooz", name = "url")
public final class ToozMetricsAutoConfiguration {

    ToozMetricsAutoConfiguration() {}

    /** The meters, tagged {@code backend} with the URL's scheme (nothing else of the URL). */
    @Bean
    @ConditionalOnMissingBean
    ToozMetrics toozMetrics(ToozProperties properties) {
        ToozMetrics metrics = ToozMetrics.forUrl(java.util.Objects.requireNonNull(properties.url(), "tooz.url"));
        return properties.metrics().lockNames() ? metrics : metrics.withoutLockNames();
    }

    /** Makes the meters observe the coordinator the starter builds. */
    @Bean
    ToozCoordinatorCustomizer toozMetricsObserver(ToozMetrics metrics) {
        return builder -> builder.observer(metrics);
    }

    /** Binds each {@link PeriodicTasks} group's scheduler to the meters once it has started. */
    @Bean
    ToozSchedulerCustomizer toozSchedulerMetrics(ToozMetrics metrics) {
        return new ToozSchedulerCustomizer() {
            @Override
            public void started(PeriodicScheduler scheduler) {
                metrics.bindScheduler(scheduler);
            }
        };
    }
}
