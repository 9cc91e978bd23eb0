package io.tooz.driver.file;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.LockId;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared directory: creates it at start, runs operations under the driver lock, and translates I/O errors (the
 * one place this driver does).
 */
final class FileStore {
    /** An operation on the layout that may fail with an I/O error. */
    interface IoAction<T> {
        T run(FileLayout layout) throws IOException;
    }

    private final Path configured;
    private volatile FileLayout layout;

    FileStore(Path configured) {
        this.configured = configured;
    }

    /** Creates the directory, its {@code groups} and {@code tmp}, and checks it is writable. */
    void open() {
        Path dir = configured;
        try {
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            FileLayout l = new FileLayout(real);
            Files.createDirectories(l.groups);
            Files.createDirectories(l.tmp);
            Files.deleteIfExists(Files.createTempFile(l.tmp, "probe", "tooz"));
            layout = l;
        } catch (AccessDeniedException e) {
            throw new ToozConnectionException(
                    "the file driver's directory " + dir + " is not writable (" + e.getFile()
                            + "): give this user write access to it, or use another directory",
                    e);
        } catch (IOException | SecurityException e) {
            throw new ToozConnectionException(
                    "cannot use " + dir + " as the file driver's directory (" + e
                            + "): create it, writable by this user, or use another directory",
                    e);
        }
    }

    FileLayout layout() {
        FileLayout l = layout;
        if (l == null) {
            throw new ToozException("the file driver on " + configured + " is not started");
        }
        return l;
    }

    <T> T io(String what, IoAction<T> action) {
        return io(what, null, action);
    }

    /**
     * As {@link #io(String, IoAction)} on lock {@code id} (or nothing named, if null): "cannot {@code what} 'name'",
     * built only on failure, as locks are the hot path.
     */
    <T> T io(String what, LockId id, IoAction<T> action) {
        FileLayout l = layout();
        try {
            return action.run(l);
        } catch (IOException e) {
            String named = id == null ? what : what + " '" + id.name() + "'";
            throw new ToozException("cannot " + named + " in " + l.root + ": " + e, e);
        }
    }

    /** Closes the lock files' channels kept open between holdings by this store's locks (at the driver's stop). */
    void close() {
        KeptChannels.closeAll(this);
    }

    /** Runs under the POSIX lock on {@code D/.driver_lock} (and its in-JVM gate), as Python tooz does. */
    <T> T locked(String what, IoAction<T> action) {
        return io(what, l -> {
            PosixLock lock = PosixLock.acquire(l.driverLock, this);
            try {
                return action.run(l);
            } finally {
                lock.release();
            }
        });
    }
}
