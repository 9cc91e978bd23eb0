package io.tooz.spi;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the core gives a driver when creating it. The first three are there from {@link DriverProvider#create}; the
 * rest exist once the coordinator starts (before {@link Driver#start()}) and throw {@link io.tooz.ToozException}
 * before.
 */
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

    /**
     * The groups this member joined through the coordinator and has not left, now, lapsed ones included (the core
     * joins those again): the core alone keeps this list, so a driver never keeps its own. For a heartbeat that
     * refreshes each membership, or to tell a join's own retry from an existing membership. The core leaves them all
     * on stop, before {@link Driver#close()}.
     */
    Set<String> joinedGroups();

    /**
     * The {@link DriverLocks} grants the coordinator holds now (user locks and leaderships, neither released nor lost;
     * read-write lock and semaphore entries are in {@link #heldQueueEntries()}): the core alone
     * tracks them, and passes them to {@link DriverLocks#refresh}; this is for a driver that must find a grant by what
     * its backend reports (a break notice naming a lock value). The core releases them all on stop, before {@link
     * Driver#close()}.
     */
    Collection<DriverLease> heldLeases();

    /**
     * The read-write lock and semaphore entries the coordinator holds now, granted or waiting ({@link
     * DriverLockQueues}; never in {@link #heldLeases()}), for the same use.
     */
    Collection<DriverLease> heldQueueEntries();
}
