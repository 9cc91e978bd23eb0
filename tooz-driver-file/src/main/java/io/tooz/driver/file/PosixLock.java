package io.tooz.driver.file;

import io.tooz.ToozException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A whole-file POSIX record lock ({@code fcntl}, which is what {@link FileChannel#tryLock()} takes on Linux and what
 * Python's {@code fcntl.lockf} takes, so the two exclude each other) held behind the file's in-JVM {@link Gate}.
 * Files have no notifications: a contender in another process polls with a backoff from 1 to 50 ms; contenders in
 * this JVM wait on the gate and are woken at once. Grants and releases are passed on to {@link FileNotices}.
 *
 * <p>A lock file may be replaced (a break unlinks it): a holding counts only while the path still names the inode
 * that is locked. The file's channel is not closed at release but kept in the gate for the next owner ({@link
 * KeptChannels}), which checks the file's identity before trusting it.
 */
final class PosixLock {
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_BACKOFF = TimeUnit.MILLISECONDS.toNanos(50);

    final Path file;
    private final Gate gate;
    private final Object keeper;
    /** The gate's kept channels, this holding's while it owns the gate. */
    private KeptChannels kept;

    private FileLock grant;
    private Object fileKey;
    private boolean held;
    private volatile Runnable onBroken = () -> {};

    private PosixLock(Path file, Object keeper) {
        this.file = file;
        this.gate = Gate.of(file);
        this.keeper = keeper;
    }

    /**
     * Acquires, waiting until {@code deadline}; empty if the time ran out. The lock file's channel is kept open after
     * the release on behalf of {@code keeper} (closed by {@link KeptChannels#closeAll} at its stop).
     */
    static Optional<PosixLock> acquire(Path file, long deadline, Object keeper) throws IOException {
        PosixLock l = new PosixLock(file, keeper);
        if (!l.gate.enter(l, deadline, file)) {
            return Optional.empty();
        }
        KeptChannels k = KeptChannels.take(l.gate);
        l.kept = k != null ? k : new KeptChannels();
        try {
            long backoff = MIN_BACKOFF;
            while (!l.tryOnce()) {
                long left = Deadlines.left(deadline);
                if (left <= 0) {
                    l.leave();
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF);
            }
            FileNotices.JVM.touched(file);
            return Optional.of(l);
        } catch (InterruptedException e) {
            l.leave();
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for the lock file " + file, e);
        } catch (IOException | RuntimeException e) {
            l.kept.close(); // whatever failed, the next owner opens afresh
            l.leave();
            throw e;
        }
    }

    /** Blocks until acquired (for the driver's own {@code .driver_lock}). */
    static PosixLock acquire(Path file, Object keeper) throws IOException {
        return acquire(file, Deadlines.NONE, keeper).orElseThrow();
    }

    /** Keeps the channels for the next owner and leaves the gate. */
    private void leave() {
        KeptChannels.keep(gate, kept, keeper);
        gate.leave(this);
    }

    /** The kept channels, for their holder (the fencing counter's channel is kept there too). */
    KeptChannels kept() {
        return kept;
    }

    /**
     * Whether another process holds {@code file}'s lock, if this JVM has no channel on it ({@code gate} probed).
     * Empty if this JVM holds it or is about to.
     */
    static Optional<Boolean> heldElsewhere(Path file) throws IOException {
        Gate gate = Gate.of(file);
        if (!gate.tryEnter(Gate.PROBE)) {
            return Optional.empty();
        }
        try {
            if (!Files.exists(file)) {
                return Optional.of(false);
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    l.release();
                }
                return Optional.of(l == null);
            } catch (NoSuchFileException e) {
                return Optional.of(false);
            }
        } finally {
            gate.leave(Gate.PROBE);
        }
    }

    /** The holder in this JVM, if one holds the file. */
    static Optional<PosixLock> heldHere(Path file) {
        return Gate.of(file).owner() instanceof PosixLock l && l.isHeld() ? Optional.of(l) : Optional.empty();
    }

    /**
     * One attempt. On the kept channel (the common case): {@code fcntl}, then one {@code stat} to check the path still
     * names its file. Otherwise the file is created if missing and opened, and the channel kept, locked or not.
     */
    private boolean tryOnce() throws IOException {
        FileChannel ch = kept.usableLock();
        if (ch != null) {
            FileLock l = ch.tryLock();
            Object now = keyOf(file);
            if (now != null && now.equals(kept.lockKey)) {
                return l != null && granted(l, now);
            }
            if (l != null) {
                l.release();
            }
        }
        kept.closeLock(); // none, closed, or the path names another file now (broken, or deleted): open that one
        Object before = keyOf(file);
        if (before == null) { // first use, or broken: create it (the existing file is the common case, one stat)
            Files.createDirectories(file.getParent());
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by someone else
            }
            before = keyOf(file);
        }
        ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        kept.lock = ch;
        kept.lockKey = before; // if replaced between the stat and the open, the next check finds it out
        FileLock l = ch.tryLock();
        if (l == null) {
            return false;
        }
        if (before == null || !before.equals(keyOf(file))) { // replaced meanwhile: lock the new file
            l.release();
            kept.closeLock();
            return false;
        }
        return granted(l, before);
    }

    private synchronized boolean granted(FileLock l, Object key) {
        grant = l;
        fileKey = key;
        held = true;
        return true;
    }

    static Object keyOf(Path file) throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    synchronized boolean isHeld() {
        return held;
    }

    /** Held, and the path still names the locked file (nobody broke it by unlinking). */
    boolean isStillHeld() throws IOException {
        Object key;
        synchronized (this) {
            if (!held) {
                return false;
            }
            key = fileKey;
        }
        return Objects.equals(key, keyOf(file));
    }

    /** What to do when someone in this JVM breaks this holding. */
    void onBroken(Runnable action) {
        onBroken = action;
    }

    /** Breaks this holding from another coordinator of this JVM; {@code false} if it was no longer held. */
    boolean breakHere() throws IOException {
        if (!release()) {
            return false;
        }
        onBroken.run();
        return true;
    }

    /** Unlocks and leaves the gate, keeping the channel open for the next owner; {@code false} if no longer held. */
    boolean release() throws IOException {
        synchronized (this) {
            if (!held) {
                return false;
            }
            held = false;
        }
        try {
            grant.release(); // fcntl(F_UNLCK)
        } catch (IOException | RuntimeException e) {
            kept.close(); // closing drops the record lock too
            throw e;
        } finally {
            leave();
            FileNotices.JVM.touched(file);
        }
        return true;
    }
}
