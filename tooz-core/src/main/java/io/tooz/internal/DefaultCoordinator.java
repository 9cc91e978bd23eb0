package io.tooz.internal;

import io.tooz.Capabilities;
import io.tooz.Characteristic;
import io.tooz.CoordFuture;
import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.DoubleBarrier;
import io.tooz.DriverChosenPoorlyException;
import io.tooz.Feature;
import io.tooz.GateBarrier;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupEvent;
import io.tooz.GroupNotCreatedException;
import io.tooz.MemberInfo;
import io.tooz.ToozConfigurationException;
import io.tooz.ToozException;
import io.tooz.UnsupportedFeatureException;
import io.tooz.WatchCallback;
import io.tooz.WatchMode;
import io.tooz.partition.Partitioner;
import io.tooz.spi.ConnectionUrl;
import io.tooz.spi.Driver;
import io.tooz.spi.Driver.NameKind;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.DriverOptions;
import io.tooz.spi.DriverProvider;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator: lifecycle, ordered group operations, and the core services every driver shares. */
public final class DefaultCoordinator implements Coordinator {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCoordinator.class);
    private static final Duration MAX_WATCH_INTERVAL = Duration.ofHours(1);

    private final String memberId;
    private final ConnectionUrl url;
    private final DriverProvider provider;
    private final Map<String, List<String>> options;
    private final WatchMode watchMode;
    private final boolean autoHeartbeat;
    private final Duration watchInterval;
    private final Set<Feature> features;
    private final Set<Characteristic> characteristics;
    private final WatchRegistry watches = new WatchRegistry(this);
    private final LeaderElections elections = new LeaderElections(this);
    private final HeldLeases held = new HeldLeases(this);
    private final Set<String> joinedGroups = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private final io.tooz.spi.DriverEvents events = new io.tooz.spi.DriverEvents() {
        @Override
        public void leaseLost(io.tooz.spi.DriverLease lease, io.tooz.LossReason reason) {
            held.lost(lease, reason);
        }

        @Override
        public void sessionLost() {
            LOG.warn("member {} lost its session on {}: memberships and locks are gone", memberId, url);
            joinedGroups.clear();
            held.lostAll(io.tooz.LossReason.SESSION_EXPIRED);
        }
    };

    private volatile Driver driver;
    private volatile CoreDriverContext context;
    private volatile Runtime runtime;
    private volatile boolean heartbeatsPaused;

    private DefaultCoordinator(
            String memberId,
            ConnectionUrl url,
            DriverProvider provider,
            Map<String, List<String>> options,
            CoreDriverContext firstContext,
            Duration watchInterval,
            WatchMode watchMode,
            boolean autoHeartbeat) {
        this.memberId = memberId;
        this.url = url;
        this.provider = provider;
        this.options = options;
        this.context = firstContext;
        this.driver = firstContext.driver();
        this.watchInterval = watchInterval;
        this.watchMode = watchMode;
        this.autoHeartbeat = autoHeartbeat;
        this.characteristics = Set.copyOf(driver.characteristics());
        this.features = featuresOf(driver);
    }

    public static Coordinator create(
            String rawUrl,
            String memberId,
            Map<String, List<String>> builderOptions,
            Set<Characteristic> required,
            WatchMode watchMode,
            boolean autoHeartbeat) {
        ConnectionUrl url = ConnectionUrl.parse(rawUrl);
        DriverProvider provider = DriverRegistry.forScheme(url.scheme(), url.toString());
        Map<String, List<String>> merged = new LinkedHashMap<>(url.query());
        merged.putAll(builderOptions);
        DriverOptions probe = new DriverOptions(url.scheme(), merged);
        Duration watchInterval =
                probe.duration("watch_interval", Duration.ofSeconds(1), Duration.ofMillis(10), MAX_WATCH_INTERVAL);
        CoreDriverContext ctx = newDriver(provider, url, memberId, probe);
        Driver driver = ctx.driver();
        Set<String> unknown = probe.unknown();
        if (!unknown.isEmpty()) {
            throw new ToozConfigurationException("unknown option" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + " for " + url.scheme() + "://; known options: "
                    + String.join(", ", probe.known()));
        }
        Set<Characteristic> missing = EnumSet.noneOf(Characteristic.class);
        missing.addAll(required);
        missing.removeAll(driver.characteristics());
        if (!missing.isEmpty()) {
            throw new DriverChosenPoorlyException("the " + url.scheme() + ":// driver lacks required characteristics "
                    + new TreeSet<>(missing) + "; it has " + new TreeSet<>(driver.characteristics()));
        }
        Names.check(driver, NameKind.MEMBER, memberId);
        return new DefaultCoordinator(memberId, url, provider, merged, ctx, watchInterval, watchMode, autoHeartbeat);
    }

    private static CoreDriverContext newDriver(
            DriverProvider provider, ConnectionUrl url, String memberId, DriverOptions options) {
        CoreDriverContext ctx = new CoreDriverContext(memberId, url, options);
        Driver d = provider.create(ctx);
        if (d == null) {
            throw new ToozException("driver provider " + provider.getClass().getName() + " returned no driver");
        }
        ctx.setDriver(d);
        return ctx;
    }

    private static Set<Feature> featuresOf(Driver d) {
        Set<Feature> f = EnumSet.noneOf(Feature.class);
        if (d.groups().isPresent()) {
            f.addAll(List.of(Feature.GROUPS, Feature.GROUP_WATCH, Feature.BARRIERS, Feature.PARTITIONER));
            d.watch().ifPresent(w -> f.add(Feature.NATIVE_WATCH));
            d.ttl().ifPresent(t -> f.add(Feature.HEARTBEAT_EXPIRY));
        }
        d.locks().ifPresent(l -> {
            f.add(Feature.LOCKS);
            f.add(Feature.LEADER_ELECTION);
            if (l.canBreak()) {
                f.add(Feature.LOCK_BREAK);
            }
        });
        return Set.copyOf(f);
    }

    // ---- lifecycle ----

    @Override
    public void start() {
        synchronized (lifecycle) {
            if (runtime != null) {
                throw new ToozException("coordinator for member " + memberId + " on " + url
                        + " is already started; stop() it before starting again");
            }
            if (driver == null) {
                context = newDriver(provider, url, memberId, new DriverOptions(url.scheme(), options));
                driver = context.driver();
            }
            Runtime rt = new Runtime(this, driver);
            context.bind(rt, events);
            try {
                driver.start();
            } catch (RuntimeException e) {
                rt.shutdown();
                closeDriverQuietly();
                throw Errors.unwrap(e, "connecting to " + url);
            }
            runtime = rt;
            rt.startServices();
            elections.startAll();
            LOG.debug("coordinator {} started on {}", memberId, url);
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            Runtime rt = runtime;
            if (rt == null) {
                throw new ToozException(
                        "coordinator for member " + memberId + " on " + url + " is not started; nothing to stop");
            }
            elections.stopAll();
            for (String g : List.copyOf(joinedGroups)) {
                try {
                    groupsFacet().leaveGroup(g);
                } catch (ToozException e) {
                    LOG.debug("leaving group {} on stop: {}", g, e.getMessage());
                }
            }
            joinedGroups.clear();
            held.releaseAll();
            watches.closeAll();
            rt.stopServices();
            runtime = null;
            closeDriverQuietly();
            rt.shutdown();
            LOG.debug("coordinator {} stopped", memberId);
        }
    }

    private void closeDriverQuietly() {
        try {
            driver.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the {} driver failed: {}", url.scheme(), e.getMessage());
        }
        driver = null;
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (runtime != null) {
                stop();
            }
        }
    }

    @Override
    public boolean isStarted() {
        return runtime != null;
    }

    @Override
    public String memberId() {
        return memberId;
    }

    @Override
    public Set<Characteristic> characteristics() {
        return characteristics;
    }

    @Override
    public Set<Feature> features() {
        return features;
    }

    @Override
    public Duration heartbeat() {
        Runtime rt = started();
        rt.beat();
        return rt.heartbeatInterval();
    }

    // ---- internals shared with the services ----

    Runtime started() {
        Runtime rt = runtime;
        if (rt == null) {
            throw new ToozException(
                    "coordinator for member " + memberId + " on " + url + " is not started; call start() first");
        }
        return rt;
    }

    Driver driver() {
        Driver d = driver;
        if (d == null || runtime == null) {
            started();
        }
        return d;
    }

    String scheme() {
        return url.scheme();
    }

    boolean isAuto() {
        return watchMode == WatchMode.AUTO;
    }

    Duration watchInterval() {
        return watchInterval;
    }

    boolean isAutoHeartbeat() {
        return autoHeartbeat;
    }

    boolean heartbeatsPaused() {
        return heartbeatsPaused;
    }

    Dispatcher dispatcher() {
        return started().dispatcher();
    }

    HeldLeases heldLeases() {
        return held;
    }

    WatchRegistry watches() {
        return watches;
    }

    DriverGroups groupsFacet() {
        return driver().groups().orElseThrow(() -> unsupported(Feature.GROUPS));
    }

    DriverLocks locksFacet() {
        return driver().locks().orElseThrow(() -> unsupported(Feature.LOCKS));
    }

    DriverLocks locksFacetOrNull() {
        Driver d = driver;
        return d == null ? null : d.locks().orElse(null);
    }

    List<WatchCallback<GroupEvent>> callbacksFor(GroupEvent e) {
        return e instanceof GroupEvent.MemberJoined || e instanceof GroupEvent.MemberLeft
                ? watches.callbacksFor(e)
                : elections.callbacksFor(e);
    }

    void bootedOut(String group) {
        joinedGroups.remove(group);
    }

    private UnsupportedFeatureException unsupported(Feature f) {
        return new UnsupportedFeatureException(
                "the " + url.scheme() + ":// driver does not support " + f + "; it offers " + features);
    }

    private String group(String groupId) {
        return Names.check(driver(), NameKind.GROUP, groupId);
    }

    private <T> CoordFuture<T> submit(String operation, java.util.concurrent.Callable<T> work) {
        try {
            return started().submit(operation, work);
        } catch (ToozException e) {
            return CoordFutureImpl.failed(operation, e);
        }
    }

    // ---- groups ----

    @Override
    public CoordFuture<Void> createGroup(String groupId) {
        return submit("create group " + groupId, () -> {
            groupsFacet().createGroup(group(groupId));
            return null;
        });
    }

    @Override
    public CoordFuture<Void> deleteGroup(String groupId) {
        return submit("delete group " + groupId, () -> {
            groupsFacet().deleteGroup(group(groupId));
            return null;
        });
    }

    @Override
    public CoordFuture<Set<String>> getGroups() {
        return submit("get groups", () -> Set.copyOf(groupsFacet().getGroups()));
    }

    @Override
    public CoordFuture<Void> joinGroup(String groupId, Capabilities capabilities) {
        byte[] caps = capabilities.encode();
        return submit("join group " + groupId + " as " + memberId, () -> {
            groupsFacet().joinGroup(group(groupId), caps);
            joinedGroups.add(groupId);
            return null;
        });
    }

    @Override
    public void joinGroupCreate(String groupId, Capabilities capabilities) {
        for (int attempt = 0; ; attempt++) {
            try {
                joinGroup(groupId, capabilities).get();
                return;
            } catch (GroupNotCreatedException e) {
                if (attempt >= 10) {
                    throw e;
                }
                try {
                    createGroup(groupId).get();
                } catch (GroupAlreadyExistsException raced) {
                    // someone else created it; join again
                }
            }
        }
    }

    @Override
    public CoordFuture<Void> leaveGroup(String groupId) {
        return submit("leave group " + groupId + " as " + memberId, () -> {
            groupsFacet().leaveGroup(group(groupId));
            joinedGroups.remove(groupId);
            return null;
        });
    }

    @Override
    public CoordFuture<Set<String>> getMembers(String groupId) {
        return submit(
                "get members of " + groupId, () -> Set.copyOf(groupsFacet().getMembers(group(groupId))));
    }

    @Override
    public CoordFuture<Capabilities> getMemberCapabilities(String groupId, String member) {
        return submit(
                "get capabilities of " + member + " in " + groupId,
                () -> Capabilities.decode(groupsFacet().getMemberCapabilities(group(groupId), member)));
    }

    @Override
    public CoordFuture<Map<String, Capabilities>> getMembersWithCapabilities(String groupId) {
        return submit("get members with capabilities of " + groupId, () -> {
            Map<String, Capabilities> out = new LinkedHashMap<>();
            groupsFacet()
                    .getMembersWithCapabilities(group(groupId))
                    .forEach((m, c) -> out.put(m, Capabilities.decode(c)));
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    @Override
    public CoordFuture<Void> updateCapabilities(String groupId, Capabilities capabilities) {
        byte[] caps = capabilities.encode();
        return submit("update capabilities of " + memberId + " in " + groupId, () -> {
            groupsFacet().updateCapabilities(group(groupId), caps);
            return null;
        });
    }

    @Override
    public CoordFuture<MemberInfo> getMemberInfo(String groupId, String member) {
        return submit("get member info of " + member + " in " + groupId, () -> {
            var r = groupsFacet().getMemberRecord(group(groupId), member);
            return new MemberInfo(
                    Capabilities.decode(r.capabilities()),
                    Optional.ofNullable(r.joinedAt()),
                    Optional.ofNullable(r.updatedAt()));
        });
    }

    // ---- watchers ----

    @Override
    public void watchJoinGroup(String groupId, WatchCallback<GroupEvent.MemberJoined> callback) {
        groupsFacet();
        watches.addJoin(group(groupId), callback);
    }

    @Override
    public void unwatchJoinGroup(String groupId, WatchCallback<GroupEvent.MemberJoined> callback) {
        watches.removeJoin(groupId, callback);
    }

    @Override
    public void watchLeaveGroup(String groupId, WatchCallback<GroupEvent.MemberLeft> callback) {
        groupsFacet();
        watches.addLeave(group(groupId), callback);
    }

    @Override
    public void unwatchLeaveGroup(String groupId, WatchCallback<GroupEvent.MemberLeft> callback) {
        watches.removeLeave(groupId, callback);
    }

    @Override
    public void watchElectedAsLeader(String groupId, WatchCallback<GroupEvent.LeaderElected> callback) {
        locksFacet();
        elections.addElected(group(groupId), callback);
    }

    @Override
    public void unwatchElectedAsLeader(String groupId, WatchCallback<GroupEvent.LeaderElected> callback) {
        elections.removeElected(groupId, callback);
    }

    @Override
    public void watchLeadershipLost(String groupId, WatchCallback<GroupEvent.LeadershipLost> callback) {
        elections.addLost(group(groupId), callback);
    }

    @Override
    public void unwatchLeadershipLost(String groupId, WatchCallback<GroupEvent.LeadershipLost> callback) {
        elections.removeLost(groupId, callback);
    }

    @Override
    public List<GroupEvent> runWatchers(Duration timeout) {
        return started().dispatcher().run(timeout, watches::poll);
    }

    // ---- leaders, locks, barriers, partitioner ----

    @Override
    public CoordFuture<Optional<String>> getLeader(String groupId) {
        return submit("get leader of " + groupId, () -> locksFacet().holder(LockId.leader(group(groupId))));
    }

    @Override
    public boolean standDownGroupLeader(String groupId) {
        started();
        return elections.standDown(groupId);
    }

    @Override
    public DistributedLock getLock(String name) {
        locksFacet();
        return new DistributedLockImpl(this, Names.check(driver(), NameKind.LOCK, name));
    }

    @Override
    public GateBarrier getGateBarrier(String name) {
        groupsFacet();
        Names.check(driver(), NameKind.GROUP, GateBarrierImpl.PREFIX + name);
        return new GateBarrierImpl(this, name);
    }

    @Override
    public DoubleBarrier getDoubleBarrier(String name, int memberCount) {
        groupsFacet();
        Names.check(driver(), NameKind.GROUP, DoubleBarrierImpl.PREFIX + name + "-ready");
        return new DoubleBarrierImpl(this, name, memberCount);
    }

    @Override
    public Partitioner joinPartitionedGroup(String groupId, int weight, int partitions) {
        if (weight < 1 || partitions < 1) {
            throw new IllegalArgumentException(
                    "weight and partitions must be at least 1, got weight " + weight + ", partitions " + partitions);
        }
        joinGroupCreate(groupId, Capabilities.of(Map.of("weight", weight)));
        return new PartitionerImpl(this, groupId, partitions);
    }

    @Override
    public void leavePartitionedGroup(Partitioner partitioner) {
        partitioner.close();
        leaveGroup(partitioner.groupId()).get();
    }

    // ---- test support (io.tooz.testing.Faults) ----

    public void pauseHeartbeats(boolean paused) {
        this.heartbeatsPaused = paused;
    }

    public boolean canExpireSession() {
        return driver().faults().isPresent();
    }

    public void expireSession() {
        driver().faults()
                .orElseThrow(() -> new UnsupportedFeatureException(
                        "the " + url.scheme() + ":// driver cannot simulate session expiry"))
                .expireSession();
    }

    @Override
    public String toString() {
        return "Coordinator[" + memberId + " on " + url + (isStarted() ? ", started]" : "]");
    }

    static void shutdown(java.util.concurrent.ExecutorService e) {
        e.shutdownNow();
        try {
            e.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
