package io.tooz.driver.zookeeper;

import io.tooz.Characteristic;
import io.tooz.ToozConnectionException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverClaims;
import io.tooz.spi.DriverContext;
import io.tooz.spi.DriverFaults;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.DriverWatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One coordinator's ZooKeeper session, through Curator's framework (connection handling and retries only). */
final class ZooKeeperDriver implements Driver, DriverFaults {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDriver.class);

    private final DriverContext context;
    private final ZkSettings settings;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final ZkGroups groups;
    private final ZkLocks locks;
    private final ZkClaims claims;
    private volatile CuratorFramework client;
    private volatile List<ACL> acl = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    private volatile long sessionId;

    ZooKeeperDriver(DriverContext context, ZkSettings settings) {
        this.context = context;
        this.settings = settings;
        this.layout = new ZkLayout(settings.namespace());
        this.errors = new ZkErrors(settings.connectString());
        this.groups = new ZkGroups(this);
        this.locks = new ZkLocks(this);
        this.claims = new ZkClaims(this);
    }

    CuratorFramework client() {
        CuratorFramework c = client;
        if (c == null) {
            throw new ToozConnectionException("not connected to ZooKeeper at " + settings.connectString());
        }
        return c;
    }

    /** The ACL every created znode gets: the digest ACL with credentials, else open (as Python tooz). */
    List<ACL> acl() {
        return acl;
    }

    /** The raw ZooKeeper handle (ours: {@link ZkHandle#FACTORY}), for the hot lock path. */
    ZkHandle zookeeper() {
        return errors.call("reaching ZooKeeper", () ->
                (ZkHandle) client().getZookeeperClient().getZooKeeper());
    }

    java.time.Duration timeout() {
        return settings.timeout();
    }

    ZkLayout layout() {
        return layout;
    }

    ZkErrors errors() {
        return errors;
    }

    DriverContext context() {
        return context;
    }

    String memberId() {
        return context.memberId();
    }

    @Override
    public Set<Characteristic> characteristics() {
        return Set.of(
                Characteristic.NON_TIMEOUT_BASED,
                Characteristic.DISTRIBUTED_ACROSS_THREADS,
                Characteristic.DISTRIBUTED_ACROSS_PROCESSES,
                Characteristic.DISTRIBUTED_ACROSS_HOSTS,
                Characteristic.SEQUENTIAL);
    }

    @Override
    public void checkName(NameKind kind, String name) {
        ZkLayout.check(kind, name);
    }

    @Override
    public void start() {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(timeoutMs)
                .connectionTimeoutMs(timeoutMs)
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000))
                .zkClientConfig(settings.tls().clientConfig())
                .zookeeperFactory(ZkHandle.FACTORY)
                .threadFactory(r -> {
                    Thread t = new Thread(r, "tooz-zookeeper-" + memberId());
                    t.setDaemon(true);
                    return t;
                });
        if (settings.user() != null) {
            String credentials = settings.user() + ":" + (settings.password() == null ? "" : settings.password());
            ACLProvider digest = digestAcl(credentials);
            b.authorization("digest", credentials.getBytes(StandardCharsets.UTF_8))
                    .aclProvider(digest);
            acl = digest.getDefaultAcl(); // for the znodes created with the raw client too
        }
        CuratorFramework c = b.build();
        c.getConnectionStateListenable().addListener((cf, state) -> onState(state));
        c.start();
        boolean connected;
        try {
            connected = c.blockUntilConnected(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connected = false;
        }
        if (!connected) {
            c.close();
            throw new ToozConnectionException("cannot connect to ZooKeeper at " + settings.connectString() + " within "
                    + timeoutMs + " ms (option 'timeout'); is it running? (scripts/backends.sh up zookeeper, or"
                    + " tooz server)");
        }
        client = c;
        sessionId = currentSessionId();
        errors.call("creating " + layout.root, () -> {
            try {
                c.create().creatingParentsIfNeeded().forPath(layout.root);
            } catch (KeeperException.NodeExistsException e) {
                // already there
            }
            return null;
        });
    }

    private static ACLProvider digestAcl(String credentials) {
        String digest;
        try {
            digest = DigestAuthenticationProvider.generateDigest(credentials);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required for ZooKeeper digest ACLs", e);
        }
        // a mutable list: ZooKeeper validates ACLs with contains(null), which List.of rejects
        List<ACL> acl = new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest))));
        return new ACLProvider() {
            @Override
            public List<ACL> getDefaultAcl() {
                return acl;
            }

            @Override
            public List<ACL> getAclForPath(String path) {
                return acl;
            }
        };
    }

    private long currentSessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    private void onState(ConnectionState state) {
        switch (state) {
            case LOST -> {
                LOG.warn("ZooKeeper session of {} at {} lost", memberId(), settings.connectString());
                context.events().sessionLost();
            }
            case RECONNECTED -> {
                long now = currentSessionId();
                if (now != sessionId) {
                    sessionId = now;
                    LOG.info("member {} has a new ZooKeeper session; restoring its memberships", memberId());
                    context.scheduler().execute(groups::restore);
                } else {
                    context.scheduler().execute(groups::rearm);
                }
            }
            default -> {}
        }
    }

    @Override
    public void close() {
        CuratorFramework c = client;
        client = null;
        groups.closeWatches();
        if (c != null) {
            c.close();
        }
    }

    @Override
    public Optional<DriverGroups> groups() {
        return Optional.of(groups);
    }

    @Override
    public Optional<DriverWatch> watch() {
        return Optional.of(groups);
    }

    @Override
    public Optional<DriverLocks> locks() {
        return Optional.of(locks);
    }

    @Override
    public Optional<DriverClaims> claims() {
        return Optional.of(claims);
    }

    @Override
    public Optional<DriverFaults> faults() {
        return Optional.of(this);
    }

    @Override
    public void expireSession() {
        ZkSessionKiller.kill(client(), settings);
    }

    @Override
    public void destroyGroup(String groupId) {
        errors.call("destroying group " + groupId, () -> {
            try {
                client().delete().deletingChildrenIfNeeded().forPath(layout.group(groupId));
            } catch (KeeperException.NoNodeException e) {
                // already gone
            }
            return null;
        });
    }
}
