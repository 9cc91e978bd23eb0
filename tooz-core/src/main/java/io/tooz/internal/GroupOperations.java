package io.tooz.internal;

import io.tooz.Capabilities;
import io.tooz.CoordFuture;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.MemberInfo;
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

    CoordFuture<Void> deleteGroup(String groupId) {
        return coordinator.submit("delete group " + groupId, () -> {
            coordinator.groupsFacet().deleteGroup(coordinator.group(groupId));
            return null;
        });
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
                () -> Set.copyOf(coordinator.groupsFacet().getMembers(coordinator.group(groupId))));
    }

    CoordFuture<Capabilities> getMemberCapabilities(String groupId, String member) {
        return coordinator.submit(
                "get capabilities of " + member + " in " + groupId,
                () -> Capabilities.decode(
                        coordinator.groupsFacet().getMemberCapabilities(coordinator.group(groupId), member)));
    }

    CoordFuture<Map<String, Capabilities>> getMembersWithCapabilities(String groupId) {
        return coordinator.submit("get members with capabilities of " + groupId, () -> {
            Map<String, Capabilities> out = new LinkedHashMap<>();
            coordinator
                    .groupsFacet()
                    .getMembersWithCapabilities(coordinator.group(groupId))
                    .forEach((m, c) -> out.put(m, Capabilities.decode(c)));
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
            var r = coordinator.groupsFacet().getMemberRecord(coordinator.group(groupId), member);
            return new MemberInfo(
                    Capabilities.decode(r.capabilities()),
                    Optional.ofNullable(r.joinedAt()),
                    Optional.ofNullable(r.updatedAt()));
        });
    }
}
