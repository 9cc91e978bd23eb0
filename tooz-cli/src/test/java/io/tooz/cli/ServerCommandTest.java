package io.tooz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tooz.Capabilities;
import io.tooz.Coordinator;
import io.tooz.LockLease;
import io.tooz.embedded.zookeeper.EmbeddedZooKeeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tooz server}: a real ZooKeeper in this JVM that the ZooKeeper driver can use. */
class ServerCommandTest {
    private static final Pattern LISTENING =
            Pattern.compile("ZooKeeper listening on 127\\.0\\.0\\.1:(\\d+) \\(data (.+)\\); Ctrl-C stops it");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void coordinatorsJoinAndLockOnTheServer() {
        int port = freePort();
        Cli.Running server = Cli.start("server", "--port", Integer.toString(port), "--for", "20s");
        server.awaitOutput("url: zookeeper://127.0.0.1:" + port);
        assertThat(server.out.toString())
                .as(server.snapshot().toString())
                .containsPattern(LISTENING)
                .contains("ZooKeeper listening on 127.0.0.1:" + port + " ");

        String url = "zookeeper://127.0.0.1:" + port + "?timeout=5";
        try (Coordinator a = Coordinator.builder(url).memberId("a").build();
                Coordinator b = Coordinator.builder(url).memberId("b").build()) {
            a.start();
            b.start();
            a.joinGroupCreate("workers", Capabilities.of(Map.of("weight", 2)));
            assertThat(b.getMembers("workers").get()).containsExactly("a");
            assertThat(b.getMemberCapabilities("workers", "a").get().asMap()).isEqualTo(Map.of("weight", 2L));

            long first;
            try (LockLease lease = a.getLock("job").acquire(Duration.ofSeconds(5))) {
                first = lease.fencingToken();
                assertThat(lease.isStillOwner()).isTrue();
                assertThat(b.getLock("job").tryAcquire()).isEmpty();
                assertThat(b.getLock("job").holder()).contains("a");
            }
            try (LockLease lease = b.getLock("job").acquire(Duration.ofSeconds(5))) {
                assertThat(lease.fencingToken()).isGreaterThan(first);
            }
        }
        // the CLI sees the same data
        Cli.Result groups = Cli.run("groups", "--url", url);
        assertThat(groups.exit()).as(groups.toString()).isZero();
        assertThat(groups.out()).isEqualTo("workers\n");
        assertThat(server.exit).as("still serving").isNotDone();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stopsAfterForDeletingItsTemporaryData() {
        Cli.Running server = Cli.start("server", "--port", "0", "--for", "2s");
        server.awaitOutput("url: ");
        Matcher m = LISTENING.matcher(server.out.toString());
        assertThat(m.find()).as(server.snapshot().toString()).isTrue();
        int port = Integer.parseInt(m.group(1));
        Path data = Path.of(m.group(2));
        assertThat(port).isPositive();
        assertThat(data).isDirectory();
        assertThat(listening(port)).isTrue();

        Cli.Result r = server.result();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).endsWith("ZooKeeper stopped\n");
        assertThat(data).doesNotExist();
        assertThat(listening(port)).isFalse();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void keepsAGivenDataDirAcrossRestarts(@TempDir Path dir) {
        Path data = dir.resolve("zk");
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper("127.0.0.1", 0, data).start();
                Coordinator c = Coordinator.builder(zk.url()).build()) {
            assertThat(zk.dataDir()).isEqualTo(data);
            c.start();
            c.createGroup("kept").get();
        }
        assertThat(data).isDirectory();
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper("127.0.0.1", 0, data).start();
                Coordinator c = Coordinator.builder(zk.url()).build()) {
            c.start();
            assertThat(c.getGroups().get()).containsExactly("kept");
        }
        assertThat(data).isDirectory();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void jsonAnnouncesTheUrl() {
        Cli.Running server = Cli.start("server", "--port", "0", "--for", "1s", "--json");
        Cli.Result r = server.result();
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out())
                .containsPattern("^\\{\"event\":\"listening\",\"host\":\"127.0.0.1\",\"port\":\\d+,\"dataDir\":\".+\","
                        + "\"url\":\"zookeeper://127.0.0.1:\\d+\"}\n")
                .endsWith("{\"event\":\"stopped\"}\n");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void portInUseExitsThreeNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            Cli.Result r = Cli.run("server", "--port", Integer.toString(port), "--for", "1s");
            assertThat(r.exit()).as(r.toString()).isEqualTo(3);
            assertThat(r.err().lines())
                    .singleElement()
                    .asString()
                    .startsWith("tooz: ")
                    .contains("port " + port, "in use");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void badPortIsAUsageError() {
        assertThat(Cli.run("server", "--port", "70000", "--for", "1s").exit()).isEqualTo(2);
        assertThat(Cli.run("server", "--port", "x").exit()).isEqualTo(2);
        assertThat(Cli.run("server", "--help").out()).contains("--port", "--data-dir", "--bind", "--for");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
