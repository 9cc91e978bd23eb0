package io.tooz.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.schedule.TaskRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Two application contexts of one service on one backend share a group: their {@link PeriodicTasks} split the tasks,
 * and when one stops, the other takes its tasks over with no {@code (task, period)} run twice and none missed. Each
 * backend's test extends this with its URL.
 */
abstract class TwoInstancesTest {
    static final int TASKS = 12;
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** The backend, without a query. */
    abstract String url();

    @Test
    void periodicTasksAreSharedAndHandedOverWithNoDuplicateAndNoMiss() {
        String group = "tasks-" + System.nanoTime();
        String[] props = {"tooz.url=" + url(), "test.group=" + group, "test.tasks=" + ids()};
        ConfigurableApplicationContext a = TestApp.start(Probes.class, with(props, "tooz.member-id=a-" + group));
        ConfigurableApplicationContext b;
        long together;
        try {
            b = TestApp.start(Probes.class, with(props, "tooz.member-id=b-" + group));
            together = periodNow();
            awaitPeriod(group, together + 2);
            assertThat(members(group, together + 1)).containsExactlyInAnyOrder("a-" + group, "b-" + group);
        } finally {
            a.close();
        }
        long alone = periodNow();
        try {
            awaitPeriod(group, alone + 2);
        } finally {
            b.close();
        }
        List<History.Entry> runs = History.of(group);
        Map<String, Long> twice =
                runs.stream().collect(Collectors.groupingBy(e -> e.task() + "@" + e.period(), Collectors.counting()));
        twice.values().removeIf(n -> n == 1);
        assertThat(twice).as("(task, period)s run more than once").isEmpty();
        TreeMap<Long, Set<String>> byPeriod = runs.stream()
                .collect(Collectors.groupingBy(
                        History.Entry::period,
                        TreeMap::new,
                        Collectors.mapping(History.Entry::task, Collectors.toSet())));
        Map<Long, Set<String>> middle =
                new HashMap<>(byPeriod.subMap(byPeriod.firstKey(), false, byPeriod.lastKey(), false));
        assertThat(middle).isNotEmpty();
        middle.forEach((period, tasks) ->
                assertThat(tasks).as("tasks run in period " + period).hasSize(TASKS));
        assertThat(members(group, alone + 2)).containsExactly("b-" + group);
        assertThat(runs).allSatisfy(e -> assertThat(e.token()).isPositive());
        assertThat(runs).noneMatch(e -> e.task().startsWith("wrong member"));
    }

    @Test
    void fleetOnceRunsEachTriggerOnceAcrossBothInstances() {
        String name = "fleet-" + System.nanoTime();
        String[] props = {"tooz.url=" + url(), "test.fleet=" + name};
        long begun = System.currentTimeMillis();
        try (ConfigurableApplicationContext a = TestApp.start(Fleet.class, with(props, "tooz.member-id=a-" + name));
                ConfigurableApplicationContext b =
                        TestApp.start(Fleet.class, with(props, "tooz.member-id=b-" + name))) {
            long both = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> History.of(name + "-cron").stream()
                                    .filter(e -> e.period() > both + 1000)
                                    .count()
                            >= 3);
        }
        for (String kind : List.of("-cron", "-rate", "-delay")) {
            List<History.Entry> runs = History.of(name + kind);
            assertThat(runs).as(kind).isNotEmpty();
            assertThat(runs.stream().map(History.Entry::period))
                    .as("triggers of " + kind + " run more than once")
                    .doesNotHaveDuplicates();
            assertThat(runs).allSatisfy(e -> assertThat(e.period()).isGreaterThan(begun - 60_000));
            // the fencing token rises with the trigger
            List<History.Entry> byTrigger = runs.stream()
                    .sorted(java.util.Comparator.comparingLong(History.Entry::period))
                    .toList();
            for (int i = 1; i < byTrigger.size(); i++) {
                assertThat(byTrigger.get(i).token())
                        .isGreaterThan(byTrigger.get(i - 1).token());
            }
        }
        // both instances fire every second: each cron trigger (each second) ran exactly once from start to end
        List<Long> seconds = History.of(name + "-cron").stream()
                .map(History.Entry::period)
                .sorted()
                .toList();
        for (int i = 1; i < seconds.size(); i++) {
            assertThat(seconds.get(i) - seconds.get(i - 1))
                    .as("seconds between cron triggers")
                    .isEqualTo(1000);
        }
    }

    static long periodNow() {
        return System.currentTimeMillis() / PERIOD.toMillis();
    }

    static void awaitPeriod(String key, long period) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> History.of(key).stream().anyMatch(e -> e.period() >= period));
    }

    /** The members that ran a task of {@code period} or a later one. */
    static Set<String> members(String key, long fromPeriod) {
        return History.of(key).stream()
                .filter(e -> e.period() >= fromPeriod)
                .map(History.Entry::member)
                .collect(Collectors.toSet());
    }

    static String ids() {
        return IntStream.rangeClosed(1, TASKS).mapToObj(i -> "probe-" + i).collect(Collectors.joining(","));
    }

    static String[] with(String[] props, String... more) {
        String[] all = new String[props.length + more.length];
        System.arraycopy(props, 0, all, 0, props.length);
        System.arraycopy(more, 0, all, props.length, more.length);
        return all;
    }

    @Configuration(proxyBeanMethods = false)
    static class Probes {
        @Bean
        ProbeBean probes(Coordinator coordinator, @Value("${test.group}") String group) {
            return new ProbeBean(coordinator, group);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Fleet {
        @Bean
        FleetBean fleetBean(@Value("${test.fleet}") String name) {
            return new FleetBean(name);
        }
    }

    static class FleetBean {
        private final String name;

        FleetBean(String name) {
            this.name = name;
        }

        @Scheduled(cron = "* * * * * *")
        @FleetOnce("${test.fleet}-cron")
        public void everySecond() {
            record("-cron");
        }

        @Scheduled(fixedRate = 300)
        @FleetOnce("${test.fleet}-rate")
        public void rate() {
            record("-rate");
        }

        @Scheduled(fixedDelay = 250)
        @FleetOnce("${test.fleet}-delay")
        public void delay() {
            record("-delay");
        }

        private void record(String kind) {
            FleetRun run = FleetRun.current();
            assertThat(run.name()).isEqualTo(name + kind);
            History.record(name + kind, run.name(), run.trigger().toEpochMilli(), run.memberId(), run.fencingToken());
        }
    }

    static class ProbeBean {
        private final Coordinator coordinator;
        private final String group;

        ProbeBean(Coordinator coordinator, String group) {
            this.coordinator = coordinator;
            this.group = group;
        }

        @PeriodicTasks(group = "${test.group}", period = "1s", ids = "${test.tasks}")
        void probe(String task, TaskRun run) {
            History.record(group, task, run.period(), run.memberId(), run.fencingToken());
            if (!run.memberId().equals(coordinator.memberId())) {
                History.record(group, "wrong member " + run.memberId(), run.period(), "", 0);
            }
        }
    }
}
