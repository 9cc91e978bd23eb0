package io.tooz.spi;

/** Native membership watches: the backend pushes changes, so the core need not poll. */
public interface DriverWatch {

    /**
     * Starts watching a group. The driver calls the listener with the full current member set after every change it
     * sees (level-triggered: a missed intermediate state is fine, the core diffs snapshots), and once soon after this
     * call. Calls for one handle must not overlap.
     */
    WatchHandle watchMembers(String groupId, MembershipListener listener);

    /**
     * Receives membership changes: full snapshots (level-triggered, always safe) or exact deltas (cheaper for large
     * groups; only for drivers that see every change in order).
     */
    interface MembershipListener {
        /** The group's members now. */
        void onMembers(java.util.Set<String> members);

        /** These members joined and these left since the previous call. */
        void onChanges(java.util.Set<String> joined, java.util.Set<String> left);

        /** The group no longer exists. */
        void onGroupGone();
    }

    /** Stops a watch. */
    interface WatchHandle extends AutoCloseable {
        @Override
        void close();
    }
}
