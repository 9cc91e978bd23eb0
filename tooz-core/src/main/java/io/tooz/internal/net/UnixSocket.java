package io.tooz.internal.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A unix domain socket dressed as a {@link Socket}, for client libraries that take sockets only (Jedis, JDBC drivers:
 * Python tooz's {@code unix_socket} options): it connects to its path whatever address the library passes; reads and
 * writes wait at most the socket timeout, as on TCP; and reads fail at once once the output is shut down (a JDBC
 * driver's close must not wait for a server that stopped answering). TCP options are accepted and mean nothing here.
 */
public final class UnixSocket extends Socket {
    private final Path path;
    private volatile SocketChannel channel;
    private volatile int timeoutMillis;
    private volatile boolean closing;
    private volatile boolean closed;
    private volatile Selector reads;
    private volatile Selector writes;

    /** A socket that {@link #connect(SocketAddress, int)} connects to {@code path}. */
    public UnixSocket(Path path) {
        this.path = path;
    }

    @Override
    public void connect(SocketAddress ignored) throws IOException {
        connect(ignored, 0);
    }

    @Override
    public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(path)); // local: at once, or refused
            ch.configureBlocking(false);
            reads = Selector.open();
            writes = Selector.open();
            ch.register(reads, SelectionKey.OP_READ);
            ch.register(writes, SelectionKey.OP_WRITE);
        } catch (IOException e) {
            ch.close();
            throw new SocketException("cannot connect to the unix socket " + path + ": " + e);
        }
        channel = ch;
    }

    @Override
    public boolean isConnected() {
        return channel != null;
    }

    @Override
    public boolean isBound() {
        return channel != null;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        open();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return UnixSocket.this.read(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        open();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                UnixSocket.this.write(ByteBuffer.wrap(b, off, len));
            }
        };
    }

    private int read(ByteBuffer buf) throws IOException {
        SocketChannel ch = open();
        if (!buf.hasRemaining()) {
            return 0;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (reads) {
            while (true) {
                if (closing) {
                    throw new SocketException("the connection is being closed: not waiting for the server");
                }
                int n = ch.read(buf);
                if (n != 0) {
                    return n;
                }
                await(reads, deadline, "no answer on ");
            }
        }
    }

    private void write(ByteBuffer buf) throws IOException {
        SocketChannel ch = open();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (writes) {
            while (buf.hasRemaining()) {
                if (ch.write(buf) == 0) {
                    await(writes, deadline, "could not write to ");
                }
            }
        }
    }

    /** Waits until the selector's channel is ready, the deadline passes (if there is a timeout) or it is closed. */
    private void await(Selector selector, long deadline, String failure) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (timeoutMillis > 0 && left <= 0) {
            throw new SocketTimeoutException(failure + path + " within " + timeoutMillis + " ms");
        }
        try {
            selector.select(timeoutMillis > 0 ? Math.max(1, left) : 0);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new SocketException("socket closed");
        }
        if (closed) {
            throw new SocketException("socket closed");
        }
    }

    private SocketChannel open() throws SocketException {
        SocketChannel ch = channel;
        if (ch == null || closed) {
            throw new SocketException(ch == null ? "not connected" : "socket closed");
        }
        return ch;
    }

    @Override
    public void setSoTimeout(int timeout) {
        timeoutMillis = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMillis;
    }

    @Override
    public void shutdownOutput() throws IOException {
        closing = true;
        open().shutdownOutput();
    }

    @Override
    public void shutdownInput() throws IOException {
        open().shutdownInput();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        SocketChannel ch = channel;
        if (ch != null) {
            reads.close();
            writes.close();
            ch.close();
        }
    }

    @Override
    public InetAddress getInetAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return UnixDomainSocketAddress.of(path);
    }

    @Override
    public void bind(SocketAddress local) {} // a TCP client address means nothing here

    @Override
    public void setTcpNoDelay(boolean on) {}

    @Override
    public void setKeepAlive(boolean on) {}

    @Override
    public void setSoLinger(boolean on, int linger) {}

    @Override
    public void setReceiveBufferSize(int size) {}

    @Override
    public void setSendBufferSize(int size) {}

    @Override
    public String toString() {
        return "UnixSocket[" + path + "]";
    }
}
