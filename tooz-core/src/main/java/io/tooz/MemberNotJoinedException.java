package io.tooz;

/** The member has not joined the group. */
public class MemberNotJoinedException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;
    private final String memberId;

    /** Creates the exception for a member of a group. */
    public MemberNotJoinedException(String groupId, String memberId) {
        super(String.format("Member %s has not joined group %s", memberId, groupId));
        this.groupId = groupId;
        this.memberId = memberId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }

    /** The member involved. */
    public String memberId() {
        return memberId;
    }
}
