package io.tooz.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ports that fail as a misconfigured or dead backend does (the proxy's own tests are in tooz-junit). */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FaultPortsTest {
    private static final int ANSWER_MILLIS = 5_000;

    @Test
    void aRefusedPortRefusesAtOnce() {
        InetSocketAddress refused = FaultPorts.refused();
        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> connect(refused).close());
        assertThat(thrown).isInstanceOf(ConnectException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void theWrongServiceSendsItsBannerAndKeepsListening() throws IOException {
        try (WrongService ssh = FaultPorts.wrongService();
                Socket s = connect(ssh.address())) {
            assertThat(ssh.hostPort()).isEqualTo("127.0.0.1:" + ssh.address().getPort());
            byte[] banner = s.getInputStream().readNBytes(WrongService.BANNER.length());
            assertThat(new String(banner, StandardCharsets.UTF_8)).isEqualTo(WrongService.BANNER);
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(500);
            assertThat(catchThrowable(() -> s.getInputStream().read()))
                    .as("nothing more arrives, and the connection stays open")
                    .isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("tck-wrong-service"));
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, ANSWER_MILLIS);
        s.setSoTimeout(ANSWER_MILLIS);
        return s;
    }
}
