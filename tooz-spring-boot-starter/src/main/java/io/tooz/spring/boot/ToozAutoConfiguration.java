package io.tooz.spring.boot;

import io.tooz.Coordinator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of a started {@link Coordinator} from {@code tooz.*} ({@link ToozProperties}), stopped with the
 * context, unless the application defines its own coordinator bean.
 */
@AutoConfiguration
@ConditionalOnClass(Coordinator.class)
@EnableConfigurationProperties(ToozProperties.class)
public final class ToozAutoConfiguration {

    ToozAutoConfiguration() {}

    /**
     * The coordinator, started: a bad URL or a backend that cannot be reached fails the context's start with the
     * library's {@link io.tooz.ToozException}.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Coordinator toozCoordinator(
            ToozProperties properties, Environment environment, ObjectProvider<ToozCoordinatorCustomizer> hooks) {
        String application = environment.getProperty("spring.application.name", "application");
        return Coordinators.started(
                properties, application, hooks.orderedStream().toList());
    }

    /** Runs {@link FleetOnce} methods at most once per trigger across the fleet. */
    @Bean
    static FleetOncePostProcessor toozFleetOnce(ObjectProvider<Coordinator> coordinator) {
        return new FleetOncePostProcessor(coordinator);
    }

    /** Runs the {@link PeriodicTasks} methods' schedulers. */
    @Bean
    static PeriodicTasksRegistrar toozPeriodicTasks(
            ObjectProvider<Coordinator> coordinator,
            ObjectProvider<ToozProperties> properties,
            ObjectProvider<ToozSchedulerCustomizer> customizers) {
        return new PeriodicTasksRegistrar(coordinator, properties, customizers);
    }

    /** Runs {@link WhileLeader} work while this instance leads its group. */
    @Bean
    static LeaderRegistrar toozLeaderWork(
            ObjectProvider<Coordinator> coordinator, ObjectProvider<ToozProperties> properties) {
        return new LeaderRegistrar(coordinator, properties);
    }

    @Bean
    @ConditionalOnBean(Coordinator.class)
    @ConditionalOnMissingBean(name = "toozCoordinatorLifecycle")
    CoordinatorLifecycle toozCoordinatorLifecycle(Coordinator coordinator, ToozProperties properties) {
        return new CoordinatorLifecycle(coordinator, properties.url());
    }
}
