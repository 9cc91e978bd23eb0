package io.tooz.tck;

import io.tooz.Coordinator;
import io.tooz.GroupEvent.LeaderElected;

/**
 * Two candidates for the leadership of a new group, each with the recorder of its own elections: the first has been
 * elected, the second runs after it.
 */
record Candidates(
        String group,
        Coordinator first,
        EventRecorder<LeaderElected> firstElected,
        Coordinator second,
        EventRecorder<LeaderElected> secondElected) {}
