package io.tooz.tck;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * One client connection of a {@link BlackHoleProxy} and its connection to the backend, with a pump thread per
 * direction. The backend connection is made once the gate is open, so a client accepted during a partition is
 * connected at heal time. An end of stream is forwarded as a half-close; an error in either direction resets both
 * sockets. Nothing here touches other pairs.
 */
final class ProxyPair {
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Socket client;
    private final InetSocketAddress target;
    private final ProxyGate gate;
    private final DaemonThreads threads;
    private final String name;
    private final Consumer<ProxyPair> onClosed;
    private Socket upstream;
    private volatile boolean closed;
    private int directionsDone;

    ProxyPair(
            Socket client,
            InetSocketAddress target,
            ProxyGate gate,
            DaemonThreads threads,
            String name,
            Consumer<ProxyPair> onClosed) {
        this.client = client;
        this.target = target;
        this.gate = gate;
        this.threads = threads;
        this.name = name;
        this.onClosed = onClosed;
    }

    void start() {
        threads.start(name + "-c2s", this::connectAndPump);
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
        gate.wakeAll();
        if (abrupt) {
            Sockets.abort(client);
            Sockets.abort(up);
        } else {
            Sockets.closeQuietly(client);
            Sockets.closeQuietly(up);
        }
        onClosed.accept(this);
    }

    private void connectAndPump() {
        try {
            if (!gate.awaitOpen(this::isClosed) || target == null) {
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
            up.connect(target, CONNECT_TIMEOUT_MILLIS);
            threads.start(name + "-s2c", () -> pump(up, client));
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
                if (!gate.awaitOpen(this::isClosed)) {
                    return;
                }
                int n = in.read(buffer);
                if (!gate.beginWrite(this::isClosed)) {
                    return;
                }
                try {
                    if (n < 0) {
                        to.shutdownOutput();
                        break;
                    }
                    out.write(buffer, 0, n);
                } finally {
                    gate.endWrite();
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
