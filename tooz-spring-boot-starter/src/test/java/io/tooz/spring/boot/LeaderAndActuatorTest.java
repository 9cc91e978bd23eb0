package io.tooz.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.tck.Faults;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@link WhileLeader} work in two contexts on one memory backend, and the health and info contributors. */
class LeaderAndActuatorTest {
    static final Queue<String> EVENTS = new ConcurrentLinkedQueue<>();
    static final AtomicBoolean IGNORE_INTERRUPTS = new AtomicBoolean();

    @Test
    void leaderWorkRunsOnOneInstanceAndMovesWhenItsContextStops() {
        String backend = "memory://leader-" + System.nanoTime();
        String group = "leaders-" + System.nanoTime();
        String[] props = {"tooz.url=" + backend, "test.group=" + group};
        ConfigurableApplicationContext a = TestApp.start(Work.class, TwoInstancesTest.with(props, "tooz.member-id=a"));
        try (ConfigurableApplicationContext b =
                TestApp.start(Work.class, TwoInstancesTest.with(props, "tooz.member-id=b"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> EVENTS.contains("a method " + group));
            assertThat(EVENTS).contains("a lifecycle start " + group);
            assertThat(EVENTS).noneMatch(e -> e.startsWith("b "));
            Health up = health(a);
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("backend", "memory").containsEntry("memberId", "a");
            assertThat(up.getDetails().get("groups").toString()).contains(group).contains("leading=true");

            a.close();
            assertThat(EVENTS).contains("a method interrupted " + group, "a lifecycle stop " + group);
            await().atMost(Duration.ofSeconds(10)).until(() -> EVENTS.contains("b method " + group));
            assertThat(EVENTS).contains("b lifecycle start " + group);
            assertThat(health(b).getDetails().get("groups").toString()).contains("leading=true");
        } finally {
            a.close();
        }
    }

    @Test
    void leaderWorkThatIgnoresItsStopMakesTheInstanceOutOfService() {
        String backend = "memory://overrun-" + System.nanoTime();
        String group = "overrun-" + System.nanoTime();
        IGNORE_INTERRUPTS.set(true);
        try (ConfigurableApplicationContext a =
                TestApp.start(Work.class, "tooz.url=" + backend, "test.group=" + group, "tooz.member-id=a")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> EVENTS.contains("a method " + group));
            // alone, it contends again only after a back-off (2 s): meanwhile it leads nothing, and its work runs on
            assertThat(a.getBean(Coordinator.class).standDownGroupLeader(group)).isTrue();
            Health out = health(a);
            assertThat(out.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(out.getDetails().get("reason").toString()).contains("runs on after its leadership ended");
            IGNORE_INTERRUPTS.set(false);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> health(a).getStatus().equals(Status.UP));
        } finally {
            IGNORE_INTERRUPTS.set(false);
        }
    }

    @Test
    void healthIsDownWhileTheBackendIsUnreachableAndWhenStopped() {
        String name = "health-" + System.nanoTime();
        try (ConfigurableApplicationContext c =
                TestApp.start(TestApp.Nothing.class, "tooz.url=memory://" + name, "tooz.health.timeout=1s")) {
            assertThat(health(c).getStatus()).isEqualTo(Status.UP);
            Faults.setMemoryBackendAvailable(name, false);
            try {
                Health down = health(c);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsKey("error");
            } finally {
                Faults.setMemoryBackendAvailable(name, true);
            }
            assertThat(health(c).getStatus()).isEqualTo(Status.UP);
            c.getBean(Coordinator.class).stop();
            assertThat(health(c).getStatus()).isEqualTo(Status.DOWN);
            assertThat(health(c).getDetails()).containsEntry("coordinator", "stopped");
        }
    }

    @Test
    void infoNamesTheDriverWithoutThePassword() {
        try (ConfigurableApplicationContext c =
                TestApp.start(TestApp.Nothing.class, "tooz.url=memory://user:pw-secret@info", "tooz.member-id=m1")) {
            Info.Builder builder = new Info.Builder();
            c.getBean("toozInfoContributor", InfoContributor.class).contribute(builder);
            @SuppressWarnings("unchecked")
            Map<String, Object> tooz = (Map<String, Object>) builder.build().get("tooz");
            assertThat(tooz).containsEntry("driver", "memory").containsEntry("memberId", "m1");
            assertThat(tooz.get("characteristics").toString()).contains("DISTRIBUTED_ACROSS_THREADS");
            assertThat(tooz.toString()).doesNotContain("pw-secret");
        }
    }

    @Test
    void aLeaderLifecycleThatStartsWithTheContextIsRefused() {
        Throwable failure = catchThrowable(() ->
                TestApp.start(AutoStarting.class, "tooz.url=memory://refused").close());
        assertThat(failure).hasStackTraceContaining("isAutoStartup() is true");
    }

    private static Health health(ConfigurableApplicationContext c) {
        return c.getBean("toozHealthIndicator", HealthIndicator.class).health();
    }

    @Configuration(proxyBeanMethods = false)
    static class Work {
        @Bean
        LeaderMethod leaderMethod(@Value("${tooz.member-id}") String member) {
            return new LeaderMethod(member);
        }

        @Bean
        LeaderLifecycle leaderLifecycle(@Value("${tooz.member-id}") String member, @Value("${test.group}") String g) {
            return new LeaderLifecycle(member, g);
        }
    }

    static class LeaderMethod {
        private final String member;

        LeaderMethod(String member) {
            this.member = member;
        }

        @WhileLeader("${test.group}")
        void lead(Leadership leadership) {
            EVENTS.add(member + " method " + leadership.group());
            assertThat(leadership.term()).isPositive();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    EVENTS.add(member + " method interrupted " + leadership.group());
                    if (!IGNORE_INTERRUPTS.get()) {
                        return;
                    }
                }
                if (!leadership.isHeld() && !IGNORE_INTERRUPTS.get()) {
                    return;
                }
            }
        }
    }

    @WhileLeader("${test.group}")
    static class LeaderLifecycle implements SmartLifecycle {
        private final String member;
        private final String group;
        private volatile boolean running;

        LeaderLifecycle(String member, String group) {
            this.member = member;
            this.group = group;
        }

        @Override
        public void start() {
            running = true;
            EVENTS.add(member + " lifecycle start " + group);
        }

        @Override
        public void stop() {
            running = false;
            EVENTS.add(member + " lifecycle stop " + group);
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public boolean isAutoStartup() {
            return false;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AutoStarting {
        @Bean
        Starting starting() {
            return new Starting();
        }
    }

    @WhileLeader("g")
    static class Starting implements SmartLifecycle {
        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return false;
        }
    }
}
