package io.tooz.spi;

import java.util.concurrent.ScheduledExecutorService;

/** What the core gives a driver when creating it. */
public interface DriverContext {
    /** The member id of the coordinator. */
    String memberId();

    /** The parsed URL. */
    ConnectionUrl url();

    /** URL query options merged with builder options (builder wins). */
    DriverOptions options();

    /** A scheduler the driver may use for its own periodic work; shut down by the core after {@link Driver#close()}. */
    ScheduledExecutorService scheduler();

    /** Where the driver reports losses it notices. */
    DriverEvents events();
}
