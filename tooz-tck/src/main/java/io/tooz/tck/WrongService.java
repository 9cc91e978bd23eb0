package io.tooz.tck;

import io.tooz.junit.internal.DaemonThreads;
import io.tooz.junit.internal.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server of a protocol no tooz backend speaks, from {@link FaultPorts#wrongService()}: each connection
 * gets {@link #BANNER}, after which everything the client sends is read and discarded; the server never closes a
 * connection first. A driver pointed at it must give up within its timeout instead of waiting for a reply that will
 * never parse. Threads are daemons named {@code tck-wrong-service-<port>-...}; thread-safe.
 */
public final class WrongService implements AutoCloseable {
    /** What the server sends on every connection: an SSH-2 identification line. */
    public static final String BANNER = "SSH-2.0-tck-wrong-service\r\n";

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ServerSocket server;
    private final InetSocketAddress address;
    private final DaemonThreads threads = new DaemonThreads();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger ids = new AtomicInteger();

    WrongService() {
        this.server = Sockets.listen();
        this.address = new InetSocketAddress(Sockets.loopback(), server.getLocalPort());
        threads.start(threadPrefix() + "accept", this::acceptLoop);
    }

    /** The address to connect to: 127.0.0.1 and the server's port. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code "127.0.0.1:PORT"}. */
    public String hostPort() {
        return Sockets.hostPort(address);
    }

    /** Stops listening, closes every connection and waits (at most two seconds) for its threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Sockets.closeQuietly(server);
        for (Socket s : List.copyOf(connections)) {
            Sockets.abort(s);
        }
        threads.joinAll(CLOSE_WAIT);
    }

    @Override
    public String toString() {
        return "WrongService[" + hostPort() + (closed.get() ? ", closed]" : "]");
    }

    private String threadPrefix() {
        return "tck-wrong-service-" + server.getLocalPort() + "-";
    }

    private void acceptLoop() {
        Sockets.acceptUntilClosed(server, closed::get, s -> {
            connections.add(s);
            if (closed.get()) {
                Sockets.abort(s);
            } else {
                threads.start(threadPrefix() + ids.incrementAndGet(), () -> serve(s));
            }
        });
    }

    private void serve(Socket s) {
        try {
            s.getOutputStream().write(BANNER.getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) >= 0) {
                // discard: this server never understands a word
            }
        } catch (IOException ignored) {
            // the client reset the connection, or close() did
        } finally {
            connections.remove(s);
            Sockets.closeQuietly(s);
        }
    }
}
