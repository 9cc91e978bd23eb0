package io.tooz.internal;

import io.tooz.GateBarrier;
import io.tooz.GroupAlreadyExistsException;
import io.tooz.GroupNotCreatedException;
import java.time.Duration;

/** A gate is closed while the group {@code tooz-barrier-<name>} exists. */
final class GateBarrierImpl implements GateBarrier {
    static final String PREFIX = "tooz-barrier-";
    private final DefaultCoordinator coordinator;
    private final String name;
    private final String group;

    GateBarrierImpl(DefaultCoordinator coordinator, String name) {
        this.coordinator = coordinator;
        this.name = name;
        this.group = PREFIX + name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void set() {
        try {
            coordinator.createGroup(group).get();
        } catch (GroupAlreadyExistsException e) {
            // already closed
        }
    }

    @Override
    public void remove() {
        try {
            coordinator.deleteGroup(group).get();
        } catch (GroupNotCreatedException e) {
            // already open
        }
    }

    @Override
    public boolean isSet() {
        return coordinator.getGroups().get().contains(group);
    }

    @Override
    public boolean await(Duration timeout) {
        return Polling.until(() -> !isSet(), timeout, "gate barrier " + name);
    }
}
