package io.tooz;

/** The group still has members, so it cannot be deleted. */
public class GroupNotEmptyException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /** Creates the exception for a group. */
    public GroupNotEmptyException(String groupId) {
        super(String.format("Group %s is not empty", groupId));
        this.groupId = groupId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }
}
