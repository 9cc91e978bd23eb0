package io.tooz.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tooz.junit.internal.DaemonThreads;
import io.tooz.junit.internal.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy against an echo server on loopback. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlackHoleProxyTest {
    private static final int SILENCE_MILLIS = 500;
    private static final int ANSWER_MILLIS = 5_000;

    private EchoServer echo;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new EchoServer();
    }

    @AfterEach
    void stopEcho() {
        echo.close();
    }

    @Test
    void bytesFlowBothWaysAndEndOfStreamIsForwarded() throws IOException {
        try (BlackHoleProxy proxy = BlackHoleProxy.start(echo.address());
                Socket s = connect(proxy.address())) {
            assertThat(proxy.hostPort())
                    .isEqualTo("127.0.0.1:" + proxy.address().getPort());
            assertThat(roundTrip(s, "hello")).isEqualTo("hello");
            assertThat(roundTrip(s, "world")).isEqualTo("world");
            assertThat(proxy.connections()).isEqualTo(1);
            s.shutdownOutput();
            assertThat(s.getInputStream().read())
                    .as("the echo server's close arrives as EOF")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aPartitionHoldsBytesWithoutClosingAndHealDeliversThemInOrder() throws IOException {
        try (BlackHoleProxy proxy = BlackHoleProxy.start(echo.address());
                Socket s = connect(proxy.address())) {
            assertThat(roundTrip(s, "before")).isEqualTo("before");
            proxy.partition();
            assertThat(proxy.partitioned()).isTrue();
            send(s, "ping");
            assertSilent(s);
            assertThat(s.isClosed()).isFalse();
            assertThat(proxy.connections()).isEqualTo(1);

            proxy.heal();
            assertThat(proxy.partitioned()).isFalse();
            send(s, "pong");
            assertThat(read(s, 8)).isEqualTo("pingpong");
            assertThat(roundTrip(s, "after")).isEqualTo("after");
        }
    }

    @Test
    void aConnectionMadeDuringAPartitionGetsNoAnswerUntilHeal() throws IOException {
        try (BlackHoleProxy proxy = BlackHoleProxy.start(echo.address())) {
            proxy.partition();
            try (Socket s = connect(proxy.address())) {
                send(s, "early");
                assertSilent(s);
                assertThat(echo.accepted())
                        .as("not connected to the backend while partitioned")
                        .isZero();
                assertThat(proxy.connections()).isEqualTo(1);

                proxy.heal();
                assertThat(read(s, 5)).isEqualTo("early");
                assertThat(roundTrip(s, "later")).isEqualTo("later");
                assertThat(echo.accepted()).isEqualTo(1);
            }
        }
    }

    @Test
    void resetBreaksEveryConnectionAndKeepsThePartitionState() throws IOException {
        try (BlackHoleProxy proxy = BlackHoleProxy.start(echo.address());
                Socket a = connect(proxy.address());
                Socket b = connect(proxy.address())) {
            assertThat(roundTrip(a, "a")).isEqualTo("a");
            assertThat(roundTrip(b, "b")).isEqualTo("b");
            proxy.partition();
            proxy.reset();
            assertThat(proxy.partitioned()).isTrue();
            assertBroken(a);
            assertBroken(b);
            assertThat(proxy.connections()).isZero();

            proxy.heal();
            try (Socket c = connect(proxy.address())) {
                assertThat(roundTrip(c, "c")).isEqualTo("c");
            }
        }
    }

    @Test
    void aBrokenConnectionLeavesTheOthersWorking() throws IOException {
        try (BlackHoleProxy proxy = BlackHoleProxy.start(echo.address());
                Socket survivor = connect(proxy.address())) {
            Socket victim = connect(proxy.address());
            assertThat(roundTrip(victim, "v")).isEqualTo("v");
            Sockets.abort(victim);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connections() == 1);
            assertThat(roundTrip(survivor, "still here")).isEqualTo("still here");
        }
    }

    @Test
    void closeStopsListeningAndLeavesNoProxyThreads() throws IOException {
        BlackHoleProxy proxy = BlackHoleProxy.start(echo.address());
        Socket forwarding = connect(proxy.address());
        assertThat(roundTrip(forwarding, "x")).isEqualTo("x");
        proxy.partition();
        Socket waiting = connect(proxy.address());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connections() == 2);

        proxy.close();
        proxy.close();
        Awaitility.await()
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertThat(proxyThreads()).isEmpty());
        assertBroken(forwarding);
        assertBroken(waiting);
        assertThatThrownBy(() -> connect(proxy.address())).isInstanceOf(ConnectException.class);
        forwarding.close();
        waiting.close();
    }

    @Test
    void aSilentPortAcceptsAndNeverAnswers() throws IOException {
        try (BlackHoleProxy silent = BlackHoleProxy.silent();
                Socket s = connect(silent.address())) {
            assertThat(silent.partitioned()).isTrue();
            send(s, "*1\r\n$4\r\nPING\r\n");
            assertSilent(s);
            assertThatThrownBy(silent::heal)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(silent.hostPort());
            assertThat(silent.partitioned()).isTrue();
        }
        assertThat(proxyThreads()).isEmpty();
    }

    // ---- helpers ----

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, ANSWER_MILLIS);
        s.setSoTimeout(ANSWER_MILLIS);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    private static String read(Socket s, int length) throws IOException {
        byte[] bytes = s.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        send(s, text);
        return read(s, text.getBytes(StandardCharsets.UTF_8).length);
    }

    /** Nothing arrives within half a second, and the connection is neither closed nor reset. */
    private static void assertSilent(Socket s) throws IOException {
        s.setSoTimeout(SILENCE_MILLIS);
        try {
            int b = s.getInputStream().read();
            throw new AssertionError(b < 0 ? "got EOF, the connection was closed" : "got an answer: byte " + b);
        } catch (SocketTimeoutException expected) {
            // silence, as in a partition
        } finally {
            s.setSoTimeout(ANSWER_MILLIS);
        }
    }

    /** The next read ends the stream or fails (reset), well before the read timeout. */
    private static void assertBroken(Socket s) {
        long start = System.nanoTime();
        Throwable thrown =
                catchThrowable(() -> assertThat(s.getInputStream().read()).isEqualTo(-1));
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(ANSWER_MILLIS));
    }

    private static List<String> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("tooz-proxy"))
                .toList();
    }

    /** Echoes every byte back on each connection; counts connections. */
    private static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, Sockets.loopback());
        private final DaemonThreads threads = new DaemonThreads();
        private final Set<Socket> open = ConcurrentHashMap.newKeySet();
        private volatile boolean closed;
        private volatile int accepted;

        EchoServer() throws IOException {
            threads.start(
                    "test-echo-accept",
                    () -> Sockets.acceptUntilClosed(server, () -> closed, s -> {
                        accepted++;
                        open.add(s);
                        threads.start("test-echo-" + accepted, () -> echo(s));
                    }));
        }

        InetSocketAddress address() {
            return new InetSocketAddress(Sockets.loopback(), server.getLocalPort());
        }

        int accepted() {
            return accepted;
        }

        private void echo(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    s.getOutputStream().write(buffer, 0, n);
                }
            } catch (IOException ignored) {
                // reset by the proxy
            } finally {
                open.remove(s);
            }
        }

        @Override
        public void close() {
            closed = true;
            Sockets.closeQuietly(server);
            open.forEach(Sockets::abort);
            threads.joinAll(Duration.ofSeconds(2));
        }
    }
}
