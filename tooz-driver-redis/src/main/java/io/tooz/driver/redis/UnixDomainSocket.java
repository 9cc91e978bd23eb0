package io.tooz.driver.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A {@link Socket} over a Unix domain {@link SocketChannel} (Java 16+), for Jedis, which wants a {@code Socket}. The
 * channel is non-blocking and waits on selectors, so the read timeout works as on TCP.
 */
final class UnixDomainSocket extends Socket {
    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;
    private final SocketAddress address;
    private volatile int timeoutMs;
    private volatile boolean closed;

    UnixDomainSocket(Path path, int connectTimeoutMs) throws IOException {
        this.address = UnixDomainSocketAddress.of(path);
        this.channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(address); // a local socket connects at once or fails
            channel.configureBlocking(false);
            this.readable = Selector.open();
            this.writable = Selector.open();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        this.timeoutMs = connectTimeoutMs;
    }

    /** Waits until the channel is ready for {@code op}; reads and writes have a selector each (pub/sub does both). */
    private void await(Selector selector, int op) throws IOException {
        channel.register(selector, op);
        if (selector.select(timeoutMs) == 0) {
            throw new SocketTimeoutException("Unix socket " + address + ": no reply within " + timeoutMs + " ms");
        }
        selector.selectedKeys().clear();
    }

    @Override
    public InputStream getInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (true) {
                    int n = channel.read(buf);
                    if (n != 0 || len == 0) {
                        return n;
                    }
                    await(readable, SelectionKey.OP_READ);
                }
            }
        };
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    if (channel.write(buf) == 0) {
                        await(writable, SelectionKey.OP_WRITE);
                    }
                }
            }
        };
    }

    @Override
    public void setSoTimeout(int timeout) {
        this.timeoutMs = timeout;
    }

    @Override
    public int getSoTimeout() {
        return timeoutMs;
    }

    @Override
    public boolean isConnected() {
        return channel.isConnected();
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public boolean isInputShutdown() {
        return closed;
    }

    @Override
    public boolean isOutputShutdown() {
        return closed;
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return address;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return address;
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        try {
            readable.close();
            writable.close();
        } finally {
            channel.close();
        }
    }
}
