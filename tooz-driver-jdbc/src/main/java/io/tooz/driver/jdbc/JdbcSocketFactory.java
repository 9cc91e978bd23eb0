package io.tooz.driver.jdbc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The plain sockets under the driver's connections, named by class in the JDBC drivers' {@code socketFactory}
 * property (hence public; not part of tooz's API). Once a connection is being closed (its output shut down, as a TLS
 * close does after sending close_notify), reads fail at once: the JDK's TLS 1.3 close otherwise reads until the peer
 * answers or the socket timeout passes, which in a partition doubles the time every failed request takes and makes
 * closing a connection block.
 */
public final class JdbcSocketFactory extends SocketFactory {

    /** Instantiated by the JDBC drivers. */
    public JdbcSocketFactory() {}

    @Override
    public Socket createSocket() {
        return new ClosingSocket();
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
        Socket s = new ClosingSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = new ClosingSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    private static Socket connected(InetSocketAddress to) throws IOException {
        Socket s = new ClosingSocket();
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
