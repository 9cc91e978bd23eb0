package io.tooz.bench;

import io.tooz.Coordinator;
import io.tooz.WatchMode;
import io.tooz.spi.ConnectionUrl;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Group scaling for {@link ScaleRun}: a group filled with 10, 100, 1,000 and 10,000 members, each a coordinator of its
 * own (MANUAL watch mode: they only sit in the group), and at each size one more coordinator joining and leaving while
 * a fresh watcher (AUTO) watches: the joinGroup call itself, join to the watcher's callback, leave to its callback
 * ({@link WatchLatency}). Sizes above {@code tooz.bench.maxMembers} (a system property; default 10,000 on memory://,
 * 1,000 elsewhere, where each member is a session with threads and heartbeats of its own) are left out, saying so.
 * On ZooKeeper, {@code -Dtooz.bench.rawFill=true} makes the members past the first {@value #COORDINATORS} ephemeral
 * znodes of a few raw sessions ({@link ZkRawMembers}) and the default maximum 10,000. Before each size is measured, the
 * group's members as a coordinator lists them must be exactly the N filled in.
 */
final class ScaleGroups {
    static final int[] SIZES = {10, 100, 1_000, 10_000};
    /** With rawFill, how many members are coordinators; the rest are raw znodes. */
    static final int COORDINATORS = 1_000;

    private ScaleGroups() {}

    static int run(String url, long budgetNanos, PrintStream out) throws InterruptedException {
        String scheme = ConnectionUrl.parse(url).scheme();
        boolean memory = scheme.equals("memory") || scheme.equals("zake");
        boolean rawFill = ZkRawMembers.enabled(url);
        int max = Integer.getInteger("tooz.bench.maxMembers", memory || rawFill ? 10_000 : 1_000);
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String group = "scale-group-" + tag;
        List<Coordinator> members = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Coordinator joiner =
                Coordinator.builder(url).memberId("scale-joiner-" + tag).build();
        int exit = 0;
        ZkRawMembers raw = null;
        out.printf(
                "%ngroup of N members (each its own coordinator%s); one more joins and leaves while a fresh watcher"
                        + " watches; latencies in ms, lower is better%n",
                rawFill ? ", past 1,000 raw ephemeral znodes" : "");
        try {
            joiner.start();
            joiner.createGroup(group).get();
            raw = rawFill ? ZkRawMembers.open(url) : null;
            int levels = 0;
            for (int n : SIZES) {
                levels += n <= max ? 1 : 0;
            }
            long start = System.nanoTime();
            for (int n : SIZES) {
                if (n > max) {
                    out.printf(
                            "  %,d members: not measured (more than tooz.bench.maxMembers = %,d; -Dtooz.bench.maxMembers=%d"
                                    + " to try)%n",
                            n, max, n);
                    continue;
                }
                long f0 = System.nanoTime();
                fill(url, group, tag, members, raw == null ? n : Math.min(n, COORDINATORS), pool);
                if (raw != null && n > COORDINATORS) {
                    List<String> ids = new ArrayList<>();
                    for (int i = members.size() + raw.count(); i < n; i++) {
                        ids.add("scale-m-" + tag + "-" + i);
                    }
                    raw.create(group, ids);
                }
                double fillSeconds = (System.nanoTime() - f0) / 1e9;
                int listed = joiner.getMembers(group).get().size();
                if (listed != n) {
                    throw new IllegalStateException("group " + group + " lists " + listed + " members, not " + n);
                }
                String how = raw == null || raw.count() == 0 ? "" : "; " + raw.describe();
                long left = budgetNanos - (System.nanoTime() - start);
                long slice = Math.max(BenchBudget.MIN_SLOT * 20, left / Math.max(1, levels--));
                try (Coordinator watcher = Coordinator.builder(url)
                        .memberId("scale-watcher-" + tag + "-" + n)
                        .build()) {
                    watcher.start();
                    WatchLatency.WatchResult w =
                            WatchLatency.watchLatency(joiner, watcher, group, new WatchLatency.Plan(3, 20, slice, 0));
                    out.printf(
                            "  %,6d members (filled in %.1f s%s): joinGroup() p50 %.2f | join -> callback p50 %.2f p99 %.2f |"
                                    + " leave -> callback p50 %.2f p99 %.2f | %d samples%s%n",
                            n,
                            fillSeconds,
                            how,
                            p(w.joinCall(), 0.5),
                            p(w.join(), 0.5),
                            p(w.join(), 0.99),
                            p(w.leave(), 0.5),
                            p(w.leave(), 0.99),
                            w.join().length,
                            w.missed() > 0 ? ", " + w.missed() + " callbacks MISSING" : "");
                    BenchOutput.result(
                            out,
                            "groupScale",
                            "members",
                            n,
                            "fillSeconds",
                            BenchOutput.round3(fillSeconds),
                            "rawMembers",
                            raw == null ? 0 : raw.count(),
                            "joinCallP50Ms",
                            BenchOutput.round3(p(w.joinCall(), 0.5)),
                            "joinCallbackP50Ms",
                            BenchOutput.round3(p(w.join(), 0.5)),
                            "joinCallbackP99Ms",
                            BenchOutput.round3(p(w.join(), 0.99)),
                            "leaveCallbackP50Ms",
                            BenchOutput.round3(p(w.leave(), 0.5)),
                            "leaveCallbackP99Ms",
                            BenchOutput.round3(p(w.leave(), 0.99)),
                            "samples",
                            w.join().length,
                            "missed",
                            w.missed());
                    if (!WatchLatency.measured(w)) {
                        exit = 1;
                    }
                }
                out.flush();
            }
        } finally {
            if (raw != null) {
                raw.close(); // before the group is deleted: their ephemeral nodes go with the sessions
            }
            for (Coordinator m : members) { // 8 at a time: one by one, 1,000 ZooKeeper sessions took minutes
                pool.execute(m::close);
            }
            pool.shutdown();
            if (!pool.awaitTermination(5, java.util.concurrent.TimeUnit.MINUTES)) {
                out.println("cleanup: members still closing after 5 minutes");
            }
            try {
                joiner.deleteGroup(group).get();
            } catch (RuntimeException e) {
                out.println("cleanup: could not delete group " + group + ": " + e.getMessage());
            }
            joiner.close();
        }
        return exit;
    }

    /** Starts members until there are {@code n}, 8 at a time, each joining {@code group}. */
    private static void fill(
            String url, String group, String tag, List<Coordinator> members, int n, ExecutorService pool)
            throws InterruptedException {
        List<Future<Coordinator>> started = new ArrayList<>();
        for (int i = members.size(); i < n; i++) {
            String id = "scale-m-" + tag + "-" + i;
            started.add(pool.submit(() -> {
                Coordinator c = Coordinator.builder(url)
                        .memberId(id)
                        .watchMode(WatchMode.MANUAL)
                        .build();
                c.start();
                c.joinGroup(group).get();
                return c;
            }));
        }
        for (Future<Coordinator> f : started) {
            try {
                members.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a member could not join: " + e.getCause(), e.getCause());
            }
        }
    }

    private static double p(double[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : BenchRounds.percentile(sorted, q);
    }
}
