package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.GroupEvent.MemberLeft;
import io.tooz.WatchMode;

/**
 * A watcher coordinator in some watch mode and another member that share a new group, with the recorder of the leave
 * events the watcher sees there: the start of every "a member goes and watchers see it leave" test.
 */
record WatchedMember(Coordinator watcher, Coordinator member, String group, EventRecorder<MemberLeft> leaves) {

    /** Starts both coordinators (the watcher in {@code mode}), joins both to a new group, then records leaves. */
    static WatchedMember start(ContractSupport tck, WatchMode mode) {
        Coordinator watcher = tck.newCoordinator(mode);
        Coordinator member = tck.newCoordinator();
        String group = tck.joinedGroup(watcher, member);
        return new WatchedMember(watcher, member, group, tck.recordLeaves(watcher, group));
    }

    /** The leave event of {@link #member} in {@link #group}. */
    MemberLeft memberLeft() {
        return new MemberLeft(group, member.memberId());
    }
}
