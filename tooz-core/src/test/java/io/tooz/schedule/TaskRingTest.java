package io.tooz.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tooz.ToozConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TaskRingTest {
    private static List<String> members(int n) {
        return IntStream.range(0, n).mapToObj(i -> "worker-" + i).toList();
    }

    private static List<String> hosts(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> "127.0.0." + i).toList();
    }

    private static Map<String, Integer> loads(Map<String, String> assignment) {
        Map<String, Integer> out = new HashMap<>();
        assignment.values().forEach(m -> out.merge(m, 1, Integer::sum));
        return out;
    }

    private static long moved(Map<String, String> before, Map<String, String> after) {
        return before.keySet().stream()
                .filter(t -> !before.get(t).equals(after.get(t)))
                .count();
    }

    @Test
    void theBusiestOfSixWorkersCarriesAtMost115PercentOfTheMeanWith255Tasks() {
        List<String> tasks = IntStream.range(0, 255).mapToObj(i -> "task-" + i).toList();
        for (int fleet = 0; fleet < 50; fleet++) {
            int f = fleet;
            List<String> six =
                    IntStream.range(0, 6).mapToObj(i -> "fleet" + f + "-w" + i).toList();
            Map<String, String> a = TaskRing.of(six).assign(tasks);
            assertThat(a).hasSize(255);
            assertThat((double) Collections.max(loads(a).values()))
                    .as("fleet %d: busiest against the mean 42.5", fleet)
                    .isLessThanOrEqualTo(1.15 * 255 / 6);
        }
    }

    @Test
    void boundedLoadsHoldForManyShapes() {
        for (int n = 1; n <= 12; n++) {
            for (int t : new int[] {1, 7, 100, 254, 1000}) {
                Map<String, String> a = TaskRing.of(members(n)).assign(hosts(t));
                assertThat(a).hasSize(t).doesNotContainValue(null);
                double share = (double) t / n;
                int cap = (int) Math.max(Math.ceil(share), Math.floor(1.15 * share + 1e-9));
                assertThat(Collections.max(loads(a).values()))
                        .as("%d members, %d tasks", n, t)
                        .isLessThanOrEqualTo(cap);
            }
        }
    }

    @Test
    void aJoinOrLeaveMovesCloseToTheIdealShareOf10000Tasks() {
        List<String> tasks =
                IntStream.range(0, 10_000).mapToObj(i -> "task-" + i).toList();
        Map<String, String> six = TaskRing.of(members(6)).assign(tasks);
        Map<String, String> seven = TaskRing.of(members(7)).assign(tasks);
        Map<String, String> five = TaskRing.of(members(5)).assign(tasks);
        assertThat((double) moved(six, seven)).as("join 6 -> 7").isLessThanOrEqualTo(1.1 * 10_000 / 7);
        assertThat((double) moved(six, five)).as("leave 6 -> 5").isLessThanOrEqualTo(1.1 * 10_000 / 6);
        for (int fleet = 0; fleet < 20; fleet++) {
            int f = fleet;
            List<String> names =
                    IntStream.range(0, 7).mapToObj(i -> "f" + f + "-w" + i).toList();
            Map<String, String> before = TaskRing.of(names.subList(0, 6)).assign(tasks);
            Map<String, String> after = TaskRing.of(names).assign(tasks);
            assertThat((double) moved(before, after))
                    .as("fleet %d: a 7th member joins", fleet)
                    .isLessThanOrEqualTo(1.1 * 10_000 / 7);
        }
    }

    @Test
    void theAssignmentDependsOnlyOnMembersAndTasks() {
        List<String> m = new ArrayList<>(members(5));
        Map<String, String> a = TaskRing.of(m).assign(hosts(254));
        Collections.reverse(m);
        List<String> reversed = new ArrayList<>(hosts(254));
        Collections.reverse(reversed);
        Map<String, String> b = TaskRing.of(m).assign(reversed);
        assertThat(b).isEqualTo(a);
        assertThat(TaskRing.of(List.of()).assign(hosts(3))).isEmpty();
    }

    @Test
    void weightsGiveProportionalShares() {
        Map<String, String> a = new TaskRing(Map.of("big", 3, "small", 1), 256, 1.15).assign(hosts(254));
        assertThat(loads(a).get("big")).isBetween(170, 219);
        assertThat(loads(a).get("small")).isBetween(40, 73);
    }

    @Test
    void badParametersAreRefusedWithTheValue() {
        assertThatThrownBy(() -> new TaskRing(Map.of("a", 1), 0, 1.15))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> new TaskRing(Map.of("a", 1), 256, 0.9))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("0.9");
        assertThatThrownBy(() -> new TaskRing(Map.of("a", 0), 256, 1.15))
                .isInstanceOf(ToozConfigurationException.class)
                .hasMessageContaining("weight of a");
    }
}
