package io.tooz.junit;

import io.tooz.junit.internal.DaemonThreads;
import io.tooz.junit.internal.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of a {@link BlackHoleProxy} and its connection to the backend, with a pump thread per
 * direction. The backend connection is made once the gate is open, so a client accepted during a partition is
 * connected at heal time. An end of stream is forwarded as a half-close; an error in either direction resets both
 * sockets. Nothing here touches other pairs.
 */
final class ProxyPair {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Socket client;
    private final Route route;
    private final String name;
    private @Nullable Socket upstream;
    private volatile boolean closed;
    private int directionsDone;

    /** What every pair of one proxy shares: the backend, the gate, the thread owner, and who to tell of a close. */
    record Route(
            @Nullable InetSocketAddress target, ProxyGate gate, DaemonThreads threads, Consumer<ProxyPair> onClosed) {}

    ProxyPair(Socket client, Route route, String name) {
        this.client = client;
        this.route = route;
        this.name = name;
    }

    void start() {
        route.threads().start(name + "-c2s", this::connectAndPump);
    }

    boolean isClosed() {
        return closed;
    }

    /** Closes both sockets, with a reset if {@code abrupt}; idempotent. */
    void close(boolean abrupt) {
        Socket up;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            up = upstream;
        }
        route.gate().wakeAll();
        if (abrupt) {
            Sockets.abort(client);
            Sockets.abort(up);
        } else {
            Sockets.closeQuietly(client);
            Sockets.closeQuietly(up);
        }
        route.onClosed().accept(this);
    }

    private void connectAndPump() {
        try {
            if (!route.gate().awaitOpen(this::isClosed) || route.target() == null) {
                return;
            }
            Socket up = new Socket();
            synchronized (this) {
                if (closed) {
                    return;
                }
                upstream = up;
            }
            up.setTcpNoDelay(true);
            up.connect(route.target(), CONNECT_TIMEOUT_MILLIS);
            route.threads().start(name + "-s2c", () -> pump(up, client));
            pump(client, up);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(true);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                if (!route.gate().awaitOpen(this::isClosed)) {
                    return;
                }
                int n = in.read(buffer);
                if (!route.gate().beginWrite(this::isClosed)) {
                    return;
                }
                try {
                    if (n < 0) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(buffer, 0, n);
                } finally {
                    route.gate().endWrite();
                }
            }
            directionDone();
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(true);
        }
    }

    private void directionDone() {
        boolean both;
        synchronized (this) {
            both = ++directionsDone == 2;
        }
        if (both) {
            close(false);
        }
    }
}
