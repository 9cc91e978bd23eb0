package io.tooz.spring.boot;

import io.tooz.Coordinator;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code tooz} info contributor, when actuator is on the classpath; {@code
 * management.info.tooz.enabled=false} turns it off.
 */
@AutoConfiguration(after = ToozAutoConfiguration.class)
@ConditionalOnClass({Coordinator.class, InfoContributor.class, ConditionalOnEnabledInfoContributor.class})
@ConditionalOnBean(Coordinator.class)
@ConditionalOnEnabledInfoContributor("tooz")
public final class ToozInfoContributorAutoConfiguration {

    ToozInfoContributorAutoConfiguration() {}

    @Bean
    @ConditionalOnMissingBean(name = "toozInfoContributor")
    InfoContributor toozInfoContributor(Coordinator coordinator, ToozProperties properties) {
        return new ToozInfoContributor(coordinator, properties);
    }
}
