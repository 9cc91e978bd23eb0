package io.tooz;

/** The group already exists. */
public class GroupAlreadyExistsException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /** Creates the exception for a group. */
    public GroupAlreadyExistsException(String groupId) {
        super(String.format("Group %s already exists", groupId));
        this.groupId = groupId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }
}
