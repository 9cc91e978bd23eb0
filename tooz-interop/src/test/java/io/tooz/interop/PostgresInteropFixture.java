package io.tooz.interop;

import io.tooz.Coordinator;
import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InteropFixture} on the local PostgreSQL. Both sides use one URL with {@code lock_ids=tooz}, which makes Java
 * use Python tooz 3.1.0's advisory lock ids; Python ignores it and the Java driver's {@code table_prefix}, which keeps
 * the Java driver's tables apart from the contract tests'. Advisory locks have no namespace, so each test's lock names
 * end in a suffix of its own; the locks die with the sessions holding them, so nothing is left to delete.
 */
abstract class PostgresInteropFixture extends InteropFixture {
    static final int PORT = 5432;
    /** What Java reports as the holder of a lock Python holds: the backend pid of Python's connection. */
    static final String PYTHON_HOLDER = "\\(PostgreSQL session \\d+\\)";

    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void postgresAndPythonToozAreThere() {
        SharedServer.POSTGRESQL.require();
        PythonPeer.requireTooz();
    }

    /** This test's URL with the Java driver's default lock ids ({@code hash64}). */
    String defaultLockIdsUrl() {
        return "postgresql://tooz:tooz@127.0.0.1:" + PORT + "/tooz?table_prefix=interop_";
    }

    @Override
    String url() {
        return defaultLockIdsUrl() + "&lock_ids=tooz";
    }

    /** A started Java coordinator with the default lock ids, which Python's locks do not exclude. */
    Coordinator javaWithDefaultLockIds(String memberId) {
        return java(Coordinator.builder(defaultLockIdsUrl()).memberId(memberId));
    }

    /** {@code base} made this test's own. */
    String lockName(String base) {
        return base + "-" + suffix;
    }

    /** A lock of a Python peer; tooz 3.1.0's PostgreSQL driver takes names as bytes only. */
    static PythonLock pythonLock(PythonPeer py, String name) {
        return new PythonLock(py, name, true);
    }
}
