package io.tooz.driver.memcached;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One socket speaking memcached's text protocol; used by one thread at a time (the pool hands it out). */
final class MemcachedConnection implements AutoCloseable {
    private static final int MAX_LINE = 8192;

    /** The TCP socket, closed at once on close: a TLS close would wait for the server's close_notify. */
    private final Socket socket;

    private final InputStream in;
    private final OutputStream out;
    /** Bytes read from {@code in} and not consumed yet: {@code buf[pos..limit)}; a line must fit. */
    private final byte[] buf = new byte[MAX_LINE];

    private int pos;
    private int limit;
    /** The server's release, once asked; {@code null} before. */
    private MemcachedVersion version;

    private MemcachedConnection(Socket socket, Socket stream) throws IOException {
        this.socket = socket;
        this.in = stream.getInputStream();
        this.out = new BufferedOutputStream(stream.getOutputStream());
    }

    static MemcachedConnection open(String host, int port, Duration timeout) throws IOException {
        return open(host, port, timeout, null);
    }

    /** A connection, over TLS if {@code tls} is not null (the handshake within {@code timeout} too). */
    static MemcachedConnection open(String host, int port, Duration timeout, MemcachedTls tls) throws IOException {
        Socket s = new Socket();
        try {
            int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
            s.connect(new InetSocketAddress(host, port), millis);
            s.setSoTimeout(millis);
            s.setTcpNoDelay(true);
            return new MemcachedConnection(s, tls == null ? s : tls.handshake(s, host, port));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The server's release if this connection asked it already, else {@code null}. */
    MemcachedVersion knownVersion() {
        return version;
    }

    /** The server's release: asked with {@code version} the first time only (one round trip). */
    MemcachedVersion version() throws IOException {
        if (version == null) {
            send("version", null);
            String reply = readLine();
            if (!reply.startsWith("VERSION ")) {
                throw new IOException("memcached answered '" + MemcachedClient.brief(reply) + "' to 'version'");
            }
            version = MemcachedVersion.parse(reply.substring("VERSION ".length()));
        }
        return version;
    }

    /** Records the release read by the connection's greeting. */
    void knownVersion(MemcachedVersion v) {
        version = v;
    }

    /** Sends a command line, and a data block after it if {@code data} is not null. */
    void send(String line, byte[] data) throws IOException {
        queue(line, data);
        out.flush();
    }

    /** Buffers a command for the next {@link #send} or {@link #flush} (pipelining). */
    void queue(String line, byte[] data) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        if (data != null) {
            out.write(data);
            out.write('\r');
            out.write('\n');
        }
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Reads one reply line without its CRLF. */
    String readLine() throws IOException {
        int scanned = 1; // bytes after pos already looked at (at least one: a CR must come before the LF)
        while (true) {
            for (int i = pos + scanned; i < limit; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r') {
                    String line = new String(buf, pos, i - 1 - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return line;
                }
            }
            scanned = Math.max(1, limit - pos);
            fill();
        }
    }

    /** Reads more into the buffer, first moving what is left to its start; fails if a whole buffer is one line. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            throw new IOException("reply line longer than " + MAX_LINE + " bytes");
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            throw new EOFException("memcached closed the connection");
        }
        limit += n;
    }

    /** Reads a data block of {@code length} bytes and its CRLF. */
    byte[] readData(int length) throws IOException {
        byte[] data = new byte[length];
        int have = Math.min(length, limit - pos);
        System.arraycopy(buf, pos, data, 0, have);
        pos += have;
        if (have < length && in.readNBytes(data, have, length - have) < length - have) {
            throw new EOFException("memcached sent a truncated value");
        }
        while (limit - pos < 2) {
            fill();
        }
        if (buf[pos] != '\r' || buf[pos + 1] != '\n') {
            throw new EOFException("memcached sent a truncated value");
        }
        pos += 2;
        return data;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed: nothing more to do
        }
    }
}
