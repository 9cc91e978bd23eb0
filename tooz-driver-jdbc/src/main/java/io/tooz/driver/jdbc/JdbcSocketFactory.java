package io.tooz.driver.jdbc;

import io.tooz.internal.net.UnixSocket;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.net.SocketFactory;

/**
 * The plain sockets under the driver's connections, named by class in the JDBC drivers' {@code socketFactory}
 * property (hence public; not part of tooz's API). Once a connection is being closed (its output shut down, as a TLS
 * close does after sending close_notify), reads fail at once: the JDK's TLS 1.3 close otherwise reads until the peer
 * answers or the socket timeout passes, which in a partition doubles the time every failed request takes and makes
 * closing a connection block. Sockets go to a unix socket instead of the host the JDBC driver connects them to when
 * pgjdbc passes one to the constructor ({@code socketFactoryArg}), or while a thread opens a connection {@linkplain
 * #viaUnixSocket through one} (Connector/J, which passes nothing, connects in the caller's thread).
 */
public final class JdbcSocketFactory extends SocketFactory {
    private static final ThreadLocal<Path> UNIX_SOCKET = new ThreadLocal<>();

    private final Path unixSocket;

    /** Instantiated by the JDBC drivers. */
    public JdbcSocketFactory() {
        this.unixSocket = null;
    }

    /** Instantiated by pgjdbc with {@code socketFactoryArg}, the server's unix socket; null if none is set. */
    public JdbcSocketFactory(String unixSocket) {
        this.unixSocket = unixSocket == null ? null : Path.of(unixSocket);
    }

    /** Runs {@code connect} with this thread's new sockets connected to {@code socket} (if not null). */
    static Connection viaUnixSocket(Path socket, Connecting connect) throws SQLException {
        if (socket == null) {
            return connect.run();
        }
        UNIX_SOCKET.set(socket);
        try {
            return connect.run();
        } finally {
            UNIX_SOCKET.remove();
        }
    }

    /** Opening a JDBC connection. */
    @FunctionalInterface
    interface Connecting {
        Connection run() throws SQLException;
    }

    @Override
    public Socket createSocket() {
        return newSocket();
    }

    private Socket newSocket() {
        Path unix = unixSocket != null ? unixSocket : UNIX_SOCKET.get();
        return unix != null ? new UnixSocket(unix) : new ClosingSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = newSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = newSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    private Socket connected(InetSocketAddress to) throws IOException {
        Socket s = newSocket();
        s.connect(to);
        return s;
    }

    /** A socket whose reads fail at once after {@link #shutdownOutput()}. */
    private static final class ClosingSocket extends Socket {
        private volatile boolean closing;
        private InputStream in;

        @Override
        public void shutdownOutput() throws IOException {
            closing = true;
            super.shutdownOutput();
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new FilterInputStream(super.getInputStream()) {
                    @Override
                    public int read() throws IOException {
                        check();
                        return super.read();
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        check();
                        return super.read(b, off, len);
                    }
                };
            }
            return in;
        }

        private void check() throws SocketException {
            if (closing) {
                throw new SocketException("the connection is being closed: not waiting for the server");
            }
        }
    }
}
