package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.hashring.HashRing;
import io.tooz.partition.Partitioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Python tooz 3.1.0's {@code HashRing} and {@code Partitioner} and Java's give the same owners for the same 10,000
 * keys, including members of both languages in one partitioned group on ZooKeeper.
 */
class ZooKeeperPartitionInteropTest extends ZooKeeperInteropFixture {
    static final int KEYS = 10_000;

    @Test
    void javaAndPythonPartitionersInOneGroupAgreeOnEveryOwner() {
        Coordinator javaA = java("java-a");
        Coordinator javaB = java("java-b");
        PythonPeer py = python("py-part");
        Partitioner a = javaA.joinPartitionedGroup("workers", 1, 32);
        py.call("join_partitioned_group", "group", "workers", "weight", 2);
        Partitioner b = javaB.joinPartitionedGroup("workers", 3, 32);

        Map<String, Integer> everyone = Map.of("java-a", 1, "java-b", 3, "py-part", 2);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(a.members()).isEqualTo(everyone);
            assertThat(b.members()).isEqualTo(everyone);
        });
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            py.call("run_watchers");
            assertThat(py.call("partition_members", "group", "workers"))
                    .isEqualTo(Map.of("java-a", 1L, "java-b", 3L, "py-part", 2L));
        });

        List<String> keys = keys();
        for (int replicas : new int[] {1, 2}) {
            List<?> python =
                    (List<?>) py.call("members_for_object", "group", "workers", "keys", keys, "replicas", replicas);
            assertSameOwners(
                    "Java partitioner of java-a, replicas=" + replicas,
                    keys,
                    python,
                    k -> a.membersForObject(k, Set.of(), replicas));
            assertSameOwners(
                    "Java partitioner of java-b, replicas=" + replicas,
                    keys,
                    python,
                    k -> b.membersForObject(k, Set.of(), replicas));
            assertThat(python.stream().map(o -> ((List<?>) o).size())).containsOnly(replicas);
        }
        // every member owns a share roughly proportional to its weight (weights 1:3:2 of 6)
        List<?> primary = (List<?>) py.call("members_for_object", "group", "workers", "keys", keys);
        Map<String, Integer> weights = Map.of("java-a", 1, "java-b", 3, "py-part", 2);
        weights.forEach((member, weight) -> assertThat(primary.stream()
                        .filter(o -> ((List<?>) o).contains(member))
                        .count())
                .as("keys owned by %s", member)
                .isBetween((long) (KEYS * weight / 6 * 0.5), (long) (KEYS * weight / 6 * 1.5)));
    }

    @Test
    void javaAndPythonHashRingsAgreeOnEveryOwner() {
        PythonPeer py = python("py-ring");
        Map<String, Integer> nodes = Map.of("alpha", 1, "beta", 3, "gamma", 2, "δέλτα-節点", 1);
        HashRing ring = HashRing.builder()
                .add("alpha", 1)
                .add("beta", 3)
                .add("gamma", 2)
                .add("δέλτα-節点", 1)
                .build();
        List<String> keys = keys();
        for (int replicas : new int[] {1, 2, 3}) {
            List<?> python =
                    (List<?>) py.call("hashring_get_nodes", "nodes", nodes, "keys", keys, "replicas", replicas);
            assertSameOwners("HashRing, replicas=" + replicas, keys, python, k -> ring.getNodes(k, Set.of(), replicas));
        }
        List<?> python = (List<?>)
                py.call("hashring_get_nodes", "nodes", nodes, "keys", keys, "replicas", 2, "ignore", List.of("beta"));
        assertSameOwners("HashRing ignoring beta", keys, python, k -> ring.getNodes(k, Set.of("beta"), 2));
        // tooz's own golden vectors, checked on the Python side so the peer is known to run the real algorithm
        assertThat(py.call(
                        "hashring_get_nodes",
                        "nodes",
                        Map.of("foo", 1, "bar", 1),
                        "keys",
                        List.of("fake", "fake-again")))
                .isEqualTo(List.of(List.of("foo"), List.of("bar")));
    }

    private static void assertSameOwners(
            String what, List<String> keys, List<?> python, Function<String, Set<String>> java) {
        assertThat(python).hasSize(keys.size());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> javaOwners = new ArrayList<>(new TreeSet<>(java.apply(keys.get(i))));
            if (!javaOwners.equals(python.get(i))) {
                mismatches.add(keys.get(i) + ": Java " + javaOwners + ", Python " + python.get(i));
            }
        }
        assertThat(mismatches.size())
                .as(
                        "%s: keys whose owners differ (of %d), first ones: %s",
                        what, keys.size(), mismatches.subList(0, Math.min(20, mismatches.size())))
                .isZero();
    }

    /** ASCII keys plus some that need more than one UTF-8 byte per character, including outside the BMP. */
    static List<String> keys() {
        List<String> keys = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            keys.add(
                    switch (i % 10) {
                        case 7 -> "ключ-" + i;
                        case 8 -> "\uD83D\uDD11/" + i + "/キー";
                        case 9 -> "object with spaces \"quoted\" \\ " + i;
                        default -> "key-" + i;
                    });
        }
        return keys;
    }
}
