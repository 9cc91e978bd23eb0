package io.tooz.cli;

import io.tooz.schedule.TaskAction;
import io.tooz.schedule.TaskRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's tasks: one reachability probe per loopback address, {@code 127.0.0.1}, {@code 127.0.0.2}, ... (beyond
 * 254 tasks, {@code 127.0.1.1} and on; all of 127/8 is loopback). A probe is {@link InetAddress#isReachable} with a
 * short timeout; the up and down counts are kept.
 */
final class ProbeTasks implements TaskAction {
    /** Addresses available: 127.0.0.1 .. 127.0.255.254. */
    static final int MAX_TASKS = 256 * 254;

    static final Duration PROBE_TIMEOUT = Duration.ofMillis(250);

    private final List<String> ids;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();

    ProbeTasks(int count) {
        if (count < 1 || count > MAX_TASKS) {
            throw new IllegalArgumentException("--tasks must be 1.." + MAX_TASKS + ", got " + count);
        }
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add("127.0." + i / 254 + "." + (i % 254 + 1));
        }
        this.ids = List.copyOf(out);
    }

    /** The task ids, which are the addresses probed. */
    List<String> ids() {
        return ids;
    }

    @Override
    public void run(TaskRun run) {
        boolean reachable;
        try {
            reachable = InetAddress.getByName(run.taskId()).isReachable((int) PROBE_TIMEOUT.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("probing " + run.taskId() + ": " + e.getMessage(), e);
        }
        (reachable ? up : down).incrementAndGet();
    }

    long up() {
        return up.get();
    }

    long down() {
        return down.get();
    }
}
