package io.tooz.driver.file;

import io.tooz.ToozException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The files of one queue, in its directory: {@code table} (a header with the sequence counter, then one row per
 * entry slot: {@link QueueRows}), {@code lock} (POSIX-locked, behind its in-JVM {@link Gate}, while an entry is made or
 * the queue broken) and {@code row-<k>} (locked by the process whose entry is in row {@code k}, for as long as it
 * lives: {@link EntryRow}). Nobody locks the table itself, so one channel per JVM reads and writes it, kept open for
 * the {@value #CACHED} queues used last (closing a file's channel drops the process's locks on that file: here there
 * are none to drop). The table never shrinks and is never deleted: sequence numbers never repeat.
 */
final class QueueTable {
    private static final int ATTEMPTS = 10;
    private static final int CACHED = 256;
    private static final long MIN_BACKOFF = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long MAX_BACKOFF = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Map<Path, QueueTable> OPEN = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, QueueTable> eldest) {
            if (size() <= CACHED) {
                return false;
            }
            eldest.getValue().closeChannel(); // a user of it meanwhile opens it again
            return true;
        }
    };

    final Path dir;
    final Path file;
    private final Path lockFile;
    private FileChannel channel;
    private boolean evicted;

    private QueueTable(Path dir) {
        this.dir = dir;
        this.file = dir.resolve("table");
        this.lockFile = dir.resolve("lock");
    }

    static QueueTable of(Path dir) {
        synchronized (OPEN) {
            return OPEN.computeIfAbsent(dir, QueueTable::new);
        }
    }

    Path rowFile(int index) {
        return dir.resolve("row-" + index);
    }

    /** The table as read whole: the counter and the rows with an entry. */
    record Snapshot(long counter, QueueRows.Row[] rows) {
        static final Snapshot EMPTY = new Snapshot(0, new QueueRows.Row[0]);

        /** The row at {@code index}, {@code null} if empty or past the end. */
        QueueRows.Row row(int index) {
            return index < rows.length ? rows[index] : null;
        }

        List<QueueRows.Row> entries() {
            List<QueueRows.Row> out = new ArrayList<>();
            for (QueueRows.Row r : rows) {
                if (r != null) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** What runs under the queue's lock. */
    interface Step<T> {
        T run() throws IOException;
    }

    /** Runs {@code step} holding the queue's lock: one thread of this JVM at a time, one process at a time. */
    <T> T locked(Step<T> step) throws IOException {
        Gate gate = Gate.of(lockFile);
        Object me = new Object();
        gate.enter(me, Deadlines.NONE, lockFile);
        try (FileChannel ch = openLock()) {
            lock(ch);
            return step.run(); // the close drops the lock
        } finally {
            gate.leave(me);
        }
    }

    /**
     * Locks the queue's lock file against other processes, trying again with a backoff from a yield to 1 ms (it is
     * held for a few system calls). Not {@code fcntl(F_SETLKW)}: the kernel's deadlock detection counts every thread
     * of a process as one, so two threads waiting for two queues' locks held by two other threads of another process
     * would fail with {@code EDEADLK}.
     */
    private void lock(FileChannel ch) throws IOException {
        long backoff = 0;
        while (ch.tryLock() == null) {
            if (backoff == 0) {
                Thread.yield();
                backoff = MIN_BACKOFF;
            } else {
                LockSupport.parkNanos(backoff);
                if (Thread.currentThread().isInterrupted()) {
                    throw new ToozException("interrupted while waiting for the queue's lock " + lockFile);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF);
            }
        }
    }

    private FileChannel openLock() throws IOException {
        try {
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(dir);
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    /** The whole table, read again while a block is half-written; empty if there is none yet. */
    Snapshot read() throws IOException {
        byte[] b = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            b = readAll();
            if (b == null) {
                return Snapshot.EMPTY;
            }
            Snapshot s = parse(b);
            if (s != null) {
                return s;
            }
            Thread.yield();
        }
        throw corrupt(b);
    }

    private static Snapshot parse(byte[] b) {
        long counter = QueueRows.counter(b);
        if (counter < 0) {
            return null;
        }
        QueueRows.Row[] rows = new QueueRows.Row[QueueRows.rows(b.length)];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = QueueRows.row(b, k);
            if (rows[k] == QueueRows.TORN) {
                return null;
            }
        }
        return new Snapshot(counter, rows);
    }

    /** Row {@code index} alone; {@code null} if empty. */
    QueueRows.Row readRow(int index) throws IOException {
        long at = (1L + index) * QueueRows.SIZE;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ByteBuffer buf = ByteBuffer.allocate(QueueRows.SIZE);
            Integer n = io(ch -> ch.read(buf.clear(), at), false);
            if (n == null || n < QueueRows.SIZE) {
                return null; // past the end (or no table)
            }
            QueueRows.Row r = QueueRows.row(buf.array(), 0, index);
            if (r != QueueRows.TORN) {
                return r;
            }
            Thread.yield();
        }
        throw new IOException("row " + index + " of the queue table " + file + " stays unreadable");
    }

    void writeHeader(long counter) throws IOException {
        write(0, QueueRows.header(counter));
    }

    void writeRow(int index, byte[] row) throws IOException {
        write((1L + index) * QueueRows.SIZE, row);
    }

    void clearRow(int index) throws IOException {
        writeRow(index, QueueRows.blank());
    }

    private void write(long at, byte[] block) throws IOException {
        io(
                ch -> {
                    ByteBuffer buf = ByteBuffer.wrap(block);
                    while (buf.hasRemaining()) { // one pwrite; a loop only for a short write
                        ch.write(buf, at + buf.position());
                    }
                    return buf.position();
                },
                true);
    }

    /**
     * The file's bytes; {@code null} if there is no table. A read shorter than asked is the end of the file (as for
     * any regular file), so one {@code pread} reads a table of up to 8 blocks.
     */
    private byte[] readAll() throws IOException {
        ByteBuffer[] buf = new ByteBuffer[1];
        Integer got = io(
                ch -> {
                    buf[0] = ByteBuffer.allocate(8 * QueueRows.SIZE);
                    while (ch.read(buf[0], buf[0].position()) > 0 && !buf[0].hasRemaining()) {
                        buf[0] = ByteBuffer.allocate(buf[0].capacity() * 2).put(buf[0].flip());
                    }
                    return buf[0].position();
                },
                false);
        return got == null ? null : Arrays.copyOf(buf[0].array(), got);
    }

    /** An operation on the table's channel. */
    private interface ChannelOp<T> {
        T run(FileChannel ch) throws IOException;
    }

    /**
     * Runs {@code op} on the shared channel, opening it (creating the table if {@code create}); {@code null} if there
     * is no table to read. A channel closed under it (by another thread's interrupt, or evicted) is opened again.
     */
    private <T> T io(ChannelOp<T> op, boolean create) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean once;
            FileChannel ch;
            synchronized (this) {
                once = evicted; // no longer cached: nobody would close a channel kept open
                ch = once ? open(create) : channel != null && channel.isOpen() ? channel : (channel = open(create));
            }
            if (ch == null) {
                return null;
            }
            try {
                return op.run(ch);
            } catch (ClosedByInterruptException e) {
                throw e; // this thread was interrupted
            } catch (ClosedChannelException e) {
                if (attempt == 3) {
                    throw e;
                }
            } finally {
                if (once) {
                    ch.close();
                }
            }
        }
    }

    /** Opens the table, creating it if {@code create}; {@code null} if there is none and {@code !create}. */
    private FileChannel open(boolean create) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            if (!create) {
                return null;
            }
            Files.createDirectories(dir);
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    private synchronized void closeChannel() {
        evicted = true;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing is lost: the table has no locks
            }
            channel = null;
        }
    }

    private IOException corrupt(byte[] b) {
        return new IOException("the queue table " + file + " is corrupt ("
                + (b == null ? 0 : b.length) + " bytes; damaged from outside, or by a power failure): if no holder of"
                + " its read-write lock or semaphore is alive, delete its directory " + dir);
    }
}
