package io.tooz.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the server at a host and port answers to a few bytes: for a driver whose connection failed in a way that
 * suggests another service listens there, so that the user reads "the server at 127.0.0.1:6379 is not memcached: it
 * answered '-ERR unknown command' (Redis, by the look of it)" instead of a protocol error. One short plain TCP
 * connection (never TLS) that sends nothing but the given bytes.
 */
public final class ServiceProbe {
    private static final int MAX_BYTES = 512;
    private static final int MAX_TEXT = 60;
    /** After the first bytes came, how long the rest of a first line may take. */
    private static final int TAIL_MS = 50;

    private ServiceProbe() {}

    /**
     * What came back.
     *
     * @param outcome whether the server answered, closed the connection, kept silent or could not be reached
     * @param bytes the first bytes of the answer (at most 512), empty unless answered
     * @param waitedMillis how long the probe waited for them
     */
    public record Reply(Outcome outcome, byte[] bytes, long waitedMillis) {
        /** The four ways a probe ends. */
        public enum Outcome {
            ANSWERED,
            CLOSED,
            SILENT,
            UNREACHABLE
        }

        /** Whether the server sent anything. */
        public boolean answered() {
            return outcome == Outcome.ANSWERED;
        }

        /** The answer as ISO-8859-1 text, for matching ASCII protocols. */
        public String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /**
         * What the server did, for a message: {@code answered '-ERR unknown command' (Redis, by the look of it)},
         * {@code closed the connection without answering}, {@code sent nothing back within 1000 ms}.
         */
        public String describe() {
            return switch (outcome) {
                case ANSWERED -> "answered '" + brief(bytes) + "'"
                        + service(bytes)
                                .map(s -> " (" + s + ", by the look of it)")
                                .orElse("");
                case CLOSED -> "closed the connection without answering";
                case SILENT -> "sent nothing back within " + waitedMillis + " ms";
                case UNREACHABLE -> "could not be connected to again";
            };
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Reply r
                    && r.outcome == outcome
                    && r.waitedMillis == waitedMillis
                    && Arrays.equals(r.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return outcome.hashCode() * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Reply[" + describe() + "]";
        }
    }

    /**
     * Connects to {@code host:port}, sends {@code request} (unless null: some servers speak first) and reads the first
     * bytes of the answer, all within {@code budget}.
     */
    public static Reply ask(String host, int port, byte @Nullable [] request, Duration budget) {
        long started = System.nanoTime();
        int budgetMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget.toMillis()));
        try (Socket s = new Socket()) {
            try {
                s.connect(new InetSocketAddress(host, port), budgetMs);
            } catch (IOException e) {
                return new Reply(Reply.Outcome.UNREACHABLE, new byte[0], millisSince(started));
            }
            byte[] buf = new byte[MAX_BYTES];
            int n;
            try {
                if (request != null) {
                    s.getOutputStream().write(request);
                    s.getOutputStream().flush();
                }
                s.setSoTimeout((int) Math.max(1, budgetMs - millisSince(started)));
                n = s.getInputStream().read(buf);
            } catch (SocketTimeoutException e) {
                return new Reply(Reply.Outcome.SILENT, new byte[0], millisSince(started));
            } catch (IOException e) {
                n = -1; // reset, broken pipe: closed on us
            }
            if (n <= 0) {
                return new Reply(Reply.Outcome.CLOSED, new byte[0], millisSince(started));
            }
            n += readRestOfLine(s, buf, n);
            return new Reply(Reply.Outcome.ANSWERED, Arrays.copyOf(buf, n), millisSince(started));
        } catch (IOException e) {
            return new Reply(Reply.Outcome.CLOSED, new byte[0], millisSince(started)); // closing failed: no matter
        }
    }

    private static int readRestOfLine(Socket s, byte[] buf, int from) {
        int n = from;
        try {
            s.setSoTimeout(TAIL_MS);
            InputStream in = s.getInputStream();
            while (n < buf.length && indexOf(buf, n, (byte) '\n') < 0) {
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            // what came is enough
        }
        return n - from;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static int indexOf(byte[] b, int length, byte x) {
        for (int i = 0; i < length; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    /**
     * An answer as at most 60 printable characters: its first line, runs of other bytes as one space; a MySQL
     * greeting as its server version; bytes with nothing printable as hex.
     */
    public static String brief(byte[] bytes) {
        if (mysqlGreeting(bytes)) {
            int end = 5;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            return "greeting of server version " + printable(Arrays.copyOfRange(bytes, 5, end), false);
        }
        String text = printable(bytes, true);
        if (!text.isEmpty()) {
            return text;
        }
        StringBuilder hex = new StringBuilder("0x");
        for (int i = 0; i < Math.min(bytes.length, 12); i++) {
            hex.append(String.format("%02x", bytes[i] & 0xff));
        }
        return hex + (bytes.length > 12 ? "..." : "");
    }

    private static String printable(byte[] bytes, boolean firstLine) {
        StringBuilder b = new StringBuilder();
        boolean gap = false;
        for (byte x : bytes) {
            int c = x & 0xff;
            if (firstLine && (c == '\r' || c == '\n') && b.length() > 0) {
                break;
            }
            if (c >= 0x20 && c < 0x7f) {
                if (gap && b.length() > 0) {
                    b.append(' ');
                }
                gap = false;
                b.append((char) c);
            } else {
                gap = true;
            }
            if (b.length() >= MAX_TEXT) {
                return b.toString().trim() + "...";
            }
        }
        return b.toString().trim();
    }

    private static boolean mysqlGreeting(byte[] b) {
        // 3-byte little-endian length, sequence 0, protocol version 10, then the version string
        return b.length > 6 && b[3] == 0 && b[4] == 10 && (b[0] & 0xff) + ((b[1] & 0xff) << 8) + 4 >= 10;
    }

    /** The service an answer looks like it came from, if it is a well-known one. */
    public static Optional<String> service(byte[] bytes) {
        String t = new String(bytes, StandardCharsets.ISO_8859_1);
        if (t.startsWith("-ERR") || t.startsWith("-NOAUTH") || t.startsWith("-WRONGPASS") || t.startsWith("+PONG")) {
            return Optional.of("Redis");
        }
        if (t.startsWith("ERROR")
                || t.startsWith("CLIENT_ERROR")
                || t.startsWith("SERVER_ERROR")
                || t.startsWith("VERSION ")) {
            return Optional.of("memcached");
        }
        if (t.startsWith("Zookeeper version")
                || t.contains("is not in the whitelist")
                || t.contains("not currently serving requests")) {
            return Optional.of("ZooKeeper");
        }
        if (t.startsWith("SSH-")) {
            return Optional.of("SSH");
        }
        if (t.startsWith("HTTP/")) {
            return Optional.of(t.contains("HTTPS server") ? "an HTTPS server" : "an HTTP/1 server");
        }
        if (mysqlGreeting(bytes)) {
            return Optional.of("MySQL or MariaDB");
        }
        if (t.startsWith("E") && t.contains("SFATAL")) {
            return Optional.of("PostgreSQL");
        }
        if (bytes.length >= 9 && bytes[3] == 4 && bytes[0] == 0) {
            return Optional.of("an HTTP/2 server");
        }
        if (bytes.length >= 2 && (bytes[0] == 0x15 || bytes[0] == 0x16) && bytes[1] == 3) {
            return Optional.of("a TLS server");
        }
        return Optional.empty();
    }
}
