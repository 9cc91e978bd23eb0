package io.tooz.hashring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Port of tooz {@code tests/test_hashring.py} plus the golden vectors of the design notes (§1.12, §4.9). */
class HashRingTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- golden vectors ---

    @Test
    void pointsOfFooAreCumulativeMd5Digests() {
        long[] points = Md5.nodePoints(b("foo"), 3);
        List<String> hex = new ArrayList<>();
        for (int i = 0; i < points.length; i += 2) {
            hex.add(HexFormat.of().toHexDigits(points[i]) + HexFormat.of().toHexDigits(points[i + 1]));
        }
        assertThat(hex)
                .containsExactly(
                        "fdba98970961edb29f88241b9d99d890", // md5("foofoo"), md5("foo") is never a point
                        "216d7c020d0732def6775af81f6dc44f", // md5("foofoofoo")
                        "9b0a4d70193f8a2025dacee027bcfd5b");
    }

    @Test
    void goldenLookupsTwoNodes() {
        HashRing ring = HashRing.of("foo", "bar");
        assertThat(ring.getNodes(b("fake"))).containsExactly("foo");
        assertThat(ring.getNodes(b("fake-again"))).containsExactly("bar");
    }

    @Test
    void goldenWalkOrderThreeNodes() {
        HashRing ring = HashRing.of("foo", "bar", "baz");
        assertThat(ring.getNodes(b("fake"), Set.of(), 3)).containsExactly("foo", "bar", "baz");
        assertThat(ring.getNodes(b("fake-again"), Set.of(), 3)).containsExactly("bar", "baz", "foo");
        assertThat(ring.getNodes(b("fake"), Set.of("baz"), 1)).containsExactly("foo");
    }

    @Test
    void goldenObject42() {
        assertThat(HashRing.of("m1", "m2", "m3").getNodes("42")).containsExactly("m2");
    }

    @Test
    void hashEqualToPointMapsToNextPoint() {
        // md5("foo" * 5) is foo's 4th point exactly; bisect_right picks the next point, owned by baz.
        HashRing ring = HashRing.of("foo", "bar", "baz");
        assertThat(ring.getNodes("foo".repeat(5))).containsExactly("baz");
        assertThat(ring.getNodes("bar".repeat(3))).containsExactly("foo");
        assertThat(ring.getNodes("foo".repeat(2))).containsExactly("foo");
    }

    // --- port of test_hashring.py ---

    @Test
    void hash2intUsesPartitionsDigestsPerNode() { // test_hash2int_returns_int
        HashRing ring = HashRing.of("foo", "bar");
        assertThat(ring.size()).isEqualTo(64);
        assertThat(Md5.nodePoints(b("foo"), 32)).hasSize(64);
    }

    @Test
    void createRing() {
        HashRing ring = HashRing.of(Set.of("foo", "bar"));
        assertThat(ring.nodes().keySet()).containsExactlyInAnyOrder("foo", "bar");
        assertThat(ring.size()).isEqualTo(32 * 2);
    }

    // test_wrong_hash_function: not applicable, only MD5 is supported (no hash function parameter).

    @Test
    void addNode() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.addNode("baz");
        assertThat(ring.nodes().keySet()).containsExactlyInAnyOrder("foo", "bar", "baz");
        assertThat(ring.size()).isEqualTo(32 * 3);
    }

    @Test
    void addNodeBinaryLooking() { // test_add_node_bytes; non-UTF-8 byte names cannot be expressed as String
        HashRing ring = HashRing.of("foo", "bar");
        String node = "Z\u00e2\u00fa\u0090\u0017EC\u00ac\u00ae\u0088\u00a7[\u00a1}:E";
        ring.addNode(node);
        assertThat(ring.nodes().keySet()).containsExactlyInAnyOrder("foo", "bar", node);
        assertThat(ring.size()).isEqualTo(32 * 3);
    }

    @Test
    void addNodeUnicode() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.addNode("\u0634\u0628\u06a9\u0647");
        assertThat(ring.nodes()).containsKey("\u0634\u0628\u06a9\u0647").hasSize(3);
        assertThat(ring.size()).isEqualTo(32 * 3);
    }

    @Test
    void addNodeWeight() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.addNode("baz", 10);
        assertThat(ring.nodes()).containsEntry("baz", 10).containsEntry("foo", 1);
        assertThat(ring.size()).isEqualTo(32 * 12);
    }

    @Test
    void addNodesWeight() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.addNodes(Set.of("baz", "baz2"), 10);
        assertThat(ring.nodes().keySet()).containsExactlyInAnyOrder("foo", "bar", "baz", "baz2");
        assertThat(ring.size()).isEqualTo(32 * 22);
    }

    @Test
    void removeNode() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.removeNode("bar");
        assertThat(ring.nodes().keySet()).containsExactly("foo");
        assertThat(ring.size()).isEqualTo(32);
        assertThat(ring.getNodes("fake-again")).containsExactly("foo");
    }

    @Test
    void removeNodeBinaryLooking() { // test_remove_node_bytes
        String node = "Z\u00e2\u00fa\u0090\u0017EC\u00ac\u00ae\u0088\u00a7[\u00a1}:E";
        HashRing ring = HashRing.of("foo", node);
        assertThat(ring.size()).isEqualTo(64);
        ring.removeNode(node);
        assertThat(ring.nodes().keySet()).containsExactly("foo");
        assertThat(ring.size()).isEqualTo(32);
    }

    @Test
    void removeNodeUnknown() {
        HashRing ring = HashRing.of("foo", "bar");
        assertThatThrownBy(() -> ring.removeNode("biz"))
                .isInstanceOf(UnknownNodeException.class)
                .isInstanceOf(io.tooz.ToozException.class)
                .hasMessage("Unknown node `biz'")
                .satisfies(e -> assertThat(((UnknownNodeException) e).node()).isEqualTo("biz"));
        assertThat(ring.size()).isEqualTo(64);
    }

    @Test
    void addThenRemoveNode() {
        HashRing ring = HashRing.of("foo", "bar");
        ring.addNode("baz");
        assertThat(ring.size()).isEqualTo(96);
        ring.removeNode("bar");
        assertThat(ring.nodes().keySet()).containsExactlyInAnyOrder("foo", "baz");
        assertThat(ring.size()).isEqualTo(64);
    }

    @Test
    void distributionOneReplica() {
        HashRing ring = HashRing.of("foo", "bar", "baz");
        Set<String> one = ring.getNodes(b("fake"));
        Set<String> two = ring.getNodes(b("fake-again"));
        assertThat(one).hasSize(1);
        assertThat(two).hasSize(1);
        assertThat(one).isNotEqualTo(two);
    }

    @Test
    void distributionMoreReplica() {
        HashRing ring = HashRing.of("foo", "bar", "baz");
        assertThat(ring.getNodes(b("fake"), null, 2)).hasSize(2);
        assertThat(ring.getNodes(b("fake-again"), null, 2)).hasSize(2);
        Set<String> one = ring.getNodes(b("fake"), null, 3);
        Set<String> two = ring.getNodes(b("fake-again"), null, 3);
        assertThat(one).hasSize(3).isEqualTo(two);
    }

    @Test
    void ignoreNodes() {
        HashRing ring = HashRing.of("foo", "bar", "baz");
        assertThat(ring.getNodes(b("fake"), Set.of("foo"), 1)).isIn(Set.of("bar"), Set.of("baz"));
        assertThat(ring.getNodes(b("fake"), Set.of("foo", "bar"), 1)).isIn(Set.of("bar"), Set.of("baz"));
        assertThat(ring.getNodes(b("fake"), Set.of("foo", "bar", "baz"), 1)).isEmpty();
        assertThat(ring.getNodes(b("fake"), Set.of("foo", "bar", "baz"), 3)).isEmpty();
    }

    @Test
    void ignoreNonExistentNode() {
        assertThat(HashRing.of("foo", "bar").getNodes(b("fake"), Set.of("baz"), 1))
                .containsExactly("foo");
    }

    /**
     * tooz's version of these two tests is vacuous (its {@code _compare_rings} keys every mapping by the literal
     * {@code 'node'}, so at most one key is ever compared); this compares all 10,000 keys.
     */
    @Test
    void rebalanceStabilityJoin() {
        List<String> services = services(10);
        List<String> grown = new ArrayList<>(services);
        grown.add("new");
        int moved = moved(HashRing.of(services), HashRing.of(grown));
        assertThat(moved).isLessThan(10_000 / 10).isGreaterThan(0);
    }

    @Test
    void rebalanceStabilityLeave() {
        List<String> services = services(10);
        int moved = moved(HashRing.of(services), HashRing.of(services.subList(0, 9)));
        assertThat(moved).isLessThan(10_000 / 9).isGreaterThan(0);
    }

    private static List<String> services(int n) {
        return IntStream.range(0, n).mapToObj(Integer::toString).collect(Collectors.toList());
    }

    private static int moved(HashRing before, HashRing after) {
        int moved = 0;
        for (int i = 0; i < 10_000; i++) {
            if (!before.getNodes(Integer.toString(i)).equals(after.getNodes(Integer.toString(i)))) {
                moved++;
            }
        }
        return moved;
    }
}
