package io.tooz.interop;

import io.tooz.Coordinator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * One fresh ZooKeeper namespace per test, shared by the Java coordinators and the Python peers the test starts (both
 * sides use the same URL), and cleanup of everything started.
 */
abstract class InteropFixture {
    static final String ZOOKEEPER = "127.0.0.1:2181";

    final String namespace = "tooz-interop-" + UUID.randomUUID();
    final String url = "zookeeper://" + ZOOKEEPER + "?namespace=" + namespace + "&timeout=4";
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    @BeforeAll
    static void backendsAreThere() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 2181), 2000);
        } catch (IOException e) {
            throw new AssertionError("ZooKeeper is not listening on " + ZOOKEEPER
                    + ": start it with scripts/backends.sh up zookeeper (" + e.getMessage() + ")");
        }
        PythonPeer.requireTooz();
    }

    /** A started Java coordinator on this test's namespace. */
    Coordinator java(String memberId) {
        Coordinator c = Coordinator.builder(url).memberId(memberId).build();
        started.push(c);
        c.start();
        return c;
    }

    /** A Python tooz 3.1.0 coordinator on this test's namespace, started. */
    PythonPeer python(String memberId) {
        PythonPeer p = PythonPeer.start(url, memberId);
        started.push(p);
        return p;
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!started.isEmpty()) {
            started.pop().close();
        }
    }
}
