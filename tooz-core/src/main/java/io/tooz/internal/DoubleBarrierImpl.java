package io.tooz.internal;

import io.tooz.DoubleBarrier;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import io.tooz.GroupNotEmptyException;
import io.tooz.MemberAlreadyExistsException;
import io.tooz.MemberNotJoinedException;
import java.time.Duration;
import java.util.Set;

/**
 * Members join {@code tooz-dbarrier-<name>}; whoever first sees the full count creates {@code ...-ready}, so a member
 * that looks late still passes after early ones have left. The last to leave removes both groups.
 */
final class DoubleBarrierImpl implements DoubleBarrier {
    static final String PREFIX = "tooz-dbarrier-";
    private final DefaultCoordinator coordinator;
    private final String name;
    private final int count;
    private final String group;
    private final String ready;

    DoubleBarrierImpl(DefaultCoordinator coordinator, String name, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a double barrier needs at least 1 member, got " + count);
        }
        this.coordinator = coordinator;
        this.name = name;
        this.count = count;
        this.group = PREFIX + name;
        this.ready = PREFIX + name + "-ready";
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int memberCount() {
        return count;
    }

    @Override
    public boolean enter(Duration timeout) {
        try {
            coordinator.joinGroupCreate(group);
        } catch (MemberAlreadyExistsException e) {
            // entered already
        }
        return Polling.until(this::isReady, timeout, "double barrier " + name + " to fill");
    }

    private boolean isReady() {
        Set<String> groups = coordinator.getGroups().get();
        if (groups.contains(ready)) {
            return true;
        }
        if (members().size() >= count) {
            try {
                coordinator.createGroup(ready).get();
            } catch (GroupAlreadyExistsException e) {
                // someone else saw it first
            }
            return true;
        }
        return false;
    }

    @Override
    public boolean leave(Duration timeout) {
        try {
            coordinator.leaveGroup(group).get();
        } catch (MemberNotJoinedException | GroupNotCreatedException e) {
            // not entered
        }
        boolean empty = Polling.until(() -> members().isEmpty(), timeout, "double barrier " + name + " to empty");
        if (empty) {
            deleteQuietly(ready);
            deleteQuietly(group);
        }
        return empty;
    }

    private Set<String> members() {
        try {
            return coordinator.getMembers(group).get();
        } catch (GroupNotCreatedException e) {
            return Set.of();
        }
    }

    private void deleteQuietly(String g) {
        try {
            coordinator.deleteGroup(g).get();
        } catch (GroupNotCreatedException | GroupNotEmptyException e) {
            // another member cleaned up, or a new round began
        }
    }
}
