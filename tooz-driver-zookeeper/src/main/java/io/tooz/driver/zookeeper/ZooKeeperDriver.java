package io.tooz.driver.zookeeper;

import io.tooz.Characteristic;
import io.tooz.ToozConnectionException;
import io.tooz.spi.Driver;
import io.tooz.spi.DriverContext;
import io.tooz.spi.Facets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One coordinator's ZooKeeper session, through Curator's framework (connection handling and retries only). */
final class ZooKeeperDriver implements Driver {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDriver.class);
    /** How long close() may wait for the server to end the session. */
    private static final long CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DriverContext context;
    private final ZkSettings settings;
    private final ZkLayout layout;
    private final ZkErrors errors;
    private final ZkGroups groups;
    private final ZkLocks locks;
    private final ZkQueues queues;
    private final ZkClaims claims;
    private final ZkLink link = new ZkLink();
    private volatile CuratorFramework client;
    private volatile ZkTlsFiles tlsFiles;
    private volatile List<ACL> acl = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    private volatile long sessionId;
    private volatile long sessionTimeoutMs;

    ZooKeeperDriver(DriverContext context, ZkSettings settings) {
        this.context = context;
        this.settings = settings;
        this.layout = new ZkLayout(settings.chroot(), settings.namespace());
        this.errors = new ZkErrors(settings.connectString(), settings.timeout(), link);
        this.groups = new ZkGroups(this);
        this.locks = new ZkLocks(this);
        this.queues = new ZkQueues(this, locks);
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

    /** The raw ZooKeeper handle (a {@link ZkHandle}), for the hot lock path. */
    ZkHandle zookeeper() {
        CuratorFramework c = client();
        try {
            return (ZkHandle) c.getZookeeperClient().getZooKeeper(); // never blocks
        } catch (Exception e) {
            throw errors.translate("reaching ZooKeeper", e);
        }
    }

    /** The largest packet ZooKeeper takes ({@code jute.maxbuffer}). */
    int juteMaxBuffer() {
        return settings.juteMaxBuffer();
    }

    java.time.Duration timeout() {
        return settings.timeout();
    }

    /**
     * The shortest session timeout the servers have granted since start: a server cannot expire the session before
     * this has passed since the last request it received from us.
     */
    java.time.Duration sessionTimeout() {
        long ms = sessionTimeoutMs;
        return ms > 0 ? java.time.Duration.ofMillis(ms) : settings.timeout();
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
        ZkTlsFiles tls = ZkTlsFiles.open(settings.tls());
        if (tls.trustsAnyServer()) {
            LOG.warn(
                    "option verify_certs=false of zookeeper://: the certificates of the ZooKeeper servers at {} are"
                            + " not verified (as in kazoo): whoever answers at those addresses is trusted and can read and"
                            + " change this member's traffic; give option ca instead",
                    settings.connectString());
        }
        tlsFiles = tls;
        ZKClientConfig config = tls.clientConfig();
        int probeMs = Math.min(timeoutMs, ZkConnect.MAX_TLS_PROBE_MS);
        // a synchronous request the server never answers (close()'s among them) gives up after the timeout too
        config.setProperty(ZKClientConfig.ZOOKEEPER_REQUEST_TIMEOUT, Integer.toString(timeoutMs));
        CuratorFrameworkFactory.Builder b = CuratorFrameworkFactory.builder()
                .connectString(settings.connectString())
                .sessionTimeoutMs(timeoutMs)
                .connectionTimeoutMs(timeoutMs)
                .retryPolicy(new ZkRetry(timeoutMs))
                .zkClientConfig(config)
                .zookeeperFactory(ZkHandle.factory(
                        link, connect -> ZkHosts.provider(connect, settings.randomizeHosts(), tls, probeMs)))
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
        try {
            errors.call("connecting", settings.timeout().toNanos(), false, () -> {
                ZkConnect.awaitSession(c, settings, errors);
                sessionId = currentSessionId(c);
                noteSessionTimeout(c);
                try {
                    c.create().creatingParentsIfNeeded().forPath(layout.root);
                } catch (KeeperException.NodeExistsException e) {
                    // already there
                }
                return null;
            });
        } catch (RuntimeException e) {
            ZkConnect.closeInBackground(c, tls);
            throw e;
        }
        client = c;
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

    private static long currentSessionId(CuratorFramework c) {
        try {
            return c.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    /** Keeps the shortest negotiated session timeout: the lease TTL must never be longer than the server's. */
    private void noteSessionTimeout(CuratorFramework c) {
        try {
            long granted = c.getZookeeperClient().getZooKeeper().getSessionTimeout();
            if (granted > 0 && (sessionTimeoutMs == 0 || granted < sessionTimeoutMs)) {
                if (sessionTimeoutMs != 0) {
                    LOG.info("ZooKeeper granted member {} a shorter session timeout: {} ms", memberId(), granted);
                }
                sessionTimeoutMs = granted;
            }
        } catch (Exception e) {
            // not connected after all; the next connection tells
        }
    }

    private void onState(ConnectionState state) {
        CuratorFramework c = client;
        if (c == null) {
            return; // not started yet (the first connection), failed to start, or closed
        }
        switch (state) {
            case LOST -> {
                LOG.warn("ZooKeeper session of {} at {} lost", memberId(), settings.connectString());
                context.events().sessionLost();
            }
            case RECONNECTED -> {
                noteSessionTimeout(c);
                long now = currentSessionId(c);
                if (now != sessionId) {
                    sessionId = now;
                    locks.newSession();
                    queues.newSession();
                    context.scheduler().execute(groups::rearm);
                    context.events().membershipsLost("it has a new ZooKeeper session (the old one expired)");
                } else {
                    locks.reconnected();
                    context.scheduler().execute(groups::rearm);
                }
            }
            case SUSPENDED -> LOG.debug("ZooKeeper connection of {} suspended", memberId());
            default -> {}
        }
    }

    /** Closes the session, waiting at most 2 s for the server (or the timeout, if shorter). */
    @Override
    public void close() {
        CuratorFramework c = client;
        client = null;
        if (c != null) {
            try {
                errors.call(
                        "closing the session",
                        Math.min(CLOSE_WAIT_NANOS, settings.timeout().toNanos()),
                        false,
                        () -> {
                            c.close();
                            return null;
                        });
            } catch (RuntimeException e) {
                LOG.debug("closing the ZooKeeper session of {} did not finish: {}", memberId(), e.getMessage());
            }
        }
        ZkTlsFiles files = tlsFiles;
        if (files != null) {
            files.close();
        }
    }

    @Override
    public Facets facets() {
        return new Facets(groups, groups, locks, claims, queues);
    }
}
