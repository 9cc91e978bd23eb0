package io.tooz.driver.file;

import io.tooz.ToozException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * In-JVM exclusion on one lock file. POSIX record locks belong to the process, so two coordinators of one JVM would
 * both "hold" a file; and closing any channel on a file drops every lock the process has on it. So at most one
 * channel per lock file is open in this JVM: whoever owns the gate. Gates are shared by every driver of the JVM,
 * keyed by the file's absolute path (under the root's real path). Between owners, a gate may keep the file's channel
 * open, holding no lock ({@link KeptChannels}).
 */
final class Gate {
    private static final ConcurrentHashMap<Path, Gate> GATES = new ConcurrentHashMap<>();

    /** An owner that only looks (who holds the lock?) and leaves at once: acquirers wait for it even at timeout 0. */
    static final Object PROBE = new Object();

    private Object owner;
    /** The channels kept open for the next owner ({@link KeptChannels}); only the owner touches them. */
    private KeptChannels kept;

    static Gate of(Path file) {
        return GATES.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Gate());
    }

    /**
     * Becomes the owner, waiting until {@code deadline} ({@link System#nanoTime()}; {@link Long#MAX_VALUE}: forever).
     *
     * @return whether it became the owner
     */
    synchronized boolean enter(Object who, long deadline, Path file) {
        try {
            while (owner != null) {
                if (owner == PROBE) {
                    wait(1);
                    continue;
                }
                long left = Deadlines.left(deadline);
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for the lock file " + file, e);
        }
        owner = who;
        return true;
    }

    /** Becomes the owner if nobody is. */
    synchronized boolean tryEnter(Object who) {
        if (owner != null) {
            return false;
        }
        owner = who;
        return true;
    }

    /** Leaves, if {@code who} is the owner; {@code false} otherwise. */
    synchronized boolean leave(Object who) {
        if (owner != who) {
            return false;
        }
        owner = null;
        notifyAll();
        return true;
    }

    /** For the owner: the kept channels, which are then the caller's ({@code null} if none). */
    synchronized KeptChannels takeKept() {
        KeptChannels k = kept;
        kept = null;
        return k;
    }

    /** For the owner, before it leaves: channels for the next owner. */
    synchronized void keepKept(KeptChannels k) {
        kept = k;
    }

    synchronized Object owner() {
        return owner;
    }
}
