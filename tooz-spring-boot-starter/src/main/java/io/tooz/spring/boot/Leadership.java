package io.tooz.spring.boot;

/**
 * One term of this instance's leadership of a group, given to a {@link WhileLeader} method.
 *
 * <p>Thread-safe.
 */
public final class Leadership {
    private final String group;
    private final long term;
    private final String memberId;
    private volatile boolean held = true;

    Leadership(String group, long term, String memberId) {
        this.group = group;
        this.term = term;
        this.memberId = memberId;
    }

    /** The group led. */
    public String group() {
        return group;
    }

    /**
     * The term: the fencing token of the leader lock, greater than every earlier term of the group by any member (see
     * {@link io.tooz.Coordinator#leadershipTerm}); {@code -1} if the leadership ended before it could be read.
     */
    public long term() {
        return term;
    }

    /** This instance's member id. */
    public String memberId() {
        return memberId;
    }

    /** Whether this term still holds, as far as this instance knows; false from the moment it heard it ended. */
    public boolean isHeld() {
        return held;
    }

    void end() {
        held = false;
    }

    @Override
    public String toString() {
        return "leadership of " + group + " by " + memberId + " (term " + term + (held ? ")" : ", ended)");
    }
}
