package io.tooz.driver.zookeeper;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The deadline of one blocking driver call, bound to the calling thread. Whatever the call blocks in (Curator's wait for
 * a connection or its retry sleeps, a synchronous ZooKeeper request queued on a connection that will never answer, a
 * latch), a watchdog thread interrupts it once the deadline has passed, so no call outlives its deadline by more than
 * the watchdog's tick. A deadline may also end early, a given time after the connection was lost (see {@link
 * ZkErrors#call}). Calls nested in a bound call share its deadline. The watchdog's interrupt is cleared when the call
 * ends; an interrupt from anyone else is left alone.
 */
final class ZkDeadline {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final ThreadLocal<ZkDeadline> CURRENT = new ThreadLocal<>();
    private static final Set<ZkDeadline> ACTIVE = ConcurrentHashMap.newKeySet();
    private static final Thread WATCHDOG = watchdog();
    private static volatile boolean idle;

    private final Thread thread;
    private final long at;
    private final ZkLink link;
    private final long outageNanos;
    private boolean ended; // guarded by this
    private boolean expired; // guarded by this

    private ZkDeadline(Thread thread, long at, ZkLink link, long outageNanos) {
        this.thread = thread;
        this.at = at;
        this.link = link;
        this.outageNanos = outageNanos;
    }

    /** Nanoseconds left before the current call's deadline, or {@code otherwise} outside a call. */
    static long remainingNanos(long otherwise) {
        ZkDeadline d = CURRENT.get();
        return d == null ? otherwise : d.leftAt(System.nanoTime());
    }

    /**
     * Starts a deadline on the current thread {@code nanos} from now or, if {@code link} is not null, {@code
     * outageNanos} after its connection was lost, whichever comes first; null if the thread is in a bound call already.
     */
    static ZkDeadline begin(long nanos, ZkLink link, long outageNanos) {
        if (CURRENT.get() != null) {
            return null;
        }
        ZkDeadline d = new ZkDeadline(Thread.currentThread(), System.nanoTime() + nanos, link, outageNanos);
        CURRENT.set(d);
        ACTIVE.add(d);
        if (idle) {
            LockSupport.unpark(WATCHDOG);
        }
        return d;
    }

    /**
     * Ends the call; clears the watchdog's interrupt if there was one.
     *
     * @return whether the deadline passed and the call was interrupted for it
     */
    boolean end() {
        CURRENT.remove();
        ACTIVE.remove(this);
        synchronized (this) {
            ended = true;
            if (expired) {
                Thread.interrupted();
            }
            return expired;
        }
    }

    /** Nanoseconds left at {@code now}: to the deadline, or to the end of the wait for a lost connection if sooner. */
    long leftAt(long now) {
        long left = at - now;
        if (link != null && !link.connected()) {
            left = Math.min(left, link.lostAt() + outageNanos - now);
        }
        return left;
    }

    private void expireIfDue(long now) {
        if (leftAt(now) > 0) {
            return;
        }
        synchronized (this) {
            if (!ended && !expired) {
                expired = true;
                thread.interrupt();
            }
        }
    }

    private static Thread watchdog() {
        Thread t = new Thread(ZkDeadline::watch, "tooz-zookeeper-deadlines");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void watch() {
        while (true) {
            if (ACTIVE.isEmpty()) {
                idle = true;
                if (ACTIVE.isEmpty()) {
                    LockSupport.park();
                }
                idle = false;
                continue;
            }
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            for (ZkDeadline d : ACTIVE) {
                d.expireIfDue(now);
            }
        }
    }
}
