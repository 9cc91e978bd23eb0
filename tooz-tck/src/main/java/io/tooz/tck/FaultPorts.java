package io.tooz.tck;

import io.tooz.junit.BlackHoleProxy;
import io.tooz.junit.internal.Sockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Loopback addresses that fail in the ways a misconfigured or dead backend does, for tests of how a driver's {@code
 * start()} gives up. See also {@link BlackHoleProxy#silent()}, a port that accepts connections and never answers.
 *
 * <pre>{@code
 * InetSocketAddress nobody = FaultPorts.refused();        // connect -> ConnectException at once
 * try (WrongService ssh = FaultPorts.wrongService()) {    // connect works, the server speaks another protocol
 *     Coordinator.builder("redis://" + ssh.hostPort()).build().start();
 * }
 * }</pre>
 */
public final class FaultPorts {
    private FaultPorts() {}

    /**
     * An address of 127.0.0.1 where nothing listens, so connecting is refused at once: a port bound to an ephemeral
     * number and closed again. Another process could in principle take the port meanwhile; the kernel hands out
     * ephemeral ports round-robin, so this is unlikely within a test.
     *
     * @throws java.io.UncheckedIOException if no port can be bound
     */
    public static InetSocketAddress refused() {
        try (ServerSocket s = new ServerSocket(0, 1, Sockets.loopback())) {
            return new InetSocketAddress(Sockets.loopback(), s.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback port", e);
        }
    }

    /**
     * A server on 127.0.0.1 that accepts connections, sends {@link WrongService#BANNER} (an SSH greeting, which no
     * tooz backend speaks) and then reads and discards whatever the client sends, never closing first. Close it after
     * the test.
     *
     * @throws java.io.UncheckedIOException if no port can be bound
     */
    public static WrongService wrongService() {
        return new WrongService();
    }

    /**
     * Waits until something accepts TCP connections on 127.0.0.1:{@code port}, for a server a test has just
     * started; false if nothing did within {@code within}.
     */
    public static boolean listensWithin(int port, java.time.Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() - deadline < 0) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        return false;
    }

    /**
     * Fails, saying how to start it, unless one of {@code scripts/backends.sh}'s shared servers listens on {@code port}
     * (for tests that point a driver at another service's port).
     */
    public static void requireListening(String service, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        } catch (IOException e) {
            throw new AssertionError(service + " is not listening on 127.0.0.1:" + port
                    + ": start it with scripts/backends.sh up " + service + " (" + e.getMessage() + ")");
        }
    }
}
