package io.tooz.hashring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Java-specific behaviour: validation, weights, builder, re-adding, returned collections, unsigned ordering. */
class HashRingApiTest {

    @Test
    void ringSizeIsPartitionsTimesTotalWeight() {
        HashRing ring = HashRing.builder().add("a").add("b", 2).add("c", 5).build();
        assertThat(ring.size()).isEqualTo(32 * 8);
        assertThat(ring.nodes()).containsExactly(Map.entry("a", 1), Map.entry("b", 2), Map.entry("c", 5));
        HashRing seven = HashRing.builder().partitions(7).add("a", 3).add("b").build();
        assertThat(seven.size()).isEqualTo(7 * 4);
        assertThat(seven.partitions()).isEqualTo(7);
    }

    @Test
    void weightsShareKeysProportionally() {
        HashRing ring = HashRing.builder().add("a", 1).add("b", 2).add("c", 3).build();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(ring.getNodes(Integer.toString(i)).iterator().next(), 1, Integer::sum);
        }
        // same as tooz: a=1590, b=3241, c=5169
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1590, "b", 3241, "c", 5169));
        assertThat(counts.get("c") / 10_000.0).isCloseTo(0.5, within(0.05));
    }

    @Test
    void builderMatchesMutableRing() {
        HashRing built = HashRing.builder().add("x", 2).add("y").build();
        HashRing grown = new HashRing();
        grown.addNode("x", 2);
        grown.addNode("y");
        for (int i = 0; i < 1000; i++) {
            String k = "k" + i;
            assertThat(built.getNodes(k, null, 2)).containsExactlyElementsOf(grown.getNodes(k, null, 2));
        }
    }

    @Test
    void reAddingReplacesWeight() {
        HashRing ring = new HashRing();
        ring.addNode("a");
        ring.addNode("a", 3);
        assertThat(ring.size()).isEqualTo(96);
        ring.addNode("a", 2); // tooz would keep 96 points (orphans); we replace
        assertThat(ring.size()).isEqualTo(64);
        assertThat(ring.nodes()).containsExactly(Map.entry("a", 2));
        ring.removeNode("a");
        assertThat(ring.size()).isZero();
        assertThat(ring.getNodes("k")).isEmpty();
    }

    @Test
    void validation() {
        HashRing ring = HashRing.of("a");
        assertThatThrownBy(() -> new HashRing(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> HashRing.builder().partitions(-3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> ring.addNode("b", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be >= 1, got 0");
        assertThatThrownBy(() -> ring.addNode(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.addNode("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.addNodes(List.of("ok", ""), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.addNode("big", Integer.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(Integer.MAX_VALUE));
        assertThatThrownBy(() -> ring.getNodes("k", null, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> HashRing.builder().add("a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ring.removeNode(null)).isInstanceOf(UnknownNodeException.class);
        assertThat(ring.nodes()).containsOnlyKeys("a"); // failed calls changed nothing
        assertThat(ring.size()).isEqualTo(32);
    }

    @Test
    void edgeCases() {
        assertThat(new HashRing().getNodes("k", Set.of("x"), 3)).isEmpty();
        HashRing ring = HashRing.of("a", "b");
        assertThat(ring.getNodes("k", null, 0)).isEmpty();
        assertThat(ring.getNodes("k", null, 99)).containsExactlyInAnyOrder("a", "b");
        assertThat(ring.getNodes("")).hasSize(1);
        assertThat(HashRing.of(List.of("a", "a", "b")).size()).isEqualTo(64);
    }

    @Test
    void stringOverloadsHashUtf8() {
        HashRing ring = HashRing.of("чупакабра-1", "чупакабра-2", "🦄");
        for (String k : List.of("ключ", "🦄 key", "", "plain")) {
            assertThat(ring.getNodes(k)).isEqualTo(ring.getNodes(k.getBytes(StandardCharsets.UTF_8)));
            assertThat(ring.getNodes(k, Set.of("🦄"), 2))
                    .containsExactlyElementsOf(ring.getNodes(k.getBytes(StandardCharsets.UTF_8), Set.of("🦄"), 2));
        }
    }

    @Test
    void returnedCollectionsAreUnmodifiable() {
        HashRing ring = HashRing.of("a", "b", "c");
        assertThatThrownBy(() -> ring.nodes().put("d", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ring.getNodes("k").clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ring.getNodes("k", Set.of(), 3).add("z"))
                .isInstanceOf(UnsupportedOperationException.class);
        Map<String, Integer> before = ring.nodes();
        ring.addNode("d");
        assertThat(before).doesNotContainKey("d");
        assertThat(ring.toString()).contains("points=128");
    }

    /** The two-long unsigned bisect must agree with a BigInteger bisect_right over random 128-bit values. */
    @Test
    void partitionMatchesBigIntegerBisectRight() {
        Random rnd = new Random(7);
        TreeMap<RingPoints.Point, String> ring = new TreeMap<>();
        TreeMap<BigInteger, Integer> reference = new TreeMap<>();
        long[] specials = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 500; i++) {
            long hi = i < 25 ? specials[i % 5] : rnd.nextLong();
            long lo = i < 25 ? specials[i / 5] : rnd.nextLong();
            ring.put(new RingPoints.Point(hi, lo), "n" + i);
        }
        RingPoints points = RingPoints.of(ring, Map.of());
        int idx = 0;
        for (RingPoints.Point p : ring.keySet()) {
            reference.put(big(p.hi(), p.lo()), idx++);
        }
        for (int i = 0; i < 20_000; i++) {
            long hi;
            long lo;
            if (i % 4 == 0) { // exactly a point
                RingPoints.Point p = ring.keySet().stream()
                        .skip(rnd.nextInt(ring.size()))
                        .findFirst()
                        .orElseThrow();
                hi = p.hi();
                lo = p.lo();
            } else {
                hi = i % 4 == 1 ? specials[rnd.nextInt(5)] : rnd.nextLong();
                lo = rnd.nextLong();
            }
            Map.Entry<BigInteger, Integer> higher = reference.higherEntry(big(hi, lo));
            int expected = higher == null ? 0 : higher.getValue();
            assertThat(points.partition(hi, lo)).as("hash %s", big(hi, lo)).isEqualTo(expected);
        }
    }

    private static BigInteger big(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }
}
