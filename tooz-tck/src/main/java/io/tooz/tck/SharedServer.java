package io.tooz.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The servers {@code scripts/backends.sh} starts on loopback for every test, with a failure that says how to start one
 * that is missing (never a skip).
 *
 * <p>Modules build in parallel ({@code -T}), so a test that takes a shared server down ({@link #outage()}: the JDBC
 * driver's fault and nemesis suites restart and freeze PostgreSQL and MariaDB) and a test in another JVM that needs
 * it up ({@link #whileUp}) exclude each other through a file lock in the temporary directory.
 */
public enum SharedServer {
    ZOOKEEPER("zookeeper", 2181),
    REDIS("redis", 6379),
    POSTGRESQL("postgresql", 5432),
    MYSQL("mysql", 3306),
    ETCD("etcd", 2379),
    MEMCACHED("memcached", 11211);

    private static final Set<SharedServer> SEEN = ConcurrentHashMap.newKeySet();

    private final String service;
    private final int port;

    SharedServer(String service, int port) {
        this.service = service;
        this.port = port;
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}. */
    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Fails, naming the {@code scripts/backends.sh up} command that starts it, unless the server listens. */
    public void require() {
        if (!SEEN.contains(this)) {
            FaultPorts.requireListening(service, port);
            SEEN.add(this);
        }
    }

    /**
     * Runs {@code test}, which needs this server as {@code scripts/backends.sh} left it, once no test of any JVM on
     * this machine has it down ({@link #outage()}), keeping outages off until it returns.
     */
    public <T> T whileUp(Supplier<T> test) {
        try (FileChannel file = lockFile()) {
            file.lock(0, Long.MAX_VALUE, true); // shared; released when the channel closes
            return test.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #whileUp(Supplier)} for a test that returns nothing. */
    public void whileUp(Runnable test) {
        whileUp(() -> {
            test.run();
            return null;
        });
    }

    /**
     * Declares that a test is taking this server down (stopping, restarting or freezing it): waits until no test of
     * any JVM on this machine is in {@link #whileUp}, and keeps them waiting until the returned outage is closed,
     * once the server is back.
     */
    public AutoCloseable outage() {
        try {
            FileChannel file = lockFile();
            FileLock exclusive = file.lock();
            return () -> {
                exclusive.release();
                file.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileChannel lockFile() throws IOException {
        Path path = Path.of(System.getProperty("java.io.tmpdir"), "tooz-shared-" + service + ".lock");
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The shared server on a port of 127.0.0.1, if one is. */
    static Optional<SharedServer> onPort(int port) {
        return Arrays.stream(values()).filter(s -> s.port == port).findFirst();
    }
}
