package io.tooz.driver.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An entry of a queue made in this JVM: row {@code index} of its {@link QueueTable}, whose file {@code row-<index>}
 * this JVM keeps POSIX-locked, through one channel behind the file's in-JVM {@link Gate}, for as long as the entry
 * lives. A row whose file nobody has locked is an entry whose process died (the OS dropped the lock).
 */
final class EntryRow {
    final QueueTable table;
    final int index;
    final long sequence;
    private final Gate gate;
    private FileChannel channel;
    private boolean held;
    private volatile Runnable onBroken = () -> {};
    private volatile FileNotices.Handle lossWatch;

    private EntryRow(QueueTable table, int index, long sequence) {
        this.table = table;
        this.index = index;
        this.sequence = sequence;
        this.gate = Gate.of(table.rowFile(index));
    }

    /**
     * Locks row {@code index}'s file for an entry with {@code sequence}, under the queue's lock; {@code null} if
     * someone holds it (an entry's holder, a prober, a holder whose entry was broken and who does not know yet).
     */
    static EntryRow claim(QueueTable table, int index, long sequence) throws IOException {
        EntryRow e = new EntryRow(table, index, sequence);
        if (!e.gate.tryEnter(e)) {
            return null;
        }
        Path file = table.rowFile(index);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = ch.tryLock();
            if (lock != null) {
                synchronized (e) {
                    e.channel = ch;
                    e.held = true;
                }
                return e;
            }
        } catch (IOException | RuntimeException ex) {
            ch.close();
            e.gate.leave(e);
            throw ex;
        }
        ch.close();
        e.gate.leave(e);
        return null;
    }

    /** This JVM's entry in row {@code index}, if it holds one there. */
    static EntryRow ours(QueueTable table, int index) {
        return Gate.of(table.rowFile(index)).owner() instanceof EntryRow e && e.isHeld() ? e : null;
    }

    /** What to do with a row found dead, while holding its file's lock. */
    interface IfDead {
        void run() throws IOException;
    }

    /**
     * Whether another process holds row {@code index}'s file, for a row this JVM does not hold; empty if someone of
     * this JVM is at it. If nobody holds it, runs {@code ifDead} holding it.
     */
    static Optional<Boolean> heldElsewhere(QueueTable table, int index, IfDead ifDead) throws IOException {
        Path file = table.rowFile(index);
        Gate gate = Gate.of(file);
        if (!gate.tryEnter(Gate.PROBE)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return Optional.empty();
            }
            if (lock == null) {
                return Optional.of(true);
            }
            ifDead.run();
            return Optional.of(false);
        } catch (NoSuchFileException e) {
            ifDead.run(); // a row with no file was never locked
            return Optional.of(false);
        } finally {
            gate.leave(Gate.PROBE);
        }
    }

    /** Whether the entry {@code sequence} is still in row {@code index} (alive or not). */
    static boolean listed(QueueTable table, int index, long sequence) throws IOException {
        QueueRows.Row r = table.readRow(index);
        return r != null && r.sequence() == sequence;
    }

    /**
     * Whether the entry {@code sequence} is still in row {@code index} and alive; clears it if its process died. An
     * entry being probed by someone else here counts as alive.
     */
    static boolean alive(QueueTable table, int index, long sequence) throws IOException {
        if (!listed(table, index, sequence)) {
            return false;
        }
        EntryRow mine = ours(table, index);
        if (mine != null) {
            return mine.sequence == sequence;
        }
        return heldElsewhere(table, index, () -> clearIfStill(table, index, sequence))
                .orElse(true);
    }

    /** Clears row {@code index} if it still has the entry {@code sequence} (for one who holds the row's lock). */
    static void clearIfStill(QueueTable table, int index, long sequence) throws IOException {
        QueueRows.Row r = table.readRow(index);
        if (r != null && r.sequence() == sequence) {
            table.clearRow(index);
        }
    }

    synchronized boolean isHeld() {
        return held;
    }

    /** Held, and its row still has it (nobody broke it). */
    boolean isStillHeld() throws IOException {
        if (!isHeld()) {
            return false;
        }
        QueueRows.Row r = table.readRow(index);
        return r != null && r.sequence() == sequence;
    }

    void onBroken(Runnable action) {
        onBroken = action;
    }

    void lossWatch(FileNotices.Handle watch) {
        lossWatch = watch;
        if (!isHeld()) {
            watch.close();
        }
    }

    /** Clears its row, then unlocks; {@code false} if no longer held (released, or broken by someone). */
    boolean release() throws IOException {
        if (!end()) {
            return false;
        }
        try {
            QueueRows.Row r = table.readRow(index);
            if (r == null || r.sequence() != sequence) {
                return false; // broken: someone cleared the row (nobody else can fill it while this JVM holds its file)
            }
            table.clearRow(index);
            return true;
        } finally {
            unlock();
        }
    }

    /** Unlocks, leaving the row (as the process's death would: a reader clears it); {@code false} if not held. */
    boolean abandon() throws IOException {
        if (!end()) {
            return false;
        }
        unlock();
        return true;
    }

    /** Breaks this entry from a coordinator of this JVM, telling its holder; {@code false} if no longer held. */
    boolean breakHere() throws IOException {
        if (!release()) {
            return false;
        }
        onBroken.run();
        return true;
    }

    private synchronized boolean end() {
        if (!held) {
            return false;
        }
        held = false;
        return true;
    }

    private void unlock() throws IOException {
        try {
            channel.close(); // drops the record lock
        } finally {
            gate.leave(this);
            FileNotices.Handle w = lossWatch;
            if (w != null) {
                w.close();
            }
            FileNotices.JVM.touched(table.file);
        }
    }
}
