package io.tooz.internal;

import io.tooz.Capabilities;
import io.tooz.GroupEvent;
import io.tooz.MemberNotJoinedException;
import io.tooz.WatchCallback;
import io.tooz.hashring.HashRing;
import io.tooz.partition.Partitioner;
import io.tooz.partition.ToozHashable;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Python tooz's partitioner: a hash ring over the group's members, weights from capabilities. */
final class PartitionerImpl implements Partitioner {
    private final DefaultCoordinator coordinator;
    private final String group;
    private final int partitions;
    private final HashRing ring;
    private final WatchCallback<GroupEvent.MemberJoined> onJoin = this::onJoin;
    private final WatchCallback<GroupEvent.MemberLeft> onLeave = this::onLeave;

    PartitionerImpl(DefaultCoordinator coordinator, String group, int partitions) {
        this.coordinator = coordinator;
        this.group = group;
        this.partitions = partitions;
        this.ring = new HashRing(partitions);
        coordinator.watchJoinGroup(group, onJoin);
        coordinator.watchLeaveGroup(group, onLeave);
        coordinator.getMembersWithCapabilities(group).get().forEach((m, caps) -> add(m, caps));
    }

    static int weightOf(Capabilities caps) {
        return caps.getLong("weight")
                .map(w -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, w)))
                .orElse(1);
    }

    private synchronized void add(String member, Capabilities caps) {
        if (!ring.nodes().containsKey(member)) {
            ring.addNode(member, weightOf(caps));
        }
    }

    private void onJoin(GroupEvent.MemberJoined e) {
        try {
            add(
                    e.memberId(),
                    coordinator.getMemberCapabilities(group, e.memberId()).get());
        } catch (MemberNotJoinedException gone) {
            // left again before we looked
        }
    }

    private synchronized void onLeave(GroupEvent.MemberLeft e) {
        if (ring.nodes().containsKey(e.memberId())) {
            ring.removeNode(e.memberId());
        }
    }

    static byte[] hashBytes(Object object) {
        if (object instanceof ToozHashable h) {
            return h.toozHash();
        }
        return String.valueOf(object).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String groupId() {
        return group;
    }

    @Override
    public int partitions() {
        return partitions;
    }

    @Override
    public Map<String, Integer> members() {
        return new LinkedHashMap<>(ring.nodes());
    }

    @Override
    public Set<String> membersForObject(Object object, Set<String> ignoreMembers, int replicas) {
        return ring.getNodes(hashBytes(object), ignoreMembers, replicas);
    }

    @Override
    public boolean belongsToSelf(Object object, Set<String> ignoreMembers, int replicas) {
        return belongsToMember(object, coordinator.memberId(), ignoreMembers, replicas);
    }

    @Override
    public void close() {
        try {
            coordinator.unwatchJoinGroup(group, onJoin);
            coordinator.unwatchLeaveGroup(group, onLeave);
        } catch (io.tooz.WatchCallbackNotFoundException e) {
            // already closed, or the coordinator stopped
        }
    }
}
