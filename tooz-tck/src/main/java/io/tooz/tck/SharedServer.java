package io.tooz.tck;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers {@code scripts/backends.sh} starts on loopback for every test, with a failure that says how to start one
 * that is missing (never a skip).
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

    /** The shared server on a port of 127.0.0.1, if one is. */
    static Optional<SharedServer> onPort(int port) {
        return Arrays.stream(values()).filter(s -> s.port == port).findFirst();
    }
}
