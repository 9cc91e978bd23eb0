package io.tooz.junit;

import io.tooz.embedded.zookeeper.EmbeddedZooKeeper;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded ZooKeeper server of a test run: started by the first test class that asks for it, stopped when the run
 * ends (the root context's store closes it). The only class that touches tooz-embedded-zookeeper, an optional
 * dependency, so that a run without it never loads it.
 */
final class EmbeddedServer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    private static final String SERVER_CLASS = "io.tooz.embedded.zookeeper.EmbeddedZooKeeper";
    private static final String DRIVER_CLASS = "io.tooz.driver.zookeeper.ZooKeeperDriverProvider";

    private final EmbeddedZooKeeper server;

    private EmbeddedServer(EmbeddedZooKeeper server) {
        this.server = server;
    }

    /** The URL of the run's server, started now if it is not yet. */
    static String url(ExtensionContext root) {
        require(SERVER_CLASS, "io.tooz:tooz-embedded-zookeeper");
        require(DRIVER_CLASS, "io.tooz:tooz-driver-zookeeper");
        return root.getStore(ToozExtension.NAMESPACE)
                .getOrComputeIfAbsent(
                        EmbeddedServer.class,
                        k -> new EmbeddedServer(EmbeddedZooKeeper.onFreePort().start()),
                        EmbeddedServer.class)
                .server
                .url();
    }

    private static void require(String className, String artifact) {
        try {
            Class.forName(className, false, EmbeddedServer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExtensionConfigurationException("@ToozTest(backend = EMBEDDED_ZOOKEEPER) needs " + artifact
                    + " on the test class path (add it with scope test); " + className + " is missing");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
