package io.tooz.interop;

import io.tooz.tck.SharedServer;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link InteropFixture} on the local MariaDB (the {@code mysql} service). Both sides use one URL: Python tooz 3.1.0
 * ignores the Java driver's {@code table_prefix}, which keeps the Java driver's tables apart from the contract tests'.
 * {@code GET_LOCK} names have no namespace, so each test's lock names end in a suffix of its own; the locks die with
 * the sessions holding them, so nothing is left to delete.
 */
abstract class MySqlInteropFixture extends InteropFixture {
    static final int PORT = 3306;
    /** What Java reports as the holder of a lock Python holds: the server's id of Python's connection. */
    static final String PYTHON_HOLDER = "\\(MySQL session \\d+\\)";

    final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void mySqlAndPythonToozAreThere() {
        SharedServer.MYSQL.require();
        PythonPeer.requireTooz();
    }

    @Override
    String url() {
        return "mysql://tooz:tooz@127.0.0.1:" + PORT + "/tooz?table_prefix=interop_";
    }

    /** {@code base} made this test's own. */
    String lockName(String base) {
        return base + "-" + suffix;
    }
}
