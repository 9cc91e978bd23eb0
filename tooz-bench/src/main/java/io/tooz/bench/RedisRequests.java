package io.tooz.bench;

import io.tooz.bench.BenchRounds.Variant;
import io.tooz.bench.RedisBenchTarget.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

/**
 * Requests per operation for {@link RedisBench}: the commands the server received on one client's connections (found
 * by client name in {@code CLIENT LIST}), read from a {@code MONITOR} stream between two {@code ECHO} markers sent on
 * the benchmark's control connection. Commands a script runs inside the server are not requests and not counted. Beside
 * them the server time of those commands, from {@code INFO commandstats} before and after.
 */
final class RedisRequests implements AutoCloseable {
    private static final long LINE_WAIT_MS = 5_000;
    /** Operations run without MONITOR for the server-time figure, per operation counted under MONITOR. */
    private static final int SERVER_OPS_PER_OP = 4;

    private final Jedis connection;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final CountDownLatch monitoring = new CountDownLatch(1);
    private int markers;

    /** One operation under count, and which client names its requests go out under. */
    record Counted(Variant variant, Predicate<String> clientNames) {}

    private RedisRequests(Jedis connection) {
        this.connection = connection;
        Thread reader = new Thread(
                () -> {
                    try {
                        connection.monitor(new JedisMonitor() {
                            @Override
                            public void proceed(Connection client) {
                                monitoring.countDown(); // the server said OK to MONITOR
                                super.proceed(client);
                            }

                            @Override
                            public void onCommand(String command) {
                                lines.add(command);
                            }
                        });
                    } catch (RuntimeException e) {
                        // refused, or closed at the end
                    }
                },
                "tooz-bench-redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** A MONITOR stream on a connection of its own, or null if the server refuses it (ACL, renamed command). */
    static RedisRequests open(Target t, String clientName) throws InterruptedException {
        RedisRequests r = new RedisRequests(RedisBenchTarget.connect(t, clientName));
        if (!r.monitoring.await(5, TimeUnit.SECONDS)) {
            r.close();
            return null;
        }
        return r;
    }

    /**
     * Prints, for each of {@code counted}, the requests per operation over {@code ops} operations, by command; n/a
     * where the server refuses MONITOR.
     *
     * @param control a connection of the benchmark's own, for the markers and CLIENT LIST
     */
    static void print(PrintStream out, Target t, Jedis control, List<Counted> counted, int ops)
            throws InterruptedException {
        List<Map<String, Integer>> counts = new ArrayList<>();
        try (RedisRequests monitor = open(t, control.clientGetname() + "-monitor")) {
            for (Counted c : counted) {
                counts.add(monitor == null ? null : monitor.count(control, c, ops));
            }
        }
        out.printf(
                "%nrequests per operation (commands the server received on that client's connections, per MONITOR,"
                        + " over %d operations; commands run inside a script not counted); server: the time the server"
                        + " spent in those commands per operation, over %d more without MONITOR (INFO commandstats"
                        + " usec; server-wide, so roughly):%n",
                ops, ops * SERVER_OPS_PER_OP);
        for (int i = 0; i < counted.size(); i++) {
            Counted c = counted.get(i);
            Map<String, Integer> byCommand = counts.get(i);
            if (byCommand == null || byCommand.isEmpty()) {
                out.printf(
                        "  %-62s n/a (%s)%n",
                        c.variant().label(),
                        byCommand == null ? "MONITOR refused or incomplete" : "no connection of that client found");
                BenchOutput.result(out, "requests", "variant", c.variant().label(), "requestsPerOperation", null);
                continue;
            }
            Map<String, long[]> before = commandStats(control);
            run(c, ops * SERVER_OPS_PER_OP);
            Map<String, long[]> after = commandStats(control);
            int total = byCommand.values().stream().mapToInt(Integer::intValue).sum();
            StringBuilder b = new StringBuilder();
            long usec = 0;
            for (Map.Entry<String, Integer> e : byCommand.entrySet()) {
                b.append(b.length() == 0 ? "" : ", ")
                        .append(e.getKey())
                        .append(' ')
                        .append(String.format("%.2f", e.getValue() / (double) ops));
                usec += after.getOrDefault(e.getKey(), new long[1])[0]
                        - before.getOrDefault(e.getKey(), new long[1])[0];
            }
            double serverUs = usec / (double) (ops * SERVER_OPS_PER_OP);
            out.printf(
                    "  %-62s %.2f  (%s)  server %.1f us/op%n", c.variant().label(), total / (double) ops, b, serverUs);
            Map<String, Object> perCommand = new TreeMap<>();
            byCommand.forEach((k, v) -> perCommand.put(k, BenchOutput.round3(v / (double) ops)));
            BenchOutput.result(
                    out,
                    "requests",
                    "variant",
                    c.variant().label(),
                    "requestsPerOperation",
                    BenchOutput.round3(total / (double) ops),
                    "byCommand",
                    perCommand,
                    "serverUsPerOp",
                    BenchOutput.round3(serverUs),
                    "operations",
                    ops);
        }
    }

    private static void run(Counted c, int ops) {
        try {
            for (int i = 0; i < ops; i++) {
                c.variant().op().run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark operation failed: " + e, e);
        }
    }

    /** Command name to {usec} from INFO commandstats. */
    private static Map<String, long[]> commandStats(Jedis control) {
        Map<String, long[]> m = new HashMap<>();
        for (String line : control.info("commandstats").split("\r?\n")) {
            int colon = line.indexOf(':');
            int usec = line.indexOf(",usec=");
            if (line.startsWith("cmdstat_") && colon > 0 && usec > 0) {
                int endUsec = line.indexOf(',', usec + 6);
                m.put(
                        line.substring(8, colon),
                        new long[] {Long.parseLong(line.substring(usec + 6, endUsec < 0 ? line.length() : endUsec))});
            }
        }
        return m;
    }

    private Map<String, Integer> count(Jedis control, Counted c, int ops) {
        String start = "tooz-bench-marker-" + (++markers);
        control.echo(start);
        run(c, ops);
        Set<String> addresses = addresses(control.clientList(), c.clientNames());
        String end = "tooz-bench-marker-" + (++markers);
        control.echo(end);
        Map<String, Integer> byCommand = new TreeMap<>();
        boolean started = false;
        try {
            while (true) {
                String line = lines.poll(LINE_WAIT_MS, TimeUnit.MILLISECONDS);
                if (line == null) {
                    return null;
                }
                String lower = line.toLowerCase(); // clients send command names in either case
                if (lower.contains("\"echo\" \"" + start + "\"")) {
                    started = true;
                } else if (lower.contains("\"echo\" \"" + end + "\"")) {
                    return started ? byCommand : null;
                } else if (started) {
                    int open = line.indexOf(" [");
                    int close = line.indexOf("] \"", open);
                    String[] dbAddr = open < 0 || close < 0
                            ? new String[0]
                            : line.substring(open + 2, close).split(" ", 2);
                    if (dbAddr.length == 2 && addresses.contains(dbAddr[1])) {
                        int q = line.indexOf('"', close + 3);
                        byCommand.merge(lower.substring(close + 3, q), 1, Integer::sum);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The addresses of the connections whose name {@code names} accepts, from CLIENT LIST. */
    static Set<String> addresses(String clientList, Predicate<String> names) {
        Set<String> out = new HashSet<>();
        for (String line : clientList.split("\n")) {
            String addr = null;
            String name = null;
            for (String field : line.trim().split(" ")) {
                if (field.startsWith("addr=")) {
                    addr = field.substring(5);
                } else if (field.startsWith("name=")) {
                    name = field.substring(5);
                }
            }
            if (addr != null && name != null && names.test(name)) {
                out.add(addr);
            }
        }
        return out;
    }

    @Override
    public void close() {
        connection.close(); // ends the reader
    }
}
