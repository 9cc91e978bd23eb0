package io.tooz;

/** A member with this id has already joined the group (perhaps another coordinator with the same member id). */
public class MemberAlreadyExistsException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;
    private final String memberId;

    /** Creates the exception for a member of a group. */
    public MemberAlreadyExistsException(String groupId, String memberId) {
        super(String.format("Member %s has already joined group %s", memberId, groupId));
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
