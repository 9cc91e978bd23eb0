package io.tooz.bench;

import io.tooz.Capabilities;
import io.tooz.spi.ConnectionUrl;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * Group members of {@link ScaleGroups} on ZooKeeper without a coordinator each ({@code -Dtooz.bench.rawFill=true}):
 * ephemeral member znodes owned by a few raw {@link ZooKeeper} sessions, written as the driver's {@code joinGroup}
 * writes them ({@code [/CHROOT]/<namespace>/<group>/<member>}, the encoded {@link Capabilities#none()}, the open ACL
 * or with a user the digest ACL), created asynchronously with {@link #IN_FLIGHT} requests outstanding. Closing the
 * sessions removes the nodes. Plain URLs only (host:port list in the authority, chroot path, namespace, user).
 */
final class ZkRawMembers implements AutoCloseable {
    static final int SESSIONS = 10;
    static final int IN_FLIGHT = 500;

    private final List<ZooKeeper> sessions = new ArrayList<>();
    private final String root;
    private final List<ACL> acl;
    private int created;

    private ZkRawMembers(String root, List<ACL> acl) {
        this.root = root;
        this.acl = acl;
    }

    /** True when {@code -Dtooz.bench.rawFill=true} and the URL is ZooKeeper's. */
    static boolean enabled(String url) {
        String scheme = ConnectionUrl.parse(url).scheme();
        return Boolean.getBoolean("tooz.bench.rawFill") && (scheme.equals("zookeeper") || scheme.equals("kazoo"));
    }

    static ZkRawMembers open(String url) throws InterruptedException {
        ConnectionUrl u = ConnectionUrl.parse(url);
        if (u.query().containsKey("hosts") || u.query().containsKey("use_ssl")) {
            throw new IllegalArgumentException("tooz.bench.rawFill takes plain zookeeper://HOST:PORT[/CHROOT] URLs");
        }
        List<String> hosts = new ArrayList<>();
        u.hosts().forEach(h -> hosts.add(h.host() + ":" + h.portOr(2181)));
        String chroot = u.path().equals("/") ? "" : u.path().replaceAll("/$", "");
        List<String> ns = u.query().getOrDefault("namespace", List.of("tooz"));
        String credentials =
                u.user().map(user -> user + ":" + u.password().orElse("")).orElse(null);
        List<ACL> acl = new ArrayList<>(ZooDefs.Ids.OPEN_ACL_UNSAFE);
        if (credentials != null) {
            try {
                String digest = DigestAuthenticationProvider.generateDigest(credentials);
                acl = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is required for ZooKeeper digest ACLs", e);
            }
        }
        ZkRawMembers raw = new ZkRawMembers(chroot + "/" + ns.get(ns.size() - 1), acl);
        String connect = hosts.isEmpty() ? "localhost:2181" : String.join(",", hosts);
        try {
            for (int i = 0; i < SESSIONS; i++) {
                CountDownLatch connected = new CountDownLatch(1);
                ZooKeeper zk = session(connect, connected);
                raw.sessions.add(zk);
                if (!connected.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("raw ZooKeeper session to " + connect + " did not connect");
                }
                if (credentials != null) {
                    zk.addAuthInfo("digest", credentials.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (RuntimeException | InterruptedException e) {
            raw.close();
            throw e;
        }
        return raw;
    }

    private static ZooKeeper session(String connect, CountDownLatch connected) {
        try {
            return new ZooKeeper(connect, 30_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("raw ZooKeeper session to " + connect, e);
        }
    }

    /** Creates the members {@code ids} of {@code group}, round robin over the sessions; fails on any error. */
    void create(String group, List<String> ids) throws InterruptedException {
        byte[] data = Capabilities.none().encode();
        Semaphore window = new Semaphore(IN_FLIGHT);
        AtomicReference<String> failed = new AtomicReference<>();
        for (int i = 0; i < ids.size() && failed.get() == null; i++) {
            window.acquire();
            String path = root + "/" + group + "/" + ids.get(i);
            sessions.get(i % SESSIONS)
                    .create(
                            path,
                            data,
                            acl,
                            CreateMode.EPHEMERAL,
                            (rc, p, ctx, name) -> {
                                if (rc != KeeperException.Code.OK.intValue()) {
                                    failed.compareAndSet(null, p + ": " + KeeperException.Code.get(rc));
                                }
                                window.release();
                            },
                            null);
        }
        if (!window.tryAcquire(IN_FLIGHT, 2, TimeUnit.MINUTES)) {
            throw new IllegalStateException("raw member creates still outstanding after 2 minutes");
        }
        if (failed.get() != null) {
            throw new IllegalStateException("raw member create failed: " + failed.get());
        }
        created += ids.size();
    }

    int count() {
        return created;
    }

    /** How many members these sessions made, for the printed row. */
    String describe() {
        return String.format("%,d of them raw ephemeral nodes on %d sessions", created, SESSIONS);
    }

    /** Closes the sessions; the server deletes their ephemeral nodes. */
    @Override
    public void close() {
        for (ZooKeeper zk : sessions) {
            try {
                zk.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // its nodes stay until the session expires
            }
        }
        sessions.clear();
    }
}
