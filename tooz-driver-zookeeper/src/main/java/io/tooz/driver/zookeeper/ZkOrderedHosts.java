package io.tooz.driver.zookeeper;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.zookeeper.client.HostProvider;

/**
 * The servers in the order given, as kazoo tries them with {@code randomize_hosts=false}: the first, then the next on
 * each failed attempt, round and round; after a whole round without a connection the client waits {@code spinDelay}
 * (as ZooKeeper's shuffling {@code StaticHostProvider} does). Names are resolved at each attempt.
 */
final class ZkOrderedHosts implements HostProvider {
    private List<InetSocketAddress> hosts;
    private int current = -1;
    private int lastConnected = -1;

    ZkOrderedHosts(Collection<InetSocketAddress> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no ZooKeeper server given");
        }
        this.hosts = List.copyOf(hosts);
    }

    @Override
    public synchronized int size() {
        return hosts.size();
    }

    @Override
    public InetSocketAddress next(long spinDelay) {
        InetSocketAddress next;
        boolean wait;
        synchronized (this) {
            current = (current + 1) % hosts.size();
            wait = current == lastConnected && spinDelay > 0;
            if (lastConnected == -1) {
                lastConnected = 0;
            }
            next = hosts.get(current);
        }
        if (wait) {
            try {
                Thread.sleep(spinDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new InetSocketAddress(next.getHostString(), next.getPort());
    }

    @Override
    public synchronized void onConnected() {
        lastConnected = current;
    }

    /** Takes the new list; asks for a reconnection only if the current server is no longer in it. */
    @Override
    public synchronized boolean updateServerList(
            Collection<InetSocketAddress> serverAddresses, InetSocketAddress currentHost) {
        List<InetSocketAddress> next = new ArrayList<>(serverAddresses);
        if (next.isEmpty()) {
            return false;
        }
        int at = -1;
        for (int i = 0; i < next.size(); i++) {
            InetSocketAddress a = next.get(i);
            if (currentHost != null
                    && a.getPort() == currentHost.getPort()
                    && (a.getHostString().equals(currentHost.getHostString())
                            || (currentHost.getAddress() != null
                                    && a.getHostString()
                                            .equals(currentHost.getAddress().getHostAddress())))) {
                at = i;
            }
        }
        hosts = List.copyOf(next);
        current = at;
        lastConnected = at;
        return at == -1;
    }
}
