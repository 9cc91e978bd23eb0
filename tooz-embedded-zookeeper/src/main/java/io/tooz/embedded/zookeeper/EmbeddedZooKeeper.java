package io.tooz.embedded.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.zookeeper.server.ContainerManager;
import org.apache.zookeeper.server.RequestProcessor;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.ZooKeeperServer;
import org.apache.zookeeper.server.persistence.FileTxnSnapLog;

/**
 * A real standalone ZooKeeper server (Apache ZooKeeper's own server classes) running in this JVM, for tests ({@code
 * tooz-junit}'s embedded backend), the CLI's {@code tooz server} and demo, and local experiments. No admin server, no
 * JMX port, plain TCP. Sessions may ask for a timeout between one second and one minute; expiry is checked every half
 * second, so a session ends within half a second of its timeout.
 *
 * <pre>{@code
 * try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.onFreePort().start()) {
 *     Coordinator c = Coordinator.builder(zk.url()).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Without a data directory the server keeps its data in a fresh temporary directory that {@link #close()} deletes;
 * a given data directory is kept, so a restarted server finds its znodes again.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    /** Session expiry is checked once a tick; a short tick makes expiry punctual. */
    static final int TICK_MS = 500;
    /** Sessions may ask for anything between one second and one minute. */
    static final int MIN_SESSION_MS = 1000;

    static final int MAX_SESSION_MS = 60_000;
    private static final int MAX_CLIENT_CONNECTIONS = 1000;
    private static final int CONTAINER_CHECK_MS = 60_000;

    private final String bind;
    private final int requestedPort;
    private final Path requestedDataDir;

    private Path dataDir;
    private boolean deleteDataDir;
    private FileTxnSnapLog snapLog;
    private Server server;
    private ServerCnxnFactory factory;
    private ContainerManager containers;
    private int port;

    /**
     * A server, not yet started.
     *
     * @param bind the address to listen on, e.g. {@code 127.0.0.1}
     * @param port the client port; 0 picks a free one
     * @param dataDir where to keep snapshots and transaction logs; {@code null} for a temporary directory deleted on
     *     {@link #close()}
     */
    public EmbeddedZooKeeper(String bind, int port, Path dataDir) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        this.bind = bind;
        this.requestedPort = port;
        this.requestedDataDir = dataDir;
    }

    /** A server on 127.0.0.1, on a free port, with a temporary data directory; not yet started. */
    public static EmbeddedZooKeeper onFreePort() {
        return new EmbeddedZooKeeper("127.0.0.1", 0, null);
    }

    /**
     * Starts the server and returns once it accepts connections.
     *
     * @throws PortInUseException if the port is taken
     * @throws UncheckedIOException if the data directory cannot be used
     * @throws IllegalArgumentException if the bind address is not a known host
     * @throws IllegalStateException if already started
     */
    public synchronized EmbeddedZooKeeper start() {
        if (factory != null) {
            throw new IllegalStateException("ZooKeeper already started on " + connectString());
        }
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(bind), requestedPort);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot listen on '" + bind + "': unknown host", e);
        }
        try {
            if (requestedDataDir != null) {
                dataDir = Files.createDirectories(requestedDataDir);
                deleteDataDir = false;
            } else {
                dataDir = Files.createTempDirectory("tooz-zookeeper-");
                deleteDataDir = true;
            }
            snapLog = new FileTxnSnapLog(dataDir.toFile(), dataDir.toFile());
            server = new Server(snapLog);
            factory = ServerCnxnFactory.createFactory();
            try {
                factory.configure(address, MAX_CLIENT_CONNECTIONS, -1, false);
            } catch (BindException e) {
                throw new PortInUseException(bind, requestedPort, e);
            }
            factory.startup(server); // loads the data, takes the first snapshot, starts accepting
            port = factory.getLocalPort();
            containers = new ContainerManager(
                    server.getZKDatabase(), server.firstProcessor(), CONTAINER_CHECK_MS, 10_000, 0);
            containers.start();
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException(
                    "cannot start ZooKeeper on " + bind + ":" + requestedPort + " with data in " + dataDir + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly();
            throw new IllegalStateException("interrupted while starting ZooKeeper", e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /** Whether the server is started and not closed. */
    public synchronized boolean isRunning() {
        return factory != null && server.isRunning();
    }

    /** The port the server listens on (the chosen one if started with port 0). */
    public synchronized int port() {
        requireStarted();
        return port;
    }

    /** The address clients should connect to: the bind address, or loopback if bound to the wildcard address. */
    public String host() {
        String h = bind;
        try {
            if (InetAddress.getByName(bind).isAnyLocalAddress()) {
                h = "127.0.0.1";
            }
        } catch (UnknownHostException e) {
            // start() refused it already
        }
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }

    /** {@code host:port} for a ZooKeeper client. */
    public String connectString() {
        return host() + ":" + port();
    }

    /** The tooz URL of this server, {@code zookeeper://host:port}. */
    public String url() {
        return "zookeeper://" + connectString();
    }

    /** Where the server keeps its data. */
    public synchronized Path dataDir() {
        requireStarted();
        return dataDir;
    }

    private void requireStarted() {
        if (factory == null) {
            throw new IllegalStateException("ZooKeeper is not started");
        }
    }

    /** Stops the server (clients see the connection drop) and deletes a temporary data directory. Idempotent. */
    @Override
    public synchronized void close() {
        stopQuietly();
    }

    private void stopQuietly() {
        if (containers != null) {
            containers.stop();
            containers = null;
        }
        if (factory != null) {
            try {
                factory.shutdown(); // closes every connection and shuts the server down
            } catch (RuntimeException e) {
                // half-configured after a failed bind
            }
            factory = null;
        }
        if (server != null && server.isRunning()) {
            server.shutdown();
        }
        server = null;
        if (snapLog != null) {
            try {
                snapLog.close();
            } catch (IOException e) {
                // nothing left to flush
            }
            snapLog = null;
        }
        if (deleteDataDir && dataDir != null) {
            deleteRecursively(dataDir);
            deleteDataDir = false;
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    @Override
    public String toString() {
        return "EmbeddedZooKeeper[" + bind + ":" + (factory == null ? requestedPort : port) + "]";
    }

    /** The requested port is taken by another process. */
    public static final class PortInUseException extends UncheckedIOException {
        private static final long serialVersionUID = 1L;
        private final int port;

        PortInUseException(String bind, int port, BindException cause) {
            super(
                    "port " + port + " on " + bind
                            + " is already in use (another ZooKeeper running?); choose another port",
                    cause);
            this.port = port;
        }

        /** The port that was taken. */
        public int port() {
            return port;
        }
    }

    /** ZooKeeper's standalone server, exposing its first request processor for the container manager. */
    private static final class Server extends ZooKeeperServer {
        Server(FileTxnSnapLog snapLog) {
            super(snapLog, TICK_MS, MIN_SESSION_MS, MAX_SESSION_MS, -1, new ZKDatabase(snapLog), "");
        }

        RequestProcessor firstProcessor() {
            return firstProcessor;
        }
    }
}
