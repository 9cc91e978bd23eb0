package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.hashring.HashRing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashringCommandTest {

    @Test
    void printsKeyTabSortedNodesPerLine() {
        Cli.Result r = Cli.runWithInput(
                "alpha\nbeta\n\ngamma\r\nδέλτα\n", "hashring", "--nodes", "n1,n2,n3", "--replicas", "2");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).isEmpty();
        HashRing ring = HashRing.of("n1", "n2", "n3");
        List<String> expected = new ArrayList<>();
        for (String key : List.of("alpha", "beta", "gamma", "δέλτα")) {
            List<String> nodes = new ArrayList<>(ring.getNodes(key.getBytes(StandardCharsets.UTF_8), Set.of(), 2));
            nodes.sort(null);
            expected.add(key + "\t" + String.join(",", nodes));
        }
        assertThat(r.out().lines()).containsExactlyElementsOf(expected);
        assertThat(r.out().lines()).allMatch(l -> l.matches("[^\t]+\tn[123],n[123]"));
    }

    @Test
    void weightsIgnoreAndPartitionsChangeTheRing() {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            keys.append("key-").append(i).append('\n');
        }
        Cli.Result weighted = Cli.runWithInput(keys.toString(), "hashring", "--nodes=a,b,c", "--weights", "a=5,b=1");
        assertThat(weighted.exit()).as(weighted.toString()).isZero();
        long ownedByA = weighted.out().lines().filter(l -> l.endsWith("\ta")).count();
        assertThat(ownedByA).isGreaterThan(150); // weight 5 of 7

        HashRing ring =
                HashRing.builder().partitions(8).add("a", 5).add("b").add("c").build();
        Cli.Result ignored = Cli.runWithInput(
                keys.toString(), "hashring", "--nodes=a,b,c", "--weights=a=5,b=1", "--partitions=8", "--ignore=a");
        assertThat(ignored.out().lines()).hasSize(300).allSatisfy(line -> {
            String key = line.substring(0, line.indexOf('\t'));
            String node = ring.getNodes(key.getBytes(StandardCharsets.UTF_8), Set.of("a"), 1)
                    .iterator()
                    .next();
            assertThat(line).isEqualTo(key + "\t" + node);
        });
    }

    @Test
    void moreReplicasThanNodesGivesEveryCandidateLikePython() {
        Cli.Result r = Cli.runWithInput("k\n", "hashring", "--nodes", "a,b,c", "--replicas", "5", "--ignore", "b");
        assertThat(r.out()).isEqualTo("k\ta,c\n");
    }

    @Test
    void jsonLines() {
        Cli.Result r = Cli.runWithInput("k\n", "hashring", "--nodes", "a", "--json");
        assertThat(r.out()).isEqualTo("{\"key\":\"k\",\"nodes\":[\"a\"]}\n");
    }

    @Test
    void sortsNodesByCodePointLikePython() {
        // U+FF5E sorts before U+1F600 by code point, after it by UTF-16 unit.
        assertThat(HashringCommand.CODE_POINT_ORDER.compare("\uff5e", "\ud83d\ude00"))
                .isNegative();
        assertThat(HashringCommand.CODE_POINT_ORDER.compare("a", "ab")).isNegative();
        assertThat(HashringCommand.CODE_POINT_ORDER.compare("b", "b")).isZero();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(Cli.run("hashring").exit()).isEqualTo(2);
        Cli.Result unknownWeight = Cli.run("hashring", "--nodes", "a,b", "--weights", "c=2");
        assertThat(unknownWeight.exit()).isEqualTo(2);
        assertThat(unknownWeight.err()).contains("--weights names c, which is not in --nodes");
        assertThat(Cli.run("hashring", "--nodes", "a", "--weights", "a=0").exit())
                .isEqualTo(2);
        assertThat(Cli.run("hashring", "--nodes", "a", "--weights", "a=x").exit())
                .isEqualTo(2);
        assertThat(Cli.run("hashring", "--nodes", "a", "--replicas", "-1").exit())
                .isEqualTo(2);
        assertThat(Cli.run("hashring", "--nodes", "a", "--partitions", "0").exit())
                .isEqualTo(2);
        assertThat(Cli.run("hashring", "--nodes", "a,,b").exit()).isEqualTo(2);
    }
}
