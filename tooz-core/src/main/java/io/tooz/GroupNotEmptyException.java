package io.tooz;

/**
 * The group still has members, or a leader (someone runs for its leadership), so it cannot be deleted. See {@link
 * Coordinator#deleteGroup(String)}.
 */
public class GroupNotEmptyException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /** Creates the exception for a group. */
    public GroupNotEmptyException(String groupId) {
        this(groupId, String.format("Group %s is not empty", groupId));
    }

    /** Creates the exception for a group with a message saying what is in it. */
    public GroupNotEmptyException(String groupId, String message) {
        super(message);
        this.groupId = groupId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }
}
