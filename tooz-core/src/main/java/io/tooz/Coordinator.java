package io.tooz;

import io.tooz.partition.Partitioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A member's handle on a coordination backend: group membership, leader election, locks and barriers, in Python
 * tooz's vocabulary. Create one with {@link #builder(String)}; the URL's scheme chooses the driver.
 *
 * <pre>{@code
 * try (Coordinator c = Coordinator.builder("zookeeper://127.0.0.1:2181?timeout=10").memberId("worker-1").build()) {
 *     c.start();
 *     c.joinGroupCreate("workers", Capabilities.of(Map.of("weight", 1)));
 *     c.watchJoinGroup("workers", e -> log.info("{} joined", e.memberId()));
 *     try (LockLease lease = c.getLock("reindex").acquire(Duration.ofSeconds(10))) {
 *         reindex(lease.fencingToken());
 *     }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> {@link #start()} connects and starts the automatic heartbeat (at half the driver's TTL).
 * {@link #stop()} leaves every joined group, releases every held lock and disconnects; {@link #close()} is an
 * idempotent stop. A stopped coordinator can be started again.
 *
 * <p><b>Asynchronous operations.</b> Group operations return a {@link CoordFuture}; the operations of one coordinator
 * run one at a time in submission order. Lock operations are synchronous.
 *
 * <p><b>Names.</b> Group ids, member ids and lock names are non-empty strings of at most 255 UTF-8 bytes; some drivers
 * allow less (ZooKeeper: ASCII without {@code /}) and say so in the {@link InvalidNameException}.
 *
 * <p><b>Thread safety.</b> All methods may be called from any thread.
 */
public interface Coordinator extends AutoCloseable {

    /**
     * A builder for a coordinator on the backend named by {@code url}, e.g. {@code memory://test}, {@code
     * zookeeper://127.0.0.1:2181}, {@code redis://127.0.0.1:6379?timeout=5}. Query parameters are driver options;
     * options set on the builder win over the URL's.
     */
    static CoordinatorBuilder builder(String url) {
        return new CoordinatorBuilder(url);
    }

    // ---- lifecycle ----

    /**
     * Connects to the backend and starts heartbeats and watcher dispatch.
     *
     * @throws ToozConnectionException naming the host and port if the backend cannot be reached within the driver's
     *     timeout
     * @throws ToozException if already started
     */
    void start();

    /**
     * Leaves every joined group, releases every held lock (their {@link LockLease#lost()} completes with {@link
     * LossReason#COORDINATOR_STOPPED}), fails pending {@link DistributedLock#acquireAsync} stages, withdraws from
     * elections, stops heartbeats and disconnects. Join, leave and {@link #watchLeader} watchers are removed;
     * elected-as-leader and leadership-lost callbacks stay registered and re-enter the election
     * on the next {@link #start()}.
     *
     * @throws ToozException if not started
     */
    void stop();

    /** Stops the coordinator if it is started; does nothing otherwise. */
    @Override
    void close();

    /** Whether {@link #start()} succeeded and {@link #stop()} has not been called since. */
    boolean isStarted();

    /** This coordinator's member id. */
    String memberId();

    /** The characteristics the driver declares. */
    Set<Characteristic> characteristics();

    /** The features available on this coordinator's driver. */
    Set<Feature> features();

    /**
     * Refreshes this member's liveness (membership TTLs and held lock leases) now. Heartbeats are automatic; call this
     * only if you need an immediate refresh.
     *
     * @return how long until the next heartbeat is due
     */
    Duration heartbeat();

    // ---- groups ----

    /** Creates a group. Fails with {@link GroupAlreadyExistsException} if it exists. */
    CoordFuture<Void> createGroup(String groupId);

    /**
     * Deletes an empty group. Fails with {@link GroupNotCreatedException} if it does not exist, and with {@link
     * GroupNotEmptyException} while it has members or a leader: a member that left the group but still runs for its
     * leadership ({@link #watchElectedAsLeader}) keeps it, on every backend, until it withdraws ({@link
     * #unwatchElectedAsLeader}, {@link #stop()}) or its lease expires. The message names the members and the leader.
     *
     * <p>Python tooz differs by backend: on ZooKeeper the election lives under the group's node, so {@code
     * delete_group} fails with {@code GroupNotEmpty} while anyone runs for leadership (and, in Python, for ever after
     * an election left its node behind); on Redis and memcached the leader lock lives apart and the group is deleted
     * under a running election.
     */
    CoordFuture<Void> deleteGroup(String groupId);

    /** Lists all groups. */
    CoordFuture<Set<String>> getGroups();

    /**
     * Joins a group with capabilities. Fails with {@link GroupNotCreatedException} or {@link
     * MemberAlreadyExistsException}.
     */
    CoordFuture<Void> joinGroup(String groupId, Capabilities capabilities);

    /** Joins a group with {@link Capabilities#none()}. */
    default CoordFuture<Void> joinGroup(String groupId) {
        return joinGroup(groupId, Capabilities.none());
    }

    /** Joins a group, creating it first if needed; waits for completion. */
    void joinGroupCreate(String groupId, Capabilities capabilities);

    /** Joins a group with {@link Capabilities#none()}, creating it first if needed. */
    default void joinGroupCreate(String groupId) {
        joinGroupCreate(groupId, Capabilities.none());
    }

    /** Leaves a group. Fails with {@link GroupNotCreatedException} or {@link MemberNotJoinedException}. */
    CoordFuture<Void> leaveGroup(String groupId);

    /** The members of a group. Fails with {@link GroupNotCreatedException}. */
    CoordFuture<Set<String>> getMembers(String groupId);

    /** One member's capabilities. Fails with {@link MemberNotJoinedException} or {@link GroupNotCreatedException}. */
    CoordFuture<Capabilities> getMemberCapabilities(String groupId, String memberId);

    /** Every member with its capabilities, in one round trip where the backend allows. */
    CoordFuture<Map<String, Capabilities>> getMembersWithCapabilities(String groupId);

    /** Replaces this member's capabilities in a group it joined. */
    CoordFuture<Void> updateCapabilities(String groupId, Capabilities capabilities);

    /** What the backend knows about a member: capabilities and, where recorded, join and update times. */
    CoordFuture<MemberInfo> getMemberInfo(String groupId, String memberId);

    // ---- watchers ----

    /**
     * Calls {@code callback} when a member joins the group. Fails with {@link GroupNotCreatedException} if the group
     * does not exist (and registers nothing).
     */
    void watchJoinGroup(String groupId, WatchCallback<GroupEvent.MemberJoined> callback);

    /** Removes a join callback; {@link WatchCallbackNotFoundException} if it was not registered on the group. */
    void unwatchJoinGroup(String groupId, WatchCallback<GroupEvent.MemberJoined> callback);

    /** Calls {@code callback} when a member leaves the group (including by expiry or group deletion). */
    void watchLeaveGroup(String groupId, WatchCallback<GroupEvent.MemberLeft> callback);

    /** Removes a leave callback; {@link WatchCallbackNotFoundException} if it was not registered on the group. */
    void unwatchLeaveGroup(String groupId, WatchCallback<GroupEvent.MemberLeft> callback);

    /**
     * Runs for leadership of the group and calls {@code callback} each time this member is elected. Registering the
     * first callback for a group enters the election; removing the last one withdraws (and gives up leadership).
     *
     * <p>Fails with {@link GroupNotCreatedException} (and registers nothing) if the group does not exist, as {@link #watchJoinGroup} does; running for leadership does not need membership. A coordinator
     * started again with elected callbacks contends again, once their group exists. Python tooz runs for leadership of
     * any group id (its ZooKeeper driver creates the group's node on the way).
     */
    void watchElectedAsLeader(String groupId, WatchCallback<GroupEvent.LeaderElected> callback);

    /** Removes an elected callback; {@link WatchCallbackNotFoundException} if it was not registered on the group. */
    void unwatchElectedAsLeader(String groupId, WatchCallback<GroupEvent.LeaderElected> callback);

    /** Calls {@code callback} whenever this member stops being the group's leader, for any reason. */
    void watchLeadershipLost(String groupId, WatchCallback<GroupEvent.LeadershipLost> callback);

    /** Removes a leadership-lost callback. */
    void unwatchLeadershipLost(String groupId, WatchCallback<GroupEvent.LeadershipLost> callback);

    /**
     * Hears every change of the group's leader (a new leader id, or none), whether or not this member is a
     * candidate: pushed where the backend can push, read every {@code watch_interval} otherwise. The callback first
     * hears the leader as it is when the watch starts. Callbacks run like the other watchers' (see {@link
     * #runWatchers}).
     */
    void watchLeader(String groupId, WatchCallback<GroupEvent.LeaderChanged> callback);

    /** Stops a {@link #watchLeader} callback. */
    void unwatchLeader(String groupId, WatchCallback<GroupEvent.LeaderChanged> callback);

    /**
     * In {@link WatchMode#MANUAL}: refreshes the watched groups and runs pending callbacks on this thread, waiting up
     * to {@code timeout} for at least one event. In {@link WatchMode#AUTO}: waits up to {@code timeout} for the
     * dispatcher to deliver at least one event.
     *
     * @return the events whose callbacks ran, in order
     */
    List<GroupEvent> runWatchers(Duration timeout);

    /** {@link #runWatchers(Duration)} without waiting. */
    default List<GroupEvent> runWatchers() {
        return runWatchers(Duration.ZERO);
    }

    // ---- leaders ----

    /**
     * The group's current leader: the member holding its leader lock, or empty if nobody runs for its leadership (or
     * during a hand-over). Fails with {@link GroupNotCreatedException} if the group does not exist, on every backend,
     * as {@link #getMembers} does.
     *
     * <p>Python tooz's {@code get_leader} (ZooKeeper and memcached only) returns {@code None} for a group that does
     * not exist; on ZooKeeper it also creates the group's node.
     */
    CoordFuture<Optional<String>> getLeader(String groupId);

    /**
     * Gives up leadership of the group if this member holds it; it stays a candidate and another candidate is
     * elected first if there is one.
     *
     * @return whether this member was the leader
     */
    boolean standDownGroupLeader(String groupId);

    /**
     * The term of this member's current leadership of the group: the fencing token of its leader lock, greater than
     * the term of every earlier leadership of the group, by any member. Pass it along with a leader's writes so a
     * store can refuse those of a deposed leader.
     *
     * @return the term, or empty if this member does not lead the group now
     */
    java.util.OptionalLong leadershipTerm(String groupId);

    // ---- locks and barriers ----

    /** A handle on the named lock; cheap, no I/O. */
    DistributedLock getLock(String name);

    /**
     * A handle on the named read-write lock; cheap, no I/O. Any number of readers hold it together; a writer excludes
     * readers and writers; a waiting writer is not starved by new readers, which queue behind it. Fencing tokens
     * increase strictly per name across both modes. Read-write locks share no state with {@link #getLock} of the
     * same name.
     *
     * @throws UnsupportedFeatureException if the driver lacks {@link Feature#SHARED_LOCKS}
     */
    ReadWriteLock getReadWriteLock(String name);

    /**
     * A handle on the named counting semaphore with {@code permits} permits; cheap, no I/O. Every coordinator using
     * the name must pass the same {@code permits}: an acquire that meets holders or waiters who passed another number
     * fails with {@link ToozConfigurationException}.
     *
     * @throws IllegalArgumentException if {@code permits} is not positive
     * @throws UnsupportedFeatureException if the driver lacks {@link Feature#SHARED_LOCKS}
     */
    DistributedSemaphore getSemaphore(String name, int permits);

    /** A gate barrier with this name. */
    GateBarrier getGateBarrier(String name);

    /** A double barrier with this name for {@code memberCount} members. */
    DoubleBarrier getDoubleBarrier(String name, int memberCount);

    // ---- partitioner ----

    /**
     * Joins (creating if needed) a group with capabilities {@code {"weight": weight}} and returns a partitioner kept
     * current from the group's join and leave events (tooz {@code join_partitioned_group}).
     *
     * @param partitions ring points per unit of weight; Python tooz's default is 32
     */
    Partitioner joinPartitionedGroup(String groupId, int weight, int partitions);

    /** {@link #joinPartitionedGroup(String, int, int)} with weight 1 and 32 partitions. */
    default Partitioner joinPartitionedGroup(String groupId) {
        return joinPartitionedGroup(groupId, 1, 32);
    }

    /** Stops a partitioner and leaves its group. */
    void leavePartitionedGroup(Partitioner partitioner);
}
