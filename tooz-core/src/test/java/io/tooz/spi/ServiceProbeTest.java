package io.tooz.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The probe against loopback servers that answer, close, keep silent, or are not there. */
@Timeout(20)
class ServiceProbeTest {
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void anAnswerIsShownBrieflyWithTheServiceItLooksLike() throws Exception {
        try (ServerSocket server = serve(s -> write(s, "-ERR unknown command 'PING'\r\n+second line\r\n"))) {
            ServiceProbe.Reply r = ServiceProbe.ask("127.0.0.1", server.getLocalPort(), PING, Duration.ofSeconds(5));
            assertThat(r.answered()).isTrue();
            assertThat(r.describe()).isEqualTo("answered '-ERR unknown command 'PING'' (Redis, by the look of it)");
        }
    }

    @Test
    void aServerThatClosesOrKeepsSilentOrIsNotThereIsSaidSo() throws Exception {
        try (ServerSocket closing = serve(s -> {});
                ServerSocket silent = serve(s -> sleep(3000))) {
            assertThat(ServiceProbe.ask("127.0.0.1", closing.getLocalPort(), PING, Duration.ofSeconds(5))
                            .describe())
                    .isEqualTo("closed the connection without answering");
            ServiceProbe.Reply quiet =
                    ServiceProbe.ask("127.0.0.1", silent.getLocalPort(), PING, Duration.ofMillis(300));
            assertThat(quiet.outcome()).isEqualTo(ServiceProbe.Reply.Outcome.SILENT);
            assertThat(quiet.waitedMillis()).isBetween(250L, 2000L);
        }
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        assertThat(ServiceProbe.ask("127.0.0.1", free, PING, Duration.ofSeconds(1))
                        .outcome())
                .isEqualTo(ServiceProbe.Reply.Outcome.UNREACHABLE);
    }

    @Test
    void binaryAndGreetingAnswersAreReadable() {
        byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
        assertThat(ServiceProbe.brief(settings)).isEqualTo("0x000000040000000000");
        assertThat(ServiceProbe.service(settings)).contains("an HTTP/2 server");
        byte[] greeting = "....\n10.11.6-MariaDB\0xyz".getBytes(StandardCharsets.ISO_8859_1);
        greeting[0] = 20;
        greeting[1] = 0;
        greeting[2] = 0;
        greeting[3] = 0;
        assertThat(ServiceProbe.brief(greeting)).isEqualTo("greeting of server version 10.11.6-MariaDB");
        assertThat(ServiceProbe.service(greeting)).contains("MySQL or MariaDB");
        assertThat(ServiceProbe.brief("x".repeat(100).getBytes(StandardCharsets.US_ASCII)))
                .hasSize(63)
                .endsWith("...");
    }

    private static ServerSocket serve(Consumer<Socket> handler) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    handler.accept(s);
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    private static void write(Socket s, String text) {
        try {
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            sleep(200);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
