package io.tooz.spi;

/** Failure injection a driver offers to tests (the memory driver offers all of it). */
public interface DriverFaults {
    /** Ends this member's session in the backend now, as if it had expired: its memberships and locks go. */
    void expireSession();

    /** Deletes a group and all its members at once, as Python tooz's test helper {@code _destroy_group} does. */
    void destroyGroup(String groupId);
}
