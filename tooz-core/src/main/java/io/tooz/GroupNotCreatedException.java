package io.tooz;

/** The group does not exist. Create it with {@link Coordinator#createGroup(String)} or join with {@link Coordinator#joinGroupCreate}. */
public class GroupNotCreatedException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /** Creates the exception for a group. */
    public GroupNotCreatedException(String groupId) {
        super(String.format("Group %s does not exist", groupId));
        this.groupId = groupId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }
}
