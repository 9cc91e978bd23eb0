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
 * that is locked.
 */
final class PosixLock {
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_BACKOFF = TimeUnit.MILLISECONDS.toNanos(50);

    final Path file;
    private final Gate gate;
    private FileChannel channel;
    private Object fileKey;
    private boolean held;
    private volatile Runnable onBroken = () -> {};

    private PosixLock(Path file) {
        this.file = file;
        this.gate = Gate.of(file);
    }

    /** Acquires, waiting until {@code deadline}; empty if the time ran out. */
    static Optional<PosixLock> acquire(Path file, long deadline) throws IOException {
        PosixLock l = new PosixLock(file);
        if (!l.gate.enter(l, deadline, file)) {
            return Optional.empty();
        }
        try {
            long backoff = MIN_BACKOFF;
            while (!l.tryOnce()) {
                long left = Deadlines.left(deadline);
                if (left <= 0) {
                    l.gate.leave(l);
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
                backoff = Math.min(backoff * 2, MAX_BACKOFF);
            }
            FileNotices.JVM.touched(file);
            return Optional.of(l);
        } catch (InterruptedException e) {
            l.gate.leave(l);
            Thread.currentThread().interrupt();
            throw new ToozException("interrupted while waiting for the lock file " + file, e);
        } catch (IOException | RuntimeException e) {
            l.gate.leave(l);
            throw e;
        }
    }

    /** Blocks until acquired (for the driver's own {@code .driver_lock}). */
    static PosixLock acquire(Path file) throws IOException {
        return acquire(file, Deadlines.NONE).orElseThrow();
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

    private boolean tryOnce() throws IOException {
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
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                ch.close();
                return false;
            }
            if (before == null || !before.equals(keyOf(file))) { // replaced meanwhile: lock the new file
                ch.close();
                return false;
            }
            synchronized (this) {
                channel = ch;
                fileKey = before;
                held = true;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
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

    /** Unlocks and leaves the gate; {@code false} if no longer held. */
    boolean release() throws IOException {
        synchronized (this) {
            if (!held) {
                return false;
            }
            held = false;
        }
        try {
            channel.close(); // drops the record lock
        } finally {
            gate.leave(this);
            FileNotices.JVM.touched(file);
        }
        return true;
    }
}
