package io.tooz.spi;

import io.tooz.MemberNotJoinedException;
import java.util.Map;
import java.util.Set;

/**
 * Group membership, blocking. Capabilities are opaque MessagePack bytes encoded by the core; store them as given so
 * Python tooz peers can read them.
 *
 * <p><b>What the core guarantees.</b> Every method but {@link #getMemberIds} runs on the coordinator's one ordered
 * operations thread, one call at a time, in the order the application asked (a join submitted before a leave reaches
 * the driver first); {@link #getMemberIds} also serves the core's watch re-reads and leader election's existence
 * check from other threads, so the facet must be thread-safe. Group and member ids have passed the core's check and
 * {@link Driver#checkName}. The core never retries a failed call on its own (except {@link #rejoinGroup}, see
 * there): a driver retries what its backend makes safe to retry, within its {@code timeout}. The core tracks what
 * this member joined ({@link DriverContext#joinedGroups()}), leaves those groups on stop before {@link
 * Driver#close()}, and joins them again after a lapse.
 *
 * <p><b>Errors.</b> Throw {@link io.tooz.GroupNotCreatedException}, {@link io.tooz.GroupAlreadyExistsException},
 * {@link io.tooz.GroupNotEmptyException}, {@link io.tooz.MemberAlreadyExistsException} or {@link
 * MemberNotJoinedException} as Python tooz does; backend failures as {@link io.tooz.ToozConnectionException} (naming
 * host and port) or another {@link io.tooz.ToozException}. Anything else reaches the caller wrapped in a {@code
 * ToozException}.
 */
public interface DriverGroups {
    /** Creates an empty group; {@link io.tooz.GroupAlreadyExistsException} if it exists. */
    void createGroup(String groupId);

    /**
     * Deletes a group that has no live member; {@link io.tooz.GroupNotEmptyException} otherwise. The core has already
     * refused a group that has a leader.
     */
    void deleteGroup(String groupId);

    /** Every group's id. */
    Set<String> getGroups();

    /** Joins this driver's member; the membership lives as long as the member's session or heartbeats. */
    void joinGroup(String groupId, byte[] capabilities);

    /**
     * Makes this member a member again after its membership lapsed ({@link DriverEvents#membershipsLost}), with these
     * capabilities. A record of it may be left from before; where that record could still vanish with the old
     * session, replace it. Throws {@link io.tooz.GroupNotCreatedException} if the group is gone (the core then forgets
     * it); on any other error the core calls again a second later, until it succeeds. The default joins, and takes an
     * existing record as this member's, updating its capabilities.
     */
    default void rejoinGroup(String groupId, byte[] capabilities) {
        try {
            joinGroup(groupId, capabilities);
        } catch (io.tooz.MemberAlreadyExistsException still) {
            updateCapabilities(groupId, capabilities);
        }
    }

    /** Leaves; {@link MemberNotJoinedException} if this member is not in the group. */
    void leaveGroup(String groupId);

    /** Replaces this member's capabilities; {@link MemberNotJoinedException} if it is not in the group. */
    void updateCapabilities(String groupId, byte[] capabilities);

    /**
     * Every live member with its record, in one read where the backend allows: the core derives every other member
     * read from it unless the driver overrides {@link #getMemberIds} or {@link #getMember}.
     */
    Map<String, MemberRecord> getMembers(String groupId);

    /**
     * The live members' ids. The default reads {@link #getMembers}; override it where the ids alone take fewer round
     * trips (ZooKeeper: one instead of two) or much less data, since it serves every watch re-read.
     */
    default Set<String> getMemberIds(String groupId) {
        return getMembers(groupId).keySet();
    }

    /**
     * One member's record; {@link MemberNotJoinedException} if it is not a live member. The default picks it from
     * {@link #getMembers}; override it where one member takes fewer round trips.
     */
    default MemberRecord getMember(String groupId, String memberId) {
        MemberRecord r = getMembers(groupId).get(memberId);
        if (r == null) {
            throw new MemberNotJoinedException(groupId, memberId);
        }
        return r;
    }
}
