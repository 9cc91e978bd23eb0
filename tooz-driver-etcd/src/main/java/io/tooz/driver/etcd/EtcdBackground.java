package io.tooz.driver.etcd;

import io.etcd.jetcd.Watch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the driver's background work shares: running later on the core's scheduler, closing a jetcd watch. */
final class EtcdBackground {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdBackground.class);

    private EtcdBackground() {}

    /** Runs {@code work} on the driver's scheduler after {@code delayMs}; nothing once the coordinator is stopping. */
    static void later(EtcdDriver driver, Runnable work, long delayMs) {
        try {
            driver.context().scheduler().schedule(work, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the coordinator is stopping: close() revokes the leases and ends the watches
        }
    }

    /** Closes a watch if there is one; a failure to close is logged, not thrown ({@code what} names the watch). */
    static void close(Watch.Watcher watcher, String what) {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the watch of {}: {}", what, e.toString());
            }
        }
    }
}
