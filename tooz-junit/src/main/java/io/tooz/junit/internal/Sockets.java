package io.tooz.junit.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Socket helpers shared by the fault harness: the loopback address, "host:port" text, an accept loop, quiet and
 * abrupt closes.
 */
public final class Sockets {
    private static final long ACCEPT_BACKOFF_MILLIS = 100;

    private Sockets() {}

    /** 127.0.0.1 without a host name, so it prints as the literal. */
    public static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError("a four-byte address is always valid", e);
        }
    }

    /**
     * A server socket on an ephemeral port of 127.0.0.1.
     *
     * @throws java.io.UncheckedIOException if no port can be bound
     */
    public static ServerSocket listen() {
        try {
            return new ServerSocket(0, 50, loopback());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on a loopback port", e);
        }
    }

    /** "host:port", with the IP literal when the address is resolved and has no host name of its own. */
    public static String hostPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /**
     * {@code url} with the first {@code host:port} of {@code backend} replaced by {@code address}.
     *
     * @throws AssertionError if the URL does not contain the backend address
     */
    public static String urlVia(String url, InetSocketAddress backend, InetSocketAddress address) {
        String hostPort = hostPort(backend);
        for (int at = url.indexOf(hostPort); at >= 0; at = url.indexOf(hostPort, at + 1)) {
            int after = at + hostPort.length();
            if (after == url.length() || !Character.isDigit(url.charAt(after))) {
                return url.substring(0, at) + hostPort(address) + url.substring(after);
            }
        }
        throw new AssertionError("the URL " + url + " does not contain the backend address " + hostPort
                + "; the backend's address (the TCK's backendAddress()) must give host and port exactly as the URL"
                + " writes them");
    }

    /** Closes without throwing. */
    public static void closeQuietly(@Nullable Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that fails to close
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets a reset instead of an orderly end of stream. */
    public static void abort(@Nullable Socket s) {
        if (s == null) {
            return;
        }
        try {
            s.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // already closed or reset: closing below is all that is left
        }
        closeQuietly(s);
    }

    /**
     * Hands each connection accepted on {@code server} to {@code handler} until {@code closed} says so (closing the
     * server socket ends a blocked accept). After an unexpected accept failure it backs off for 100 ms instead of
     * spinning; an interrupt ends the loop.
     */
    public static void acceptUntilClosed(ServerSocket server, BooleanSupplier closed, Consumer<Socket> handler) {
        while (!closed.getAsBoolean()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (closed.getAsBoolean()) {
                    return;
                }
                try {
                    Thread.sleep(ACCEPT_BACKOFF_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
                continue;
            }
            handler.accept(s);
        }
    }
}
