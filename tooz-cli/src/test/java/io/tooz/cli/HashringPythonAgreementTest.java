package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tooz hashring} must print exactly what Python tooz's {@code HashRing.get_nodes} gives, for random keys
 * (including non-ASCII ones), weights, replicas and ignore sets. Uses Debian's python3-tooz through /usr/bin/python3
 * (the python3 on PATH may be another interpreter without tooz).
 */
class HashringPythonAgreementTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String MISSING = "python3-tooz is missing: run scripts/backends.sh up python";

    /** Reads the case (UTF-8 file, one parameter a line; non-ASCII argv is locale-dependent) and keys and keys from stdin split on b'\n'; prints key TAB sorted nodes. */
    private static final String SCRIPT = String.join(
            "\n",
            "import sys",
            "from tooz import hashring",
            "with open(sys.argv[1], encoding='utf-8') as f:",
            "    nodes, weights, replicas, ignore, partitions = f.read().split('\\n')[:5]",
            "ring = hashring.HashRing([], partitions=int(partitions))",
            "w = dict(kv.split('=') for kv in weights.split(',') if kv)",
            "for n in nodes.split(','):",
            "    ring.add_node(n, weight=int(w.get(n, 1)))",
            "ignore = set(i for i in ignore.split(',') if i)",
            "out = []",
            "for key in sys.stdin.buffer.read().split(b'\\n'):",
            "    if key:",
            "        owners = ring.get_nodes(key, ignore_nodes=ignore, replicas=int(replicas))",
            "        out.append(key + b'\\t' + ','.join(sorted(owners)).encode('utf-8') + b'\\n')",
            "sys.stdout.buffer.write(b''.join(out))",
            "");

    @TempDir
    static Path tmp;

    private static Path script;

    @BeforeAll
    static void requirePythonTooz() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, "-c", "import tooz.hashring")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail(MISSING + " (" + PYTHON + " cannot run: " + e.getMessage() + ")");
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail(MISSING + " (" + output.strip() + ")");
        }
        script = Files.writeString(tmp.resolve("ring.py"), SCRIPT);
    }

    private record Case(String nodes, String weights, int replicas, String ignore, int partitions) {}

    @Test
    void agreesWithPythonTooz() throws Exception {
        String keys = randomKeys(new Random(20240607), 500);
        List<Case> cases = List.of(
                new Case("a,b,c", "", 1, "", 32),
                new Case("a,b,c", "a=2,b=1", 2, "", 32),
                new Case("node-1,node-2,node-3,node-4,node-5", "node-2=3,node-5=2", 3, "node-4", 32),
                new Case("x,y", "", 1, "x", 32),
                new Case("r1,r2,r3,r4", "r1=4", 2, "r3,not-a-node", 16),
                new Case("日本,żółw,emoji-\ud83d\ude00,\uff5ewave,ascii", "日本=2,\uff5ewave=3", 3, "ascii", 32),
                new Case("s1,s2,s3,s4,s5,s6,s7,s8,s9,s10", "s1=2,s2=2,s3=5", 1, "s7,s8", 7),
                new Case("only", "only=3", 1, "", 1));
        for (Case c : cases) {
            List<String> args = new ArrayList<>(List.of(
                    "hashring",
                    "--nodes=" + c.nodes(),
                    "--replicas=" + c.replicas(),
                    "--partitions=" + c.partitions()));
            if (!c.weights().isEmpty()) {
                args.add("--weights=" + c.weights());
            }
            if (!c.ignore().isEmpty()) {
                args.add("--ignore=" + c.ignore());
            }
            Cli.Result java = Cli.runWithInput(keys, args.toArray(String[]::new));
            assertThat(java.exit()).as(java.err()).isZero();
            String python = python(keys, c);
            assertThat(java.out().lines().count()).as(c.toString()).isEqualTo(500);
            assertThat(java.out()).as(c.toString()).isEqualTo(python);
        }
    }

    private static String python(String keys, Case c) throws Exception {
        Path spec = Files.createTempFile(tmp, "case", ".txt");
        Files.writeString(
                spec,
                String.join("\n", c.nodes(), c.weights(), "" + c.replicas(), c.ignore(), "" + c.partitions()),
                StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(PYTHON, script.toString(), spec.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(keys.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python exit code for " + c).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Random distinct-ish keys: ASCII, Latin, CJK, emoji (non-BMP), tabs and spaces; never newlines or CR. */
    private static String randomKeys(Random rnd, int count) {
        int[][] ranges = {{0x20, 0x7e}, {0xa0, 0x24f}, {0x3040, 0x30ff}, {0x4e00, 0x9fff}, {0x1f300, 0x1f64f}, {9, 9}};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            int len = 1 + rnd.nextInt(24);
            for (int j = 0; j < len; j++) {
                int[] r = rnd.nextInt(3) == 0 ? ranges[rnd.nextInt(ranges.length)] : ranges[0];
                b.appendCodePoint(r[0] + rnd.nextInt(r[1] - r[0] + 1));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
