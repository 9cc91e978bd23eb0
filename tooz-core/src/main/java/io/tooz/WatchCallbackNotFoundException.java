package io.tooz;

/** The callback passed to an {@code unwatch*} method was never registered on that group. */
public class WatchCallbackNotFoundException extends ToozException {
    private static final long serialVersionUID = 1L;
    private final String groupId;

    /** Creates the exception for a group and the callback that was not found. */
    public WatchCallbackNotFoundException(String groupId, Object callback) {
        super("Callback " + callback + " is not registered on group " + groupId);
        this.groupId = groupId;
    }

    /** The group involved. */
    public String groupId() {
        return groupId;
    }
}
