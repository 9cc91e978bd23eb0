package io.tooz.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code randomize_hosts=false}: the servers in the order given, round and round, pausing after a fruitless round. */
class ZkOrderedHostsTest {
    private static final List<InetSocketAddress> ABC = List.of(
            InetSocketAddress.createUnresolved("127.0.0.1", 1),
            InetSocketAddress.createUnresolved("127.0.0.1", 2),
            InetSocketAddress.createUnresolved("127.0.0.1", 3));

    private static List<Integer> ports(ZkOrderedHosts hosts, int n, long spinDelay) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(hosts.next(spinDelay).getPort());
        }
        return out;
    }

    @Test
    void theHostsComeInTheOrderGivenRoundAndRound() {
        ZkOrderedHosts hosts = new ZkOrderedHosts(ABC);
        assertThat(hosts.size()).isEqualTo(3);
        assertThat(ports(hosts, 7, 0)).containsExactly(1, 2, 3, 1, 2, 3, 1);
        assertThat(hosts.next(0).isUnresolved()).isFalse();
    }

    @Test
    void aWholeRoundWithoutAConnectionEndsWithAPause() {
        ZkOrderedHosts hosts = new ZkOrderedHosts(ABC);
        long t0 = System.nanoTime();
        assertThat(ports(hosts, 3, 300)).containsExactly(1, 2, 3);
        assertThat(System.nanoTime() - t0).isLessThan(250_000_000L);
        t0 = System.nanoTime();
        assertThat(hosts.next(300).getPort()).isEqualTo(1);
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(290_000_000L);
    }

    @Test
    void afterAConnectionToTheSecondTheNextRoundStartsAfterIt() {
        ZkOrderedHosts hosts = new ZkOrderedHosts(ABC);
        assertThat(ports(hosts, 2, 0)).containsExactly(1, 2);
        hosts.onConnected(); // to 2; then lost
        assertThat(ports(hosts, 3, 0)).containsExactly(3, 1, 2);
    }

    @Test
    void aNewServerListAsksForAReconnectionOnlyWithoutTheCurrentServer() {
        ZkOrderedHosts hosts = new ZkOrderedHosts(ABC);
        InetSocketAddress current = hosts.next(0);
        hosts.onConnected();
        assertThat(hosts.updateServerList(List.of(ABC.get(2), ABC.get(0)), current))
                .isFalse();
        assertThat(hosts.next(0).getPort()).isEqualTo(3);
        assertThat(hosts.updateServerList(List.of(ABC.get(1)), current)).isTrue();
        assertThat(hosts.next(0).getPort()).isEqualTo(2);
    }
}
