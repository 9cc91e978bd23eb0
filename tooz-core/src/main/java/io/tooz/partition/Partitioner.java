package io.tooz.partition;

import java.util.Set;

/**
 * Maps objects to members of a group with Python tooz's consistent hash ring, kept current from the group's join and
 * leave events. Obtain one with {@link io.tooz.Coordinator#joinPartitionedGroup}.
 *
 * <p>An object hashes as the UTF-8 bytes of its {@code toString()}, unless it implements {@link ToozHashable}. A
 * member's weight is the integer under key {@code "weight"} of its capabilities map (1 if absent), read when it joins.
 * Java and Python partitioners over the same group give the same answers.
 */
public interface Partitioner extends AutoCloseable {

    /** The partitioned group. */
    String groupId();

    /** Ring points per unit of weight. */
    int partitions();

    /** The members currently on the ring with their weights. */
    java.util.Map<String, Integer> members();

    /** The {@code replicas} members owning {@code object}, skipping {@code ignoreMembers}. */
    Set<String> membersForObject(Object object, Set<String> ignoreMembers, int replicas);

    /** The single member owning {@code object}. */
    default Set<String> membersForObject(Object object) {
        return membersForObject(object, Set.of(), 1);
    }

    /** Whether {@code memberId} is among the owners of {@code object}. */
    default boolean belongsToMember(Object object, String memberId, Set<String> ignoreMembers, int replicas) {
        return membersForObject(object, ignoreMembers, replicas).contains(memberId);
    }

    /** Whether {@code memberId} is the owner of {@code object}. */
    default boolean belongsToMember(Object object, String memberId) {
        return belongsToMember(object, memberId, Set.of(), 1);
    }

    /** Whether this coordinator's member is among the owners of {@code object}. */
    boolean belongsToSelf(Object object, Set<String> ignoreMembers, int replicas);

    /** Whether this coordinator's member owns {@code object}. */
    default boolean belongsToSelf(Object object) {
        return belongsToSelf(object, Set.of(), 1);
    }

    /** Stops following the group's events (does not leave the group). */
    @Override
    void close();
}
