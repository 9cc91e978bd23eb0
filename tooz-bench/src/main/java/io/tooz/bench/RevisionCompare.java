package io.tooz.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Compares this build's lock and join throughput with another revision's, in one JVM: each revision's jars (tooz and
 * its dependencies) in a class loader of its own, both coordinators on the same backend, their slots interleaved
 * round by round with the order alternating. Pairing each round's slots cancels most of what makes this machine's
 * throughput drift between runs, which separate runs of a benchmark cannot. {@code scripts/bench-revision.sh} builds
 * the other revision and runs this.
 *
 * <pre>RevisionCompare OLD_LIB_DIR NEW_LIB_DIR URL [ROUNDS] [SLOT_MS]</pre>
 *
 * Each lib dir holds a revision's {@code tooz-bench/target/lib} jars; {@link RevisionProbe} is loaded from this jar in
 * both. Prints per operation each revision's median round and, the figure to read, the median of the per-round ratios
 * new/old with its quartiles.
 */
public final class RevisionCompare {
    private RevisionCompare() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: RevisionCompare OLD_LIB_DIR NEW_LIB_DIR URL [ROUNDS] [SLOT_MS]");
            System.exit(2);
        }
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 40;
        Duration slot = Duration.ofMillis(args.length > 4 ? Long.parseLong(args[4]) : 200);
        run(System.out, new File(args[0]), new File(args[1]), args[2], rounds, slot);
        System.exit(0); // the drivers' threads of two class loaders
    }

    static void run(PrintStream out, File oldLib, File newLib, String url, int rounds, Duration slot)
            throws IOException {
        String tag = Long.toString(ProcessHandle.current().pid());
        try (URLClassLoader oldLoader = loader(oldLib);
                URLClassLoader newLoader = loader(newLib)) {
            Revision old = new Revision("old", oldLoader, url, tag);
            Revision now = new Revision("new", newLoader, url, tag);
            List<String> ops = old.ops.keySet().stream()
                    .filter(op -> !op.equals("close") && now.ops.containsKey(op))
                    .toList();
            out.printf(
                    "%s, old = %s, new = %s: %d interleaved rounds of %d ms per revision and operation, after 3 rounds"
                            + " of warm-up%n",
                    io.tooz.spi.ConnectionUrl.redact(url), oldLib, newLib, rounds, slot.toMillis());
            for (int r = -3; r < rounds; r++) {
                for (String op : ops) {
                    Revision first = r % 2 == 0 ? old : now;
                    Revision second = first == old ? now : old;
                    first.time(op, slot, r);
                    second.time(op, slot, r);
                }
            }
            for (String op : ops) {
                double[] o = old.rates(op);
                double[] n = now.rates(op);
                double[] ratio = new double[o.length];
                int slower = 0;
                for (int i = 0; i < o.length; i++) {
                    ratio[i] = n[i] / o[i];
                    slower += ratio[i] < 1 ? 1 : 0;
                }
                Arrays.sort(ratio);
                out.printf(
                        "  %-42s old %,8.0f  new %,8.0f ops/s   new/old per round: median %.3f (quartiles %.3f-%.3f),"
                                + " new slower in %d of %d%n",
                        op,
                        BenchRounds.median(sorted(o)),
                        BenchRounds.median(sorted(n)),
                        BenchRounds.median(ratio),
                        BenchRounds.percentile(ratio, 0.25),
                        BenchRounds.percentile(ratio, 0.75),
                        slower,
                        o.length);
            }
            old.close();
            now.close();
        }
    }

    private static double[] sorted(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }

    private static URLClassLoader loader(File lib) throws MalformedURLException {
        File[] jars = lib.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalArgumentException(lib + " holds no jars: build that revision's tooz-bench first");
        }
        List<URL> urls = new ArrayList<>();
        urls.add(RevisionCompare.class.getProtectionDomain().getCodeSource().getLocation());
        for (File jar : jars) {
            if (!jar.getName().startsWith("tooz-bench-")) {
                urls.add(jar.toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** One revision's probe, run with its class loader as the thread's context loader (drivers are found by it). */
    private static final class Revision {
        final ClassLoader loader;
        final Map<String, Runnable> ops;
        final Map<String, double[]> rates = new java.util.HashMap<>();

        @SuppressWarnings("unchecked")
        Revision(String name, ClassLoader loader, String url, String tag) {
            this.loader = loader;
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                ops = (Map<String, Runnable>) loader.loadClass(RevisionProbe.class.getName())
                        .getMethod("start", String.class, String.class)
                        .invoke(null, url, name + "-" + tag);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("the " + name + " revision could not start: " + e.getCause(), e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the " + name + " revision has no usable " + RevisionProbe.class, e);
            } finally {
                Thread.currentThread().setContextClassLoader(before);
            }
        }

        /** Times {@code op} for a slot; kept unless {@code round} is a warm-up round (negative). */
        void time(String op, Duration slot, int round) {
            double rate = inLoader(() -> BenchRounds.rate(ops.get(op)::run, slot.toNanos()));
            if (round >= 0) {
                double[] r = Arrays.copyOf(rates.getOrDefault(op, new double[0]), round + 1);
                r[round] = rate;
                rates.put(op, r);
            }
        }

        private <T> T inLoader(java.util.function.Supplier<T> work) {
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                return work.get();
            } finally {
                Thread.currentThread().setContextClassLoader(before);
            }
        }

        double[] rates(String op) {
            return rates.get(op);
        }

        void close() {
            inLoader(() -> {
                ops.get("close").run();
                return null;
            });
        }
    }
}
