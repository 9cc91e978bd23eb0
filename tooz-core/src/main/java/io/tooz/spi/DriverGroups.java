package io.tooz.spi;

import java.util.Map;
import java.util.Set;

/**
 * Group membership, blocking. Capabilities are opaque MessagePack bytes encoded by the core; store them as given so
 * Python tooz peers can read them. Errors: {@link io.tooz.GroupNotCreatedException}, {@link
 * io.tooz.GroupAlreadyExistsException}, {@link io.tooz.GroupNotEmptyException}, {@link
 * io.tooz.MemberAlreadyExistsException}, {@link io.tooz.MemberNotJoinedException}.
 */
public interface DriverGroups {
    void createGroup(String groupId);

    void deleteGroup(String groupId);

    Set<String> getGroups();

    /** Joins this driver's member; the membership lives as long as the member's session or heartbeats. */
    void joinGroup(String groupId, byte[] capabilities);

    /**
     * Makes this member a member again after its membership lapsed ({@link DriverEvents#membershipsLost}), with these
     * capabilities. A record of it may be left from before; where that record could still vanish with the old
     * session, replace it. Throws {@link io.tooz.GroupNotCreatedException} if the group is gone. The default joins,
     * and takes an existing record as this member's, updating its capabilities.
     */
    default void rejoinGroup(String groupId, byte[] capabilities) {
        try {
            joinGroup(groupId, capabilities);
        } catch (io.tooz.MemberAlreadyExistsException still) {
            updateCapabilities(groupId, capabilities);
        }
    }

    void leaveGroup(String groupId);

    Set<String> getMembers(String groupId);

    byte[] getMemberCapabilities(String groupId, String memberId);

    /** Every live member with its capabilities. */
    Map<String, byte[]> getMembersWithCapabilities(String groupId);

    void updateCapabilities(String groupId, byte[] capabilities);

    /** Capabilities plus join and update times where the backend records them. */
    default MemberRecord getMemberRecord(String groupId, String memberId) {
        return new MemberRecord(getMemberCapabilities(groupId, memberId), null, null);
    }
}
