package io.tooz.bench;

import io.tooz.hashring.HashRing;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Lookup throughput of {@link HashRing#getNodes} on a 100-node ring (weight 1, 32 partitions, 3,200 points) over
 * 100,000 distinct keys, compared with the raw floor (MD5 of the key plus one binary search over a sorted long-pair
 * array, the minimum any implementation must do) and with Python tooz's {@code HashRing.get_nodes}, measured in the
 * same run with {@code /usr/bin/python3} (Debian package python3-tooz). Runs in well under a minute.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -B -q -pl tooz-core,tooz-bench -am install -DskipTests
 * java -cp 'tooz-bench/target/*:tooz-bench/target/lib/*' io.tooz.bench.HashRingBench
 * </pre>
 *
 * (With {@code -Dtooz.target=X} the jars are under {@code tooz-bench/X/} instead of {@code tooz-bench/target/}.)
 */
public final class HashRingBench {
    private static final int NODES = 100;
    private static final int KEYS = 100_000;
    private static final int PASSES_PER_ITERATION = 3;
    private static final int ITERATIONS = 9;
    private static final long WARMUP_NANOS = 1_500_000_000L;
    private static final String PYTHON = "/usr/bin/python3";
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final String PYTHON_SCRIPT =
            """
            import sys, time
            try:
                from tooz import hashring
            except ImportError:
                print("NO_TOOZ"); sys.exit(0)
            ring = hashring.HashRing(["n%d" % i for i in range(100)])
            keys = [("key-%d" % i).encode() for i in range(100000)]
            get = ring.get_nodes
            print("n0", sum(1 for k in keys if "n0" in get(k)))  # placement check, also the warm-up
            print("version", sys.version.split()[0])
            for _ in range(5):
                t = time.perf_counter()
                for k in keys:
                    get(k)
                print("rate", len(keys) / (time.perf_counter() - t), flush=True)
            """;

    /** One timed unit of work: a full pass over the keys by one thread; returns a sink value. */
    private interface Pass {
        long run() throws Exception;
    }

    private HashRingBench() {}

    public static void main(String[] args) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            names.add("n" + i);
        }
        HashRing ring = HashRing.of(names);
        String[] keys = new String[KEYS];
        byte[][] keyBytes = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key-" + i;
            keyBytes[i] = keys[i].getBytes(StandardCharsets.UTF_8);
        }
        long[] points = sortedPoints(names);
        System.out.printf(
                "HashRingBench: %d nodes x 32 partitions = %d points, %,d distinct keys, Java %s, %d CPUs%n",
                NODES,
                ring.size(),
                KEYS,
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-44s %14s %14s %14s%n", "lookups/s", "median", "min", "max");

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Pass floor = () -> rawFloor(keyBytes, points);
            Pass oursBytes = () -> {
                long sink = 0;
                for (byte[] k : keyBytes) {
                    sink += ring.getNodes(k).size();
                }
                return sink;
            };
            Pass oursString = () -> {
                long sink = 0;
                for (String k : keys) {
                    sink += ring.getNodes(k).size();
                }
                return sink;
            };
            // Warm every variant first, then interleave the timed iterations so that JIT phases and background
            // load hit all variants alike.
            List<Variant> variants = List.of(
                    new Variant("raw floor (md5 + bisect), 1 thread", 1, floor),
                    new Variant("HashRing.getNodes(byte[]), 1 thread", 1, oursBytes),
                    new Variant("HashRing.getNodes(String), 1 thread", 1, oursString),
                    new Variant("raw floor (md5 + bisect), 2 threads", 2, floor),
                    new Variant("HashRing.getNodes(byte[]), 2 threads", 2, oursBytes));
            double[] medians = measure(pool, variants);
            double floor1 = medians[0];
            double ours1 = medians[1];
            double floor2 = medians[3];
            double ours2 = medians[4];
            long javaN0 = Arrays.stream(keyBytes)
                    .filter(k -> ring.getNodes(k).contains("n0"))
                    .count();
            Double python = python(javaN0);
            System.out.printf(
                    Locale.ROOT,
                    "ratio ours/raw-floor: %.2f (1 thread), %.2f (2 threads)%n",
                    ours1 / floor1,
                    ours2 / floor2);
            if (python != null) {
                System.out.printf(Locale.ROOT, "ratio ours/python-tooz: %.1f (1 thread each)%n", ours1 / python);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record Variant(String label, int threads, Pass pass) {}

    /**
     * Warms up each variant for {@link #WARMUP_NANOS}, then runs {@link #ITERATIONS} rounds timing one iteration of
     * every variant per round; prints and returns each variant's median lookups/s.
     */
    private static double[] measure(ExecutorService pool, List<Variant> variants) throws Exception {
        for (Variant v : variants) {
            long warmupEnd = System.nanoTime() + WARMUP_NANOS;
            while (System.nanoTime() < warmupEnd) {
                runParallel(pool, v.threads(), v.pass());
            }
        }
        double[][] rates = new double[variants.size()][ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            for (int j = 0; j < variants.size(); j++) {
                Variant v = variants.get(j);
                long start = System.nanoTime();
                for (int p = 0; p < PASSES_PER_ITERATION; p++) {
                    runParallel(pool, v.threads(), v.pass());
                }
                rates[j][i] = (double) v.threads() * PASSES_PER_ITERATION * KEYS / ((System.nanoTime() - start) / 1e9);
            }
        }
        double[] medians = new double[variants.size()];
        for (int j = 0; j < variants.size(); j++) {
            Arrays.sort(rates[j]);
            medians[j] = report(variants.get(j).label(), rates[j]);
        }
        return medians;
    }

    private static double report(String label, double[] sortedRates) {
        double median = sortedRates[sortedRates.length / 2];
        System.out.printf(
                Locale.ROOT,
                "%-44s %,14.0f %,14.0f %,14.0f%n",
                label,
                median,
                sortedRates[0],
                sortedRates[sortedRates.length - 1]);
        return median;
    }

    private static long runParallel(ExecutorService pool, int threads, Pass pass) throws Exception {
        List<Callable<Long>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            tasks.add(pass::run);
        }
        long sink = 0;
        for (Future<Long> f : pool.invokeAll(tasks)) {
            sink += f.get();
        }
        return sink;
    }

    /** The minimum work per lookup: MD5 of the key bytes and one bisect_right over (hi, lo) pairs. */
    private static long rawFloor(byte[][] keys, long[] points) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        byte[] out = new byte[16];
        int n = points.length / 2;
        long sink = 0;
        for (byte[] key : keys) {
            md.update(key);
            md.digest(out, 0, 16);
            long hi = (long) BE_LONG.get(out, 0);
            long lo = (long) BE_LONG.get(out, 8);
            int low = 0;
            int high = n;
            while (low < high) {
                int mid = (low + high) >>> 1;
                int c = Long.compareUnsigned(points[2 * mid], hi);
                if (c == 0) {
                    c = Long.compareUnsigned(points[2 * mid + 1], lo);
                }
                if (c > 0) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            sink += low == n ? 0 : low;
        }
        return sink;
    }

    /** The same 3,200 points as the ring (cumulative MD5 per node), sorted, as interleaved (hi, lo) longs. */
    private static long[] sortedPoints(List<String> nodes) throws Exception {
        List<long[]> pairs = new ArrayList<>();
        for (String node : nodes) {
            byte[] key = node.getBytes(StandardCharsets.UTF_8);
            MessageDigest md = MessageDigest.getInstance("MD5");
            md.update(key);
            for (int i = 0; i < 32; i++) {
                md.update(key);
                byte[] d = ((MessageDigest) md.clone()).digest();
                pairs.add(new long[] {(long) BE_LONG.get(d, 0), (long) BE_LONG.get(d, 8)});
            }
        }
        pairs.sort((a, b) -> a[0] != b[0] ? Long.compareUnsigned(a[0], b[0]) : Long.compareUnsigned(a[1], b[1]));
        long[] points = new long[pairs.size() * 2];
        for (int i = 0; i < pairs.size(); i++) {
            points[2 * i] = pairs.get(i)[0];
            points[2 * i + 1] = pairs.get(i)[1];
        }
        return points;
    }

    /** Runs Python tooz on the same ring and keys; prints its rates and returns the median, or null if unavailable. */
    private static Double python(long javaN0) throws Exception {
        String label = "python tooz get_nodes(bytes), 1 thread";
        if (!new File(PYTHON).canExecute()) {
            System.out.println("python3-tooz not installed: run scripts/backends.sh up python");
            return null;
        }
        Process p = new ProcessBuilder(PYTHON, "-c", PYTHON_SCRIPT)
                .redirectErrorStream(true)
                .start();
        List<Double> rates = new ArrayList<>();
        String version = "?";
        long pythonN0 = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(" ", 2);
                switch (f[0]) {
                    case "NO_TOOZ" -> {
                        System.out.println("python3-tooz not installed: run scripts/backends.sh up python");
                        p.waitFor();
                        return null;
                    }
                    case "n0" -> pythonN0 = Long.parseLong(f[1].trim());
                    case "version" -> version = f[1].trim();
                    case "rate" -> rates.add(Double.parseDouble(f[1].trim()));
                    default -> System.out.println("python: " + line);
                }
            }
        }
        if (p.waitFor() != 0 || rates.isEmpty()) {
            System.out.println("python tooz benchmark failed (exit " + p.exitValue() + "); skipping that ratio");
            return null;
        }
        double median = report(
                label + " (CPython " + version + ")",
                rates.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        System.out.printf(
                "placement check: keys owned by n0: Java %d, Python %d -> %s%n",
                javaN0, pythonN0, javaN0 == pythonN0 ? "agree" : "DISAGREE");
        return median;
    }
}
