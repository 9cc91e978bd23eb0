package io.tooz.junit;

import io.tooz.junit.internal.DaemonThreads;
import io.tooz.junit.internal.Sockets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A loopback TCP proxy in front of one backend address that can simulate a network partition without closing any
 * socket, as a pulled cable or a dropping firewall does: both ends keep their connections open and simply stop
 * hearing from each other.
 *
 * <pre>{@code
 * try (BlackHoleProxy proxy = BlackHoleProxy.start(new InetSocketAddress("127.0.0.1", 6379))) {
 *     Coordinator c = Coordinator.builder("redis://" + proxy.hostPort()).build();
 *     c.start();
 *     proxy.partition();   // c's requests now go unanswered; no socket is closed
 *     proxy.heal();        // traffic flows again, held bytes first
 * }
 * }</pre>
 *
 * <p>Each accepted client connection gets its own connection to the backend and two daemon pump threads named
 * {@code tooz-proxy-<port>-...}. While {@linkplain #partition() partitioned} the pumps stop reading, so the senders'
 * TCP windows fill as in a real partition, and bytes a pump had already read are held until {@link #heal()}. A client
 * connecting during a partition completes its TCP handshake with the proxy (the kernel accepts it) but is connected
 * to the backend only at heal time: a connect "succeeds" and no answer ever comes. End of stream is forwarded as a
 * half-close, and an error on either side resets both sockets of that connection only.
 *
 * <p>All methods are thread-safe. Nothing polls: idle pumps block on their sockets or on the partition switch.
 */
public final class BlackHoleProxy implements AutoCloseable {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final Duration WRITE_DRAIN = Duration.ofSeconds(1);

    private final @Nullable InetSocketAddress target;
    private final ServerSocket server;
    private final InetSocketAddress address;
    private final ProxyGate gate;
    private final ProxyPair.Route route;
    private final DaemonThreads threads = new DaemonThreads();
    private final Set<ProxyPair> pairs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicInteger ids = new AtomicInteger();

    private BlackHoleProxy(@Nullable InetSocketAddress target) {
        this.target = target;
        this.gate = new ProxyGate(target == null);
        this.route = new ProxyPair.Route(target, gate, threads, pairs::remove);
        this.server = Sockets.listen();
        this.address = new InetSocketAddress(Sockets.loopback(), server.getLocalPort());
        threads.start(threadPrefix() + "accept", this::acceptLoop);
    }

    /**
     * Starts a proxy listening on an ephemeral port of 127.0.0.1 and forwarding to {@code target}.
     *
     * @throws java.io.UncheckedIOException if no port can be bound
     */
    public static BlackHoleProxy start(InetSocketAddress target) {
        Objects.requireNonNull(target, "target");
        return new BlackHoleProxy(
                target.isUnresolved() ? new InetSocketAddress(target.getHostString(), target.getPort()) : target);
    }

    /**
     * A port that accepts TCP connections and never answers, like a hung server: a proxy partitioned from the start,
     * with no backend. {@link #heal()} on it throws {@link IllegalStateException}.
     */
    public static BlackHoleProxy silent() {
        return new BlackHoleProxy(null);
    }

    /** The address clients connect to: 127.0.0.1 and the proxy's port. */
    public InetSocketAddress address() {
        return address;
    }

    /** {@code "127.0.0.1:PORT"}, to put in a URL in place of the backend's host and port. */
    public String hostPort() {
        return Sockets.hostPort(address);
    }

    /**
     * Stops forwarding in both directions, closing nothing. Writes already under way are finished first (waiting at
     * most a second for a writer stuck on a full window), so once this returns no further byte reaches either side
     * until {@link #heal()}. Idempotent; no effect after {@link #close()}.
     */
    public void partition() {
        if (!closed.get()) {
            gate.partition(WRITE_DRAIN);
        }
    }

    /**
     * Resumes forwarding: held bytes are delivered first, in order, then new ones; connections accepted during the
     * partition are connected to the backend now. Idempotent; no effect after {@link #close()}.
     *
     * @throws IllegalStateException on a {@link #silent()} proxy, which has no backend
     */
    public void heal() {
        if (target == null) {
            throw new IllegalStateException("a silent proxy has no backend to heal to: " + hostPort());
        }
        if (!closed.get()) {
            gate.heal();
        }
    }

    /**
     * Closes every current connection abruptly (SO_LINGER 0, so both peers get a reset), including those waiting
     * for a heal. The partition state is unchanged and the proxy keeps listening.
     */
    public void reset() {
        for (ProxyPair p : List.copyOf(pairs)) {
            p.close(true);
        }
    }

    /** Whether the proxy is partitioned now; a {@link #silent()} proxy always is. */
    public boolean partitioned() {
        return gate.partitioned();
    }

    /** How many client connections are open, including those accepted during a partition and not yet connected. */
    public int connections() {
        return pairs.size();
    }

    /**
     * Stops listening, resets every connection and waits (at most two seconds) for the proxy's threads to end.
     * Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gate.close();
        Sockets.closeQuietly(server);
        reset();
        threads.joinAll(CLOSE_WAIT);
    }

    @Override
    public String toString() {
        String to = target == null ? "nothing (silent)" : Sockets.hostPort(target);
        String state = closed.get() ? "closed" : partitioned() ? "partitioned" : "forwarding";
        return "BlackHoleProxy[" + hostPort() + " -> " + to + ", " + state + ", " + connections() + " connections]";
    }

    private String threadPrefix() {
        return "tooz-proxy-" + server.getLocalPort() + "-";
    }

    private void acceptLoop() {
        Sockets.acceptUntilClosed(server, closed::get, client -> {
            try {
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                Sockets.abort(client);
                return;
            }
            ProxyPair pair = new ProxyPair(client, route, threadPrefix() + ids.incrementAndGet());
            pairs.add(pair);
            if (closed.get()) {
                pair.close(true);
            } else {
                pair.start();
            }
        });
    }
}
