package io.tooz.internal;

import io.tooz.Capabilities;
import io.tooz.Characteristic;
import io.tooz.CoordFuture;
import io.tooz.Coordinator;
import io.tooz.DistributedLock;
import io.tooz.DoubleBarrier;
import io.tooz.Feature;
import io.tooz.GateBarrier;
import io.tooz.GroupEvent;
import io.tooz.MemberInfo;
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
import io.tooz.spi.Facets;
import io.tooz.spi.LockId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The coordinator: lifecycle, ordered group operations, and the core services every driver shares. */
public final class DefaultCoordinator implements Coordinator, ClaimsFacetSource {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultCoordinator.class);

    private final String memberId;
    private final ConnectionUrl url;
    private final DriverProvider provider;
    private final Map<String, List<?>> options;
    private final WatchMode watchMode;
    private final boolean autoHeartbeat;
    private final Duration watchInterval;
    private final Set<Feature> features;
    private final Set<Characteristic> characteristics;
    private final WatchRegistry watches = new WatchRegistry(this);
    private final LeaderElections elections = new LeaderElections(this);
    private final HeldLeases held = new HeldLeases(this);
    private final AsyncAcquisitions asyncAcquisitions = new AsyncAcquisitions(this);
    private final JavaLocks javaLocks = new JavaLocks();
    private final LeaderWatches leaderWatches = new LeaderWatches(this);
    private final Memberships memberships;
    private final GroupOperations groupOps = new GroupOperations(this);
    private final Object lifecycle = new Object();
    private final io.tooz.spi.DriverEvents events = new CoreEvents(this);
    private final Observers observers;
    private final ConnectionTracker connection;

    private volatile @Nullable Driver driver;
    private volatile @Nullable Facets facets;
    private volatile CoreDriverContext context;
    private volatile @Nullable CoordinatorThreads runtime;
    private volatile boolean heartbeatsPaused;
    private volatile boolean stopping;

    DefaultCoordinator(
            String memberId,
            ConnectionUrl url,
            DriverProvider provider,
            Map<String, List<?>> options,
            CoreDriverContext firstContext,
            Duration watchInterval,
            WatchMode watchMode,
            boolean autoHeartbeat,
            Observers observers) {
        this.memberId = memberId;
        this.observers = observers;
        this.connection = new ConnectionTracker(memberId, observers);
        this.memberships = new Memberships(memberId);
        this.url = url;
        this.provider = provider;
        this.options = options;
        this.context = firstContext;
        this.driver = firstContext.driver();
        this.facets = observed(driver.facets());
        this.watchInterval = watchInterval;
        this.watchMode = watchMode;
        this.autoHeartbeat = autoHeartbeat;
        this.characteristics = Set.copyOf(driver.characteristics());
        this.features = CoordinatorFactory.featuresOf(driver);
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
                context =
                        CoordinatorFactory.newDriver(provider, url, memberId, new DriverOptions(url.scheme(), options));
                driver = context.driver();
                facets = observed(driver.facets());
            }
            CoordinatorThreads rt = new CoordinatorThreads(this, driver);
            context.bind(rt, this);
            stopping = false;
            try {
                driver.start();
            } catch (RuntimeException e) {
                rt.shutdown();
                closeDriverQuietly();
                throw Errors.unwrap(e, "connecting to " + url);
            }
            runtime = rt;
            if (observers.active()) {
                connection.started();
            }
            rt.startServices();
            elections.startAll();
            LOG.debug("coordinator {} started on {}", memberId, url);
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            CoordinatorThreads rt = runtime;
            if (rt == null) {
                throw new ToozException(
                        "coordinator for member " + memberId + " on " + url + " is not started; nothing to stop");
            }
            stopping = true;
            rt.drainOperations();
            elections.stopAll();
            leaveAll();
            memberships.clear();
            asyncAcquisitions.failAll();
            held.releaseAll();
            watches.closeAll();
            leaderWatches.closeAll();
            rt.stopServices();
            runtime = null;
            closeDriverQuietly();
            rt.shutdown();
            if (observers.active()) {
                connection.stopped();
            }
            LOG.debug("coordinator {} stopped", memberId);
        }
    }

    /**
     * Leaves every joined group, so others see this member go at once rather than when its session or liveness
     * expires; stops at the first connection failure, as the rest would wait as long and expire anyway.
     */
    private void leaveAll() {
        for (String g : memberships.groups()) {
            try {
                groupsFacet().leaveGroup(g);
            } catch (io.tooz.ToozConnectionException e) {
                LOG.debug("leaving groups on stop: {}; the others expire with the session", e.getMessage());
                return;
            } catch (ToozException e) {
                LOG.debug("leaving group {} on stop: {}", g, e.getMessage());
            }
        }
    }

    /** The driver's facets, timed for the observers if there are any. */
    private Facets observed(Facets own) {
        return observers.active() ? TimedFacets.wrap(own, observers, connection) : own;
    }

    private void closeDriverQuietly() {
        Driver d = driver;
        try {
            if (d != null) {
                d.close();
            }
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
        CoordinatorThreads rt = started();
        rt.beat();
        return rt.heartbeatInterval();
    }

    // ---- internals shared with the services ----

    CoordinatorThreads started() {
        CoordinatorThreads rt = runtime;
        if (rt == null) {
            throw new ToozException(
                    "coordinator for member " + memberId + " on " + url + " is not started; call start() first");
        }
        return rt;
    }

    /** The started driver; public for {@code CoreHooks} (a driver's own tests), used throughout this package. */
    public Driver driver() {
        Driver d = driver;
        if (d == null || runtime == null) {
            started(); // throws: not started
            throw new ToozException("coordinator for member " + memberId + " on " + url + " is starting or stopping");
        }
        return d;
    }

    String scheme() {
        return url.scheme();
    }

    /** Whether stop() began (and no start() since): operations are refused, so a read that fails is no news. */
    boolean isStopping() {
        return stopping;
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

    io.tooz.spi.DriverEvents events() {
        return events;
    }

    /** This coordinator's observers; {@link Observers#active()} says whether there are any. */
    Observers observers() {
        return observers;
    }

    /** The connection state its observers hear of; kept only while {@link Observers#active()}. */
    ConnectionTracker connection() {
        return connection;
    }

    HeldLeases heldLeases() {
        return held;
    }

    WatchRegistry watches() {
        return watches;
    }

    LeaderWatches leaderWatches() {
        return leaderWatches;
    }

    AsyncAcquisitions asyncAcquisitions() {
        return asyncAcquisitions;
    }

    /** The in-process side of this coordinator's {@link io.tooz.JavaLock}s. */
    JavaLocks javaLocks() {
        return javaLocks;
    }

    /** The started driver's facets. */
    Facets facets() {
        driver();
        Facets f = facets;
        if (f == null) {
            throw new IllegalStateException("the driver's facets are not read yet");
        }
        return f;
    }

    DriverGroups groupsFacet() {
        return require(facets().groups(), Feature.GROUPS);
    }

    DriverLocks locksFacet() {
        return require(facets().locks(), Feature.LOCKS);
    }

    @Override
    public io.tooz.spi.DriverClaims claimsFacet() {
        return require(facets().claims(), Feature.PERIODIC_TASKS);
    }

    io.tooz.spi.DriverLockQueues lockQueuesFacet() {
        return require(facets().lockQueues(), Feature.SHARED_LOCKS);
    }

    /** The facet that makes and keeps grants of {@code id}; null without one, or while no driver is open. */
    io.tooz.spi.@Nullable DriverLeases leasesFacetOrNull(LockId id) {
        Facets f = facets;
        if (driver == null || f == null) {
            return null;
        }
        return id.queued() ? f.lockQueues() : f.locks();
    }

    /** The locks facet of the driver; null without one, or while no driver is open. */
    @Nullable
    DriverLocks locksFacetOrNull() {
        Facets f = facets;
        return driver == null || f == null ? null : f.locks();
    }

    private <T> T require(@Nullable T facet, Feature f) {
        if (facet == null) {
            throw new UnsupportedFeatureException(
                    "the " + url.scheme() + ":// driver does not support " + f + "; it offers " + features);
        }
        return facet;
    }

    List<WatchCallback<GroupEvent>> callbacksFor(GroupEvent e) {
        if (e instanceof GroupEvent.LeaderChanged) {
            return leaderWatches.callbacksFor(e);
        }
        return e instanceof GroupEvent.MemberJoined || e instanceof GroupEvent.MemberLeft
                ? watches.callbacksFor(e)
                : elections.callbacksFor(e);
    }

    /**
     * The driver says the session ended: every lease is lost. Memberships stay recorded: drivers that can restore
     * them on a new session do, and stop() leaves whatever is still there.
     */
    void sessionLost() {
        LOG.warn("member {} lost its session on {}: its locks and leaderships are gone", memberId, url);
        if (observers.active()) {
            connection.sessionLost();
        }
        elections.kickWaiting(); // first: only candidates waiting in the lost session re-queue
        held.lostAll(io.tooz.LossReason.SESSION_EXPIRED);
    }

    Memberships memberships() {
        return memberships;
    }

    /** The driver says this member's memberships lapsed (a new session, an expired liveness): join them again. */
    void membershipsLost(String why) {
        if (observers.active()) {
            connection.writable();
        }
        CoordinatorThreads rt = runtime;
        if (memberships.lapse(why) && rt != null) {
            rt.restoreMemberships();
        }
    }

    String group(String groupId) {
        return Names.check(driver(), NameKind.GROUP, groupId);
    }

    <T> CoordFuture<T> submit(String operation, java.util.concurrent.Callable<T> work) {
        try {
            return started().submit(operation, work);
        } catch (ToozException e) {
            return CoordFutureImpl.failed(operation, e);
        }
    }

    // ---- groups (bodies in GroupOperations) ----

    @Override
    public CoordFuture<Void> createGroup(String groupId) {
        return groupOps.createGroup(groupId);
    }

    @Override
    public CoordFuture<Void> deleteGroup(String groupId) {
        return groupOps.deleteGroup(groupId);
    }

    @Override
    public CoordFuture<Set<String>> getGroups() {
        return groupOps.getGroups();
    }

    @Override
    public CoordFuture<Void> joinGroup(String groupId, Capabilities capabilities) {
        return groupOps.joinGroup(groupId, capabilities);
    }

    @Override
    public void joinGroupCreate(String groupId, Capabilities capabilities) {
        groupOps.joinGroupCreate(groupId, capabilities);
    }

    @Override
    public CoordFuture<Void> leaveGroup(String groupId) {
        return groupOps.leaveGroup(groupId);
    }

    @Override
    public CoordFuture<Set<String>> getMembers(String groupId) {
        return groupOps.getMembers(groupId);
    }

    @Override
    public CoordFuture<Capabilities> getMemberCapabilities(String groupId, String member) {
        return groupOps.getMemberCapabilities(groupId, member);
    }

    @Override
    public CoordFuture<Map<String, Capabilities>> getMembersWithCapabilities(String groupId) {
        return groupOps.getMembersWithCapabilities(groupId);
    }

    @Override
    public CoordFuture<Void> updateCapabilities(String groupId, Capabilities capabilities) {
        return groupOps.updateCapabilities(groupId, capabilities);
    }

    @Override
    public CoordFuture<MemberInfo> getMemberInfo(String groupId, String member) {
        return groupOps.getMemberInfo(groupId, member);
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
        String g = group(groupId);
        groupOps.requireGroup(g); // GroupNotCreatedException registers nothing, as for watchJoinGroup
        elections.addElected(g, callback);
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
        return started().dispatcher().run(timeout, () -> {
            watches.poll();
            leaderWatches.poll();
        });
    }

    // ---- leaders, locks, barriers, partitioner ----

    /** Throws {@link io.tooz.GroupNotCreatedException} if the group does not exist (on the caller's thread). */
    void checkGroupExists(String group) {
        groupOps.checkExists(group);
    }

    @Override
    public CoordFuture<Optional<String>> getLeader(String groupId) {
        return submit("get leader of " + groupId, () -> {
            String g = group(groupId);
            Optional<String> leader = locksFacet().holder(LockId.leader(g));
            if (leader.isEmpty()) {
                groupOps.checkExists(g); // a group with a leader exists: candidates contend only in existing groups
            }
            return leader;
        });
    }

    @Override
    public boolean standDownGroupLeader(String groupId) {
        started();
        return elections.standDown(groupId);
    }

    @Override
    public void watchLeader(String groupId, WatchCallback<GroupEvent.LeaderChanged> callback) {
        locksFacet();
        leaderWatches.add(group(groupId), callback);
    }

    @Override
    public void unwatchLeader(String groupId, WatchCallback<GroupEvent.LeaderChanged> callback) {
        leaderWatches.remove(groupId, callback);
    }

    @Override
    public java.util.OptionalLong leadershipTerm(String groupId) {
        started();
        return elections.term(group(groupId));
    }

    @Override
    public DistributedLock getLock(String name) {
        locksFacet();
        return new DistributedLockImpl(this, Names.check(driver(), NameKind.LOCK, name));
    }

    @Override
    public io.tooz.ReadWriteLock getReadWriteLock(String name) {
        lockQueuesFacet();
        return new ReadWriteLockImpl(this, Names.check(driver(), NameKind.LOCK, name));
    }

    @Override
    public io.tooz.DistributedSemaphore getSemaphore(String name, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("a semaphore needs at least 1 permit, got " + permits + " for " + name);
        }
        lockQueuesFacet();
        return new SemaphoreImpl(this, Names.check(driver(), NameKind.LOCK, name), permits);
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

    /** Stops (or restarts) automatic heartbeats, as for a dead process; reached through {@code CoreHooks} only. */
    public void pauseHeartbeats(boolean paused) {
        this.heartbeatsPaused = paused;
    }

    @Override
    public String toString() {
        return "Coordinator[" + memberId + " on " + url + (isStarted() ? ", started]" : "]");
    }
}
