package io.tooz.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tooz.Coordinator;
import io.tooz.CoordinatorBuilder;
import io.tooz.tck.OutputCapture;
import io.tooz.tck.ServerTest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * The Java coordinators and Python peers a test starts on one backend, all on the URL of {@link #url()} (a fresh
 * namespace per test, chosen by the backend's subclass), and cleanup of everything started.
 */
@ServerTest
abstract class InteropFixture {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration WAIT = Duration.ofSeconds(20);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** The URL of this test's namespace, which both sides connect to. */
    abstract String url();

    /** A started Java coordinator on this test's namespace. */
    public Coordinator java(String memberId) {
        return java(Coordinator.builder(url()).memberId(memberId));
    }

    /** A started Java coordinator from {@code builder}, e.g. {@code url()} with other options. */
    Coordinator java(CoordinatorBuilder builder) {
        Coordinator c = builder.build();
        started.push(c);
        c.start();
        return c;
    }

    /** A Python tooz 3.1.0 coordinator on this test's namespace, started. */
    public PythonPeer python(String memberId) {
        PythonPeer p = PythonPeer.start(url(), memberId);
        started.push(p);
        return p;
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
        removeNamespace();
    }

    /** Deletes what the test left in the backend, once everything it started is closed; nothing by default. */
    void removeNamespace() {}

    /** Calls Python's run_watchers until it has reported {@code expected}. */
    static void awaitPythonEvent(PythonPeer py, Map<String, Object> expected) {
        List<Object> seen = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            seen.addAll((List<?>) py.call("run_watchers"));
            assertThat(seen).contains(expected);
        });
    }

    /** A watcher event as peer.py's run_watchers reports it. */
    static Map<String, Object> event(String type, String group, String member) {
        return map("type", type, "group", group, "member", member);
    }

    /** peer.py's lock_async_result without an error. */
    static Map<String, Object> asyncResult(boolean done, Boolean acquired) {
        return map("done", done, "acquired", acquired, "error", null);
    }

    /** How many WARN lines {@code out} captured that contain {@code marker}. */
    static long warnings(OutputCapture out, String marker) {
        return out.text()
                .lines()
                .filter(l -> l.contains("WARN") && l.contains(marker))
                .count();
    }

    /** An insertion-ordered map of alternating string keys and values (nulls allowed). */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
