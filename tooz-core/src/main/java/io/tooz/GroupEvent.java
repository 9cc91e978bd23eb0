package io.tooz;

/**
 * An event delivered to watcher callbacks. The records mirror tooz's {@code MemberJoinedGroup}, {@code
 * MemberLeftGroup} and {@code LeaderElected}, plus {@link LeadershipLost}, which tooz lacks.
 */
public sealed interface GroupEvent {
    /** The group the event concerns. */
    String groupId();

    /** The member the event concerns ({@link LeaderChanged}: the new leader, or {@code ""} for none). */
    String memberId();

    /** A member joined a watched group. */
    record MemberJoined(String groupId, String memberId) implements GroupEvent {
        @Override
        public String toString() {
            return "<MemberJoinedGroup: group " + groupId + ": +member " + memberId + ">";
        }
    }

    /** A member left a watched group: it left, was stopped, its heartbeats stopped, or the group was deleted. */
    record MemberLeft(String groupId, String memberId) implements GroupEvent {
        @Override
        public String toString() {
            return "<MemberLeftGroup: group " + groupId + ": -member " + memberId + ">";
        }
    }

    /** This coordinator's member was elected leader of the group. */
    record LeaderElected(String groupId, String memberId) implements GroupEvent {
        @Override
        public String toString() {
            return "<LeaderElected: group " + groupId + ": leader " + memberId + ">";
        }
    }

    /**
     * This coordinator's member stopped being leader of the group: it stood down, stopped, unwatched, or its lease
     * or session was lost.
     */
    record LeadershipLost(String groupId, String memberId) implements GroupEvent {
        @Override
        public String toString() {
            return "<LeadershipLost: group " + groupId + ": former leader " + memberId + ">";
        }
    }

    /**
     * The leader of a group changed, as seen by anyone who watches it ({@link Coordinator#watchLeader}), candidate or
     * not: a new leader was elected, or the group has none now.
     *
     * @param leaderId the new leader's member id, or empty if the group has no leader now
     */
    record LeaderChanged(String groupId, java.util.Optional<String> leaderId) implements GroupEvent {
        /** The new leader's member id, or {@code ""} if the group has no leader now. */
        @Override
        public String memberId() {
            return leaderId.orElse("");
        }

        @Override
        public String toString() {
            return "<LeaderChanged: group " + groupId + ": leader " + leaderId.orElse("(none)") + ">";
        }
    }
}
