package io.tooz.spi;

/** Failure injection a driver offers to tests (the memory driver offers all of it). */
public interface DriverFaults {
    /** Ends this member's session in the backend now, as if it had expired: its memberships and locks go. */
    void expireSession();
}
