package io.tooz.driver.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One entry of a queue ({@link FileQueues}) made in this JVM: the file {@code <queue>/<sequence, 20 digits>.<tag>},
 * holding the holder's member id, POSIX-locked through one channel for as long as the entry lives. A file nobody has
 * locked is an entry whose process died. The entries of this JVM are registered by path, so that nobody here opens a
 * second channel on one: closing it would drop the lock, which belongs to the process.
 */
final class EntryFile {
    /** The name an entry is made under, locked, then renamed: only by the holder of the queue's counter lock. */
    static final String NEW = ".new";

    private static final int DIGITS = 20;
    private static final ConcurrentHashMap<Path, EntryFile> LIVE = new ConcurrentHashMap<>();

    final Path path;
    final long sequence;
    final String holder;
    private final FileChannel channel;
    private boolean held = true;
    private volatile Runnable onBroken = () -> {};
    private volatile FileNotices.Handle lossWatch;

    private EntryFile(Path path, long sequence, String holder, FileChannel channel) {
        this.path = path;
        this.sequence = sequence;
        this.holder = holder;
        this.channel = channel;
    }

    /** An entry's file name, as listed. */
    record Name(Path path, long sequence, String tag) {}

    static String fileName(long sequence, String tag) {
        String digits = Long.toString(sequence);
        return "0".repeat(DIGITS - digits.length()) + digits + "." + tag;
    }

    /** The entry a file name stands for; {@code null} for another file (the counter, an entry being made). */
    static Name parse(Path file) {
        String n = file.getFileName().toString();
        if (n.length() <= DIGITS + 1 || n.charAt(DIGITS) != '.') {
            return null;
        }
        long sequence = 0;
        for (int i = 0; i < DIGITS; i++) {
            int d = n.charAt(i) - '0';
            if (d < 0 || d > 9 || sequence > (Long.MAX_VALUE - d) / 10) {
                return null;
            }
            sequence = sequence * 10 + d;
        }
        return new Name(file, sequence, n.substring(DIGITS + 1));
    }

    /**
     * Makes the entry, for the holder of the queue's counter lock: writes and locks {@code .new}, then renames it, so
     * that the entry is never seen unlocked, and entries appear in sequence order.
     */
    static EntryFile create(Path dir, long sequence, String tag, String holder) throws IOException {
        Path made = dir.resolve(NEW);
        Path path = dir.resolve(fileName(sequence, tag));
        FileChannel ch = FileChannel.open(
                made, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        EntryFile e = null;
        try {
            if (ch.tryLock() == null) {
                throw new IOException(made + " is locked by another process without the queue's counter lock");
            }
            ByteBuffer b = ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            e = new EntryFile(path, sequence, holder, ch);
            LIVE.put(path, e);
            Files.move(made, path, StandardCopyOption.ATOMIC_MOVE);
            return e;
        } catch (IOException | RuntimeException ex) {
            if (e != null) {
                LIVE.remove(path, e);
            }
            try {
                ch.close();
                Files.deleteIfExists(made);
            } catch (IOException suppressed) {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }

    /** The entry of this JVM at {@code path}, if any. */
    static EntryFile ours(Path path) {
        return LIVE.get(path);
    }

    /**
     * The holder of a live entry; empty if the file is gone, or if its process died (nobody has it locked): then the
     * file is deleted. Opens the file only if the entry is not this JVM's.
     */
    static Optional<String> liveHolder(Path path) throws IOException {
        EntryFile mine = LIVE.get(path);
        if (mine != null) {
            return Optional.of(mine.holder);
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                return Optional.empty(); // another thread of this JVM found it unlocked and is deleting it
            }
            if (lock != null) {
                Files.deleteIfExists(path); // its process died (the OS dropped the lock)
                return Optional.empty();
            }
            return Optional.of(readAll(ch));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether the entry at {@code path} lives: this JVM's still held, another process's locked. */
    static boolean alive(Path path) throws IOException {
        EntryFile mine = LIVE.get(path);
        return mine != null ? mine.isStillHeld() : liveHolder(path).isPresent();
    }

    private static String readAll(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(1024);
        while (ch.read(b, b.position()) > 0) {
            if (!b.hasRemaining()) {
                b = ByteBuffer.allocate(b.capacity() * 2).put(b.flip());
            }
        }
        return new String(Arrays.copyOf(b.array(), b.position()), StandardCharsets.UTF_8);
    }

    synchronized boolean isHeld() {
        return held;
    }

    /** Held, and its file still there (nobody broke it). */
    boolean isStillHeld() {
        return isHeld() && Files.exists(path);
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

    /** Deletes the file, then unlocks; {@code false} if no longer held (released, or broken by someone). */
    boolean release() throws IOException {
        if (!end()) {
            return false;
        }
        try {
            return Files.deleteIfExists(path);
        } finally {
            unlock();
        }
    }

    /**
     * Unlocks, leaving the file (as the process's death would: the next reader deletes it); {@code false} if no longer
     * held.
     */
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
            LIVE.remove(path, this); // only now may someone of this JVM open the file
            FileNotices.Handle w = lossWatch;
            if (w != null) {
                w.close();
            }
            FileNotices.JVM.touched(path);
        }
    }
}
