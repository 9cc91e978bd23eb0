package io.tooz.junit;

import io.tooz.spi.Driver;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Ends a ZooKeeper session through the driver's {@code ZooKeeperSessions.expireSession}, found reflectively: the
 * driver is optional for this module (and, lacking a module descriptor, cannot be required by name).
 */
final class ZooKeeperExpiry {
    private static final String SESSIONS = "io.tooz.driver.zookeeper.ZooKeeperSessions";

    private ZooKeeperExpiry() {}

    /** Whether {@code driver} is a ZooKeeper driver. */
    static boolean isZooKeeper(Driver driver) {
        return driver.getClass().getName().startsWith("io.tooz.driver.zookeeper.");
    }

    /**
     * Ends the session of the ZooKeeper {@code driver} at the server.
     *
     * @throws IllegalStateException if the driver's jar has no {@code ZooKeeperSessions}
     */
    static void expire(Driver driver) {
        Method expire;
        try {
            Class<?> sessions = Class.forName(SESSIONS, true, driver.getClass().getClassLoader());
            expire = sessions.getMethod("expireSession", Driver.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "this tooz-driver-zookeeper has no " + SESSIONS + ": use the version of tooz-junit", e);
        }
        try {
            expire.invoke(null, driver);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("expiring a ZooKeeper session failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + SESSIONS + ".expireSession", e);
        }
    }
}
