package io.tooz.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.ToozConfigurationException;
import io.tooz.WatchMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class CoordinatorAutoConfigurationTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ToozAutoConfiguration.class));

    @Test
    void aStartedCoordinatorFromTheProperties() {
        runner.withPropertyValues(
                        "tooz.url=memory://auto-" + System.nanoTime(),
                        "tooz.member-id=worker-1",
                        "tooz.options.watch-interval=0.5")
                .run(context -> {
                    Coordinator c = context.getBean(Coordinator.class);
                    assertThat(c.isStarted()).isTrue();
                    assertThat(c.memberId()).isEqualTo("worker-1");
                    assertThat(context.getBean(CoordinatorLifecycle.class).isRunning())
                            .isTrue();
                });
    }

    @Test
    void theDefaultMemberIdNamesTheApplicationHostAndProcess() {
        runner.withPropertyValues("tooz.url=memory://ids", "spring.application.name=billing")
                .run(context -> assertThat(context.getBean(Coordinator.class).memberId())
                        .startsWith("billing-")
                        .contains("-" + ProcessHandle.current().pid())
                        .matches("[A-Za-z0-9._-]+"));
    }

    @Test
    void optionNamesWrittenWithDashesTakeUnderscores() {
        assertThat(Coordinators.optionNames(java.util.Map.of("lock-timeout", "5")))
                .containsEntry("lock_timeout", "5");
    }

    @Test
    void closingTheContextLeavesGroupsAndStopsTheCoordinator() {
        String url = "memory://close-" + System.nanoTime();
        try (Coordinator other = Coordinator.builder(url).memberId("other").build()) {
            other.start();
            other.joinGroupCreate("g");
            Coordinator[] seen = new Coordinator[1];
            runner.withPropertyValues("tooz.url=" + url, "tooz.member-id=leaving")
                    .run(context -> {
                        seen[0] = context.getBean(Coordinator.class);
                        seen[0].joinGroupCreate("g");
                        assertThat(other.getMembers("g").get(Duration.ofSeconds(5)))
                                .contains("leaving");
                    });
            assertThat(seen[0].isStarted()).isFalse();
            assertThat(other.getMembers("g").get(Duration.ofSeconds(5))).containsExactly("other");
        }
    }

    @Test
    void customizersShapeTheBuilderBeforeItBuilds() {
        runner.withPropertyValues("tooz.url=memory://custom")
                .withUserConfiguration(Customized.class)
                .run(context -> {
                    assertThat(context.getBean(Coordinator.class).memberId()).isEqualTo("from-customizer");
                    assertThat(context.getBean(Customized.class).seen).isEqualTo(1);
                });
    }

    @Test
    void aWatchModeIsBound() {
        runner.withPropertyValues("tooz.url=memory://manual", "tooz.watch-mode=manual")
                .run(context -> assertThat(context.getBean(ToozProperties.class).watchMode())
                        .isEqualTo(WatchMode.MANUAL));
    }

    @Test
    void withoutAUrlTheContextFailsSayingWhatToSet() {
        runner.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("tooz.url is not set"));
    }

    @Test
    void anApplicationCoordinatorWins() {
        runner.withPropertyValues("tooz.url=memory://ignored")
                .withUserConfiguration(OwnCoordinator.class)
                .run(context -> assertThat(context.getBean(Coordinator.class).memberId())
                        .isEqualTo("own"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Customized {
        int seen;

        @Bean
        ToozCoordinatorCustomizer renaming() {
            return (CoordinatorBuilder builder) -> {
                seen++;
                builder.memberId("from-customizer");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnCoordinator {
        @Bean(destroyMethod = "close")
        Coordinator own() {
            Coordinator c = Coordinator.builder("memory://own").memberId("own").build();
            c.start();
            return c;
        }
    }
}
