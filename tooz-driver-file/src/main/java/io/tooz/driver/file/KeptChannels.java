package io.tooz.driver.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The channels a lock file's {@link Gate} keeps open between holdings, so that an uncontended acquire + release does
 * not open and close the lock file and its fencing counter every time: the lock file's channel (holding no record lock
 * while kept) and, for {@link FileLocks}, the counter's. Only the gate's owner uses or closes them (closing any channel
 * on a file drops every record lock this process has on it), and each use first checks, by the file's identity
 * (its {@code fileKey}: device and inode), that the channel still refers to the file its path names
 * now: a file unlinked by a break, or deleted and created again, is opened anew.
 *
 * <p>At most {@value #MAX_IDLE} gates of the JVM keep channels while nobody holds them; the least recently released
 * are closed first. A driver's stop closes those it kept last.
 */
final class KeptChannels {
    static final int MAX_IDLE = 64;

    /** Gates whose channels are idle, least recently kept first, each with the store that kept them. */
    private static final LinkedHashMap<Gate, Object> IDLE = new LinkedHashMap<>();

    /** An evictor's ownership of a gate, for the time it closes the channels. */
    private static final Object CLOSER = new Object();

    FileChannel lock;
    Object lockKey;
    FileChannel fence;
    Object fenceKey;
    /** The counter {@link #fence} was opened on. */
    Path fencePath;

    /** The lock file's channel if it is open and the identity of its file is known ({@link #lockKey}). */
    FileChannel usableLock() {
        return lock != null && lock.isOpen() && lockKey != null ? lock : null;
    }

    /** The counter's channel if it is open on {@code path}'s file, whose identity is {@code key}. */
    FileChannel fenceOn(Path path, Object key) {
        return fence != null && fence.isOpen() && path.equals(fencePath) && key != null && key.equals(fenceKey)
                ? fence
                : null;
    }

    void closeLock() throws IOException {
        FileChannel ch = lock;
        lock = null;
        lockKey = null;
        if (ch != null) {
            ch.close();
        }
    }

    void closeFence() throws IOException {
        FileChannel ch = fence;
        fence = null;
        fenceKey = null;
        fencePath = null;
        if (ch != null) {
            ch.close();
        }
    }

    /** Closes both; the first failure is thrown after both are closed. */
    void close() throws IOException {
        try {
            closeLock();
        } finally {
            closeFence();
        }
    }

    /** For the owner of {@code gate}: its kept channels, no longer idle ({@code null} if it keeps none). */
    static KeptChannels take(Gate gate) {
        synchronized (IDLE) {
            IDLE.remove(gate);
        }
        return gate.takeKept();
    }

    /**
     * For the owner of {@code gate}, before it leaves: keeps {@code kept} in the gate, idle, on behalf of {@code
     * keeper}; closes the least recently kept of other gates beyond {@value #MAX_IDLE}.
     */
    static void keep(Gate gate, KeptChannels kept, Object keeper) {
        gate.keepKept(kept);
        List<Gate> evicted = new ArrayList<>();
        synchronized (IDLE) {
            IDLE.put(gate, keeper);
            Iterator<Gate> it = IDLE.keySet().iterator();
            for (int excess = IDLE.size() - MAX_IDLE; excess > 0 && it.hasNext(); ) {
                Gate g = it.next();
                if (g != gate && g.tryEnter(CLOSER)) { // owned: in use right now, so not idle; try the next
                    it.remove();
                    evicted.add(g);
                    excess--;
                }
            }
        }
        evicted.forEach(KeptChannels::closeAndLeave);
    }

    /** Closes the idle channels {@code keeper} kept (at its stop), waiting for probes but not for holders. */
    static void closeAll(Object keeper) {
        List<Gate> mine = new ArrayList<>();
        synchronized (IDLE) {
            for (Map.Entry<Gate, Object> e : IDLE.entrySet()) {
                if (e.getValue() == keeper) {
                    mine.add(e.getKey());
                }
            }
        }
        for (Gate g : mine) {
            if (!g.enter(CLOSER, System.nanoTime(), null)) {
                continue; // a holder took them: they are its now
            }
            boolean still;
            synchronized (IDLE) {
                still = IDLE.remove(g, keeper); // not if taken and kept again meanwhile, by another driver
            }
            if (still) {
                closeAndLeave(g);
            } else {
                g.leave(CLOSER);
            }
        }
    }

    /** How many gates keep idle channels (for tests). */
    static int idle() {
        synchronized (IDLE) {
            return IDLE.size();
        }
    }

    private static void closeAndLeave(Gate g) {
        try {
            KeptChannels k = g.takeKept();
            if (k != null) {
                k.close();
            }
        } catch (IOException e) {
            // closing a file channel that held no lock: nothing to undo
        } finally {
            g.leave(CLOSER);
        }
    }
}
