package io.tooz.embedded.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's lifecycle: a free port, a temporary data directory deleted on close, a kept one, a taken port. */
class EmbeddedZooKeeperTest {

    @Test
    void aServerOnAFreePortAcceptsConnectionsAndDeletesItsTemporaryDataOnClose() throws IOException {
        Path data;
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.onFreePort().start()) {
            assertThat(zk.isRunning()).isTrue();
            assertThat(zk.url()).isEqualTo("zookeeper://127.0.0.1:" + zk.port());
            data = zk.dataDir();
            assertThat(data).isDirectory();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", zk.port()), 2000);
            }
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void aGivenDataDirectoryIsKept(@TempDir Path dir) {
        Path data = dir.resolve("zk");
        try (EmbeddedZooKeeper zk = new EmbeddedZooKeeper("127.0.0.1", 0, data).start()) {
            assertThat(zk.dataDir()).isEqualTo(data);
        }
        assertThat(Files.isDirectory(data)).isTrue();
    }

    @Test
    void aTakenPortIsReportedWithThePort() {
        try (EmbeddedZooKeeper first = EmbeddedZooKeeper.onFreePort().start();
                EmbeddedZooKeeper second = new EmbeddedZooKeeper("127.0.0.1", first.port(), null)) {
            assertThatThrownBy(second::start)
                    .isInstanceOfSatisfying(EmbeddedZooKeeper.PortInUseException.class, e -> assertThat(e.port())
                            .isEqualTo(first.port()))
                    .hasMessageContaining("already in use");
            assertThat(second.isRunning()).isFalse();
        }
    }
}
