package io.tooz.spi;

/** Native membership watches: the backend pushes changes, so the core need not poll. */
public interface DriverWatch {

    /**
     * Starts watching a group. The driver calls the listener with the full current member set after every change it
     * sees (level-triggered: a missed intermediate state is fine, the core diffs snapshots), and once soon after this
     * call. Calls for one handle must not overlap.
     */
    WatchHandle watchMembers(String groupId, MembershipListener listener);

    /** Receives member-set snapshots. */
    interface MembershipListener {
        /** The group's members now. */
        void onMembers(java.util.Set<String> members);

        /** The group no longer exists. */
        void onGroupGone();
    }

    /** Stops a watch. */
    interface WatchHandle extends AutoCloseable {
        @Override
        void close();
    }
}
