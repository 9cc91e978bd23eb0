package io.tooz.hashring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Replays {@code golden.tsv}, produced by Python tooz's own {@code HashRing} (see {@code gen_golden.py} next to it),
 * and checks that every lookup gives the same node set.
 */
class HashRingGoldenTest {

    @Test
    void matchesPythonTooz() throws IOException {
        Map<String, HashRing> rings = new HashMap<>();
        int checked = 0;
        SoftAssertions softly = new SoftAssertions();
        try (InputStream in = HashRingGoldenTest.class.getResourceAsStream("golden.tsv")) {
            assertThat(in).as("golden.tsv on the test classpath").isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f[0].equals("r")) {
                    HashRing ring = build(Integer.parseInt(f[2]), f[3]);
                    softly.assertThat(ring.size()).as("size of ring %s", f[1]).isEqualTo(Integer.parseInt(f[4]));
                    rings.put(f[1], ring);
                } else {
                    assertThat(f).as(line).hasSize(6);
                    Set<String> got = rings.get(f[1]).getNodes(key(f[2]), names(f[4]), Integer.parseInt(f[3]));
                    softly.assertThat(got).as(line).isEqualTo(names(f[5]));
                    checked++;
                }
            }
        }
        softly.assertAll();
        assertThat(rings).hasSize(6);
        assertThat(checked).isGreaterThan(6000);
        System.out.println("HashRingGoldenTest: " + checked + " golden lookups match Python tooz");
    }

    private static HashRing build(int partitions, String ops) {
        HashRing ring = new HashRing(partitions);
        for (String op : ops.split(";")) {
            if (op.startsWith("+")) {
                int eq = op.lastIndexOf('=');
                ring.addNode(op.substring(1, eq), Integer.parseInt(op.substring(eq + 1)));
            } else {
                ring.removeNode(op.substring(1));
            }
        }
        return ring;
    }

    private static byte[] key(String field) {
        if (field.startsWith("s:")) {
            return field.substring(2).getBytes(StandardCharsets.UTF_8);
        }
        return HexFormat.of().parseHex(field.substring(2));
    }

    private static Set<String> names(String field) {
        return field.isEmpty() ? Set.of() : Set.of(field.split(","));
    }
}
