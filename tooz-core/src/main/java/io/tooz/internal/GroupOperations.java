package io.tooz.internal;

import io.tooz.Capabilities;
import io.tooz.CoordFuture;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberInfo;
import io.tooz.spi.DriverGroups;
import io.tooz.spi.DriverLocks;
import io.tooz.spi.LockId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The group operations of a coordinator: each runs on its ordered executor and talks to the groups facet. */
final class GroupOperations {
    private final DefaultCoordinator coordinator;

    GroupOperations(DefaultCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    CoordFuture<Void> createGroup(String groupId) {
        return coordinator.submit("create group " + groupId, () -> {
            coordinator.groupsFacet().createGroup(coordinator.group(groupId));
            return null;
        });
    }

    /**
     * Deletes the group unless it has members or a leader. ZooKeeper keeps the election under the group's node, so it
     * cannot delete the group while candidates queue there; the other backends keep it apart, and the leader check
     * here gives them the same rule (a candidate's queue entry without a leader is a moment of hand-over).
     */
    CoordFuture<Void> deleteGroup(String groupId) {
        return coordinator.submit("delete group " + groupId, () -> {
            String g = coordinator.group(groupId);
            DriverGroups groups = coordinator.groupsFacet();
            DriverLocks locks = coordinator.facets().locks();
            Optional<String> leader = locks == null ? Optional.empty() : locks.holder(LockId.leader(g));
            if (leader.isPresent()) {
                Set<String> members = groups.getMemberIds(g); // GroupNotCreatedException first
                throw new GroupNotEmptyException(
                        g,
                        "Group " + g + " is not empty: "
                                + (members.isEmpty()
                                        ? "it has no members, but "
                                        : "it has members " + members + " and ")
                                + "member " + leader.get() + " leads it; a group with a leader cannot be deleted:"
                                + " its candidates withdraw with unwatchElectedAsLeader or stop(), then delete it");
            }
            groups.deleteGroup(g);
            return null;
        });
    }

    /** Throws {@link io.tooz.GroupNotCreatedException} if the group does not exist (on the caller's thread). */
    void checkExists(String group) {
        DriverGroups groups = coordinator.facets().groups();
        if (groups != null) {
            groups.getMemberIds(group);
        }
    }

    /** Waits for {@link #checkExists}, ordered after this coordinator's earlier operations. */
    void requireGroup(String group) {
        coordinator
                .submit("check that group " + group + " exists", () -> {
                    checkExists(group);
                    return null;
                })
                .get();
    }

    CoordFuture<Set<String>> getGroups() {
        return coordinator.submit(
                "get groups", () -> Set.copyOf(coordinator.groupsFacet().getGroups()));
    }

    CoordFuture<Void> joinGroup(String groupId, Capabilities capabilities) {
        byte[] caps = capabilities.encode();
        return coordinator.submit("join group " + groupId + " as " + coordinator.memberId(), () -> {
            coordinator.groupsFacet().joinGroup(coordinator.group(groupId), caps);
            coordinator.memberships().joined(groupId, caps);
            return null;
        });
    }

    void joinGroupCreate(String groupId, Capabilities capabilities) {
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

    CoordFuture<Void> leaveGroup(String groupId) {
        return coordinator.submit("leave group " + groupId + " as " + coordinator.memberId(), () -> {
            try {
                coordinator.groupsFacet().leaveGroup(coordinator.group(groupId));
            } finally {
                coordinator.memberships().left(groupId); // asked to leave: never joined again after a lapse
            }
            return null;
        });
    }

    CoordFuture<Set<String>> getMembers(String groupId) {
        return coordinator.submit(
                "get members of " + groupId,
                () -> Set.copyOf(coordinator.groupsFacet().getMemberIds(coordinator.group(groupId))));
    }

    CoordFuture<Capabilities> getMemberCapabilities(String groupId, String member) {
        return coordinator.submit(
                "get capabilities of " + member + " in " + groupId,
                () -> Capabilities.decode(coordinator
                        .groupsFacet()
                        .getMember(coordinator.group(groupId), member)
                        .capabilities()));
    }

    CoordFuture<Map<String, Capabilities>> getMembersWithCapabilities(String groupId) {
        return coordinator.submit("get members with capabilities of " + groupId, () -> {
            Map<String, Capabilities> out = new LinkedHashMap<>();
            coordinator
                    .groupsFacet()
                    .getMembers(coordinator.group(groupId))
                    .forEach((m, r) -> out.put(m, Capabilities.decode(r.capabilities())));
            return java.util.Collections.unmodifiableMap(out);
        });
    }

    CoordFuture<Void> updateCapabilities(String groupId, Capabilities capabilities) {
        byte[] caps = capabilities.encode();
        return coordinator.submit("update capabilities of " + coordinator.memberId() + " in " + groupId, () -> {
            coordinator.groupsFacet().updateCapabilities(coordinator.group(groupId), caps);
            coordinator.memberships().updated(groupId, caps);
            return null;
        });
    }

    CoordFuture<MemberInfo> getMemberInfo(String groupId, String member) {
        return coordinator.submit("get member info of " + member + " in " + groupId, () -> {
            var r = coordinator.groupsFacet().getMember(coordinator.group(groupId), member);
            return new MemberInfo(
                    Capabilities.decode(r.capabilities()),
                    Optional.ofNullable(r.joinedAt()),
                    Optional.ofNullable(r.updatedAt()));
        });
    }
}
