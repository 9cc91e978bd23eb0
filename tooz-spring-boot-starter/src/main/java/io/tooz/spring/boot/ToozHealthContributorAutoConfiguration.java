package io.tooz.spring.boot;

import io.tooz.Coordinator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tooz} health contributor, when Spring Boot's health module is on the classpath;
 * {@code management.health.tooz.enabled=false} turns it off.
 */
@AutoConfiguration(after = ToozAutoConfiguration.class)
@ConditionalOnClass({Coordinator.class, HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Coordinator.class)
@ConditionalOnEnabledHealthIndicator("tooz")
public final class ToozHealthContributorAutoConfiguration {

    ToozHealthContributorAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean(name = {"toozHealthIndicator", "toozHealthContributor"})
    HealthIndicator toozHealthIndicator(
            Coordinator coordinator, ToozProperties properties, PeriodicTasksRegistrar tasks, LeaderRegistrar leaders) {
        return new ToozHealthIndicator(coordinator, properties, tasks, leaders);
    }
}
