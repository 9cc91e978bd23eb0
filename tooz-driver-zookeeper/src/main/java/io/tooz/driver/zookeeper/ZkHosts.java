package io.tooz.driver.zookeeper;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.HostProvider;
import org.apache.zookeeper.client.StaticHostProvider;

/** Which server the ZooKeeper client tries next: {@code randomize_hosts}, and {@code verify_certs=false}'s pinning. */
final class ZkHosts {
    private ZkHosts() {}

    /**
     * The host provider for a new client handle, or null for ZooKeeper's own (the hosts shuffled, as kazoo's {@code
     * randomize_hosts=true}, with nothing to do before connecting).
     */
    static HostProvider provider(String connectString, boolean randomize, ZkTlsFiles tls, int probeMs) {
        if (randomize && !tls.trustsAnyServer()) {
            return null;
        }
        List<InetSocketAddress> hosts = new ConnectStringParser(connectString).getServerAddresses();
        HostProvider order = randomize ? new StaticHostProvider(hosts) : new ZkOrderedHosts(hosts);
        return tls.trustsAnyServer() ? new TrustingEach(order, tls, probeMs) : order;
    }

    /** Reads and trusts each server's certificate just before the client connects to it. */
    private record TrustingEach(HostProvider order, ZkTlsFiles tls, int probeMs) implements HostProvider {
        @Override
        public int size() {
            return order.size();
        }

        @Override
        public InetSocketAddress next(long spinDelay) {
            InetSocketAddress next = order.next(spinDelay);
            tls.trustServerAt(next, probeMs);
            return next;
        }

        @Override
        public void onConnected() {
            order.onConnected();
        }

        @Override
        public boolean updateServerList(Collection<InetSocketAddress> servers, InetSocketAddress currentHost) {
            return order.updateServerList(servers, currentHost);
        }
    }
}
