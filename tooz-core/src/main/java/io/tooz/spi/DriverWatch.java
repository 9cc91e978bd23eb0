package io.tooz.spi;

import java.util.Set;

/**
 * Native membership watches: the backend pushes changes, so watchers hear of them at once. Only the push path is the
 * driver's. The core takes each watched group's first snapshot, diffs what it reads or is pushed against its cached
 * member set, and dispatches join and leave events. Two kinds of watch:
 *
 * <ul>
 *   <li>Most backends only know that something changed (a pub/sub message, a file event, a {@code NOTIFY}, a fired
 *       ZooKeeper watch): the driver calls {@link MembershipListener#changed()} and the core reads the group with
 *       {@link DriverGroups#getMemberIds}, once right after {@link #watchMembers} returns and again every {@code
 *       watch_interval} (the one safety re-read, for every driver: it catches expiries, changes by peers that publish
 *       nothing, and pushes lost in a reconnect).
 *   <li>A backend that delivers every change in order ({@link #exact()}: etcd's revisions, memory://) pushes a
 *       snapshot ({@link MembershipListener#onMembers}) and then every change ({@link MembershipListener#onChanges}),
 *       resuming after reconnects by itself; the core then never reads the group, as a read could predate a push still
 *       on its way, and watchers see every change, even a join and leave between two reads.
 * </ul>
 *
 * <p><b>What the core guarantees.</b> {@link #watchMembers} is called in {@link io.tooz.WatchMode#AUTO} only, at
 * most once per group at a time, on the thread that registered the group's first callback; every handle is closed
 * before {@link Driver#close()}. Listener methods may be called from any driver thread and return at once (the core
 * queues the work); calls for one group must not overlap. Reads a watch asks for run one at a time per coordinator,
 * ordered after the coordinator's earlier operations, and coalesce: {@code changed()} calls made before a queued read
 * starts cost that one read.
 */
public interface DriverWatch {

    /**
     * Starts watching a group, existing or not (a group created later is watched too). Errors: throw a {@link
     * io.tooz.ToozException}; it reaches the application's {@code watchJoinGroup} (or {@code watchLeaveGroup}), and
     * nothing is registered.
     */
    WatchHandle watchMembers(String groupId, MembershipListener listener);

    /**
     * Whether this watch reports every change in order, through {@link MembershipListener#onMembers} and {@link
     * MembershipListener#onChanges} only; the default, {@code false}, reports through {@link
     * MembershipListener#changed} only. Constant for a driver.
     */
    default boolean exact() {
        return false;
    }

    /** Where a driver reports what it sees: {@link #changed()}, or, for an {@link #exact()} watch, the other two. */
    interface MembershipListener {
        /** The group may have changed: the core reads its members soon. */
        void changed();

        /** The group's members now, exactly (empty: the group is gone); exact watches only. */
        void onMembers(Set<String> members);

        /** These members joined and these left since the previous snapshot or delta; exact watches only. */
        void onChanges(Set<String> joined, Set<String> left);
    }

    /** Stops a watch. */
    interface WatchHandle extends AutoCloseable {
        @Override
        void close();
    }
}
