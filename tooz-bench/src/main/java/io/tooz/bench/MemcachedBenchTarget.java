package io.tooz.bench;

import io.tooz.ToozConnectionException;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.DriverOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The memcached server {@link MemcachedBench} measures and its bare connection: the {@link Target} a URL names, and
 * one socket speaking memcached's text protocol as tooz-driver-memcached's own client does (buffered streams, {@code
 * TCP_NODELAY}, one command and one reply line at a time). That client is internal to the driver, so the raw floor
 * uses this copy of its I/O rather than the driver's class itself.
 */
final class MemcachedBenchTarget {
    /** How long one request of the bare connection may take. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** The core's default {@code watch_interval}: how often groups are polled without a native watch. */
    private static final Duration DEFAULT_WATCH_INTERVAL = Duration.ofSeconds(1);

    private MemcachedBenchTarget() {}

    /**
     * The server named by a {@code memcached://HOST[:PORT]} URL (the port defaults to 11211).
     *
     * @param watchInterval the core's {@code watch_interval} of the URL: memcached has no notifications, so watchers
     *     poll
     */
    record Target(String host, int port, Duration watchInterval) {
        static Target of(String url) {
            ConnectionUrl u = ConnectionUrl.parse(url);
            BenchUrls.require(u.scheme().equals("memcached"), "MemcachedBench", "a memcached:// URL", url);
            BenchUrls.require(u.hosts().size() == 1, "MemcachedBench", "one HOST[:PORT] in the URL", url);
            Map<String, List<String>> q = u.query();
            List<String> w = q.get("watch_interval");
            Duration interval = w == null
                    ? DEFAULT_WATCH_INTERVAL
                    : DriverOptions.parseDuration(w.get(w.size() - 1))
                            .orElseThrow(() -> new IllegalArgumentException(
                                    "watch_interval '" + w.get(w.size() - 1) + "' is not a duration"));
            return new Target(u.hosts().get(0).host(), u.hosts().get(0).portOr(11211), interval);
        }

        String address() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** One text-protocol connection, used by one thread: the socket and its buffered streams. */
    record Raw(Socket socket, InputStream in, OutputStream out) implements AutoCloseable {
        private static final byte[] CRLF = {'\r', '\n'};

        /** Connects; a server that cannot be reached is a {@link ToozConnectionException}. */
        static Raw connect(Target t) {
            Socket s = new Socket();
            try {
                int millis = (int) REQUEST_TIMEOUT.toMillis();
                s.connect(new InetSocketAddress(t.host(), t.port()), millis);
                s.setSoTimeout(millis);
                s.setTcpNoDelay(true);
                return new Raw(
                        s, new BufferedInputStream(s.getInputStream()), new BufferedOutputStream(s.getOutputStream()));
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing was opened
                }
                throw new ToozConnectionException(
                        "cannot reach memcached at " + t.address() + ": " + e.getMessage()
                                + " (is it running? scripts/backends.sh up memcached starts one)",
                        e);
            }
        }

        /** {@code add key 0 ttl n}: true if stored, false if the key exists. */
        boolean add(String key, int ttlSeconds, byte[] value) throws IOException {
            send("add " + key + " 0 " + ttlSeconds + " " + value.length, value);
            String reply = readLine();
            return switch (reply) {
                case "STORED" -> true;
                case "NOT_STORED" -> false;
                default -> throw new IOException("memcached answered add with '" + reply + "'");
            };
        }

        /** {@code delete key}: true if deleted, false if there was no such key. */
        boolean delete(String key) throws IOException {
            send("delete " + key, null);
            String reply = readLine();
            return switch (reply) {
                case "DELETED" -> true;
                case "NOT_FOUND" -> false;
                default -> throw new IOException("memcached answered delete with '" + reply + "'");
            };
        }

        /** {@code version}: one round trip; the server's version. */
        String version() throws IOException {
            send("version", null);
            String reply = readLine();
            return reply.startsWith("VERSION ") ? reply.substring(8) : reply;
        }

        private void send(String line, byte[] data) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            if (data != null) {
                out.write(data);
                out.write(CRLF);
            }
            out.flush();
        }

        /** One reply line, read up to its LF; the CR before it dropped. */
        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("memcached closed the connection");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the benchmark is over
            }
        }
    }
}
